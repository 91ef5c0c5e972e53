// The USB tests run under umockdev's preload library, which must be in place before the process
// starts: without it, this main re-executes itself with it. Decided by LD_PRELOAD itself, not by
// umockdev_in_mock_environment(), which only says whether a testbed exists yet.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <string>

namespace {

constexpr const char* kPreload = "libumockdev-preload.so.0";

bool preloaded() {
    const char* preload = std::getenv("LD_PRELOAD");
    return preload != nullptr && std::strstr(preload, "libumockdev-preload") != nullptr;
}

}  // namespace

int main(int argc, char** argv) {
    if (!preloaded()) {
        const char* existing = std::getenv("LD_PRELOAD");
        const std::string preload = existing != nullptr && *existing != '\0'
                                        ? std::string(kPreload) + ":" + existing
                                        : kPreload;
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
        return 1;
    }
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
