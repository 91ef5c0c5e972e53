#pragma once

#include <time.h>

#include <cerrno>
#include <cstdint>

namespace hwbridge {

// Host CLOCK_MONOTONIC in nanoseconds: the one clock every host-side timestamp uses (the driver,
// the fixtures and transports, the engine). Here, below all of them.
inline std::int64_t monotonicNowNs() noexcept {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

// Sleeps until `t_ns` on that clock (an absolute timer, as cyclictest uses: no drift from the
// time spent between two sleeps). A signal does not cut the sleep short.
inline void sleepUntilNs(std::int64_t t_ns) noexcept {
    const timespec until{static_cast<time_t>(t_ns / 1'000'000'000),
                         static_cast<long>(t_ns % 1'000'000'000)};
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, nullptr) == EINTR) {
    }
}

}  // namespace hwbridge
