#pragma once

#include <time.h>

#include <cerrno>
#include <cstdint>

namespace hwbridge {

// `clock`'s time now, in nanoseconds.
inline std::int64_t clockNowNs(clockid_t clock) noexcept {
    timespec ts{};
    clock_gettime(clock, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

// Host CLOCK_MONOTONIC in nanoseconds: the one clock every host-side timestamp uses (the driver,
// the fixtures and transports, the engine). Here, below all of them.
inline std::int64_t monotonicNowNs() noexcept {
    return clockNowNs(CLOCK_MONOTONIC);
}

// The calling thread's CPU time in nanoseconds (CLOCK_THREAD_CPUTIME_ID): beside a stretch of
// monotonic time, what the thread ran of it; the rest it waited (for a CPU, a lock, a sleep).
inline std::int64_t threadCpuNowNs() noexcept {
    return clockNowNs(CLOCK_THREAD_CPUTIME_ID);
}

// Nanoseconds (a time on that clock, or a duration) as the timespec system calls take.
inline timespec timespecOf(std::int64_t ns) noexcept {
    return {static_cast<time_t>(ns / 1'000'000'000), static_cast<long>(ns % 1'000'000'000)};
}

// Sleeps until `t_ns` on that clock (an absolute timer, as cyclictest uses: no drift from the
// time spent between two sleeps). A signal does not cut the sleep short.
inline void sleepUntilNs(std::int64_t t_ns) noexcept {
    const timespec until = timespecOf(t_ns);
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, nullptr) == EINTR) {
    }
}

}  // namespace hwbridge
