// The USB tests run under umockdev's preload library, which must be in place before the process
// starts: without it, the process re-executes itself with it. Decided by LD_PRELOAD itself, not
// by umockdev_in_mock_environment(), which only says whether a testbed exists yet.
#pragma once

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace usbtest {

inline constexpr const char* kUmockdevPreload = "libumockdev-preload.so.0";

// Returns only when the preload is in place (or the re-execution failed: the tests then fail).
inline void runUnderUmockdevPreload(char** argv) {
    const char* existing = std::getenv("LD_PRELOAD");
    if (existing != nullptr && std::strstr(existing, "libumockdev-preload") != nullptr) {
        return;
    }
    const std::string preload = existing != nullptr && *existing != '\0'
                                    ? std::string(kUmockdevPreload) + ":" + existing
                                    : kUmockdevPreload;
    setenv("LD_PRELOAD", preload.c_str(), 1);
    // Under AddressSanitizer the preload now comes before the ASan runtime, which ASan refuses
    // unless told that this order is intended.
    const char* asan = std::getenv("ASAN_OPTIONS");
    const std::string asan_options = std::string(asan != nullptr ? asan : "") +
                                     (asan != nullptr && *asan != '\0' ? ":" : "") +
                                     "verify_asan_link_order=0";
    setenv("ASAN_OPTIONS", asan_options.c_str(), 1);
    execv("/proc/self/exe", argv);
    std::perror("re-executing under libumockdev-preload");
}

}  // namespace usbtest
