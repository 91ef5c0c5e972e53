#pragma once

#include <time.h>

#include <cstdint>

namespace hwbridge {

// Host CLOCK_MONOTONIC in nanoseconds: the one clock every host-side timestamp uses (the driver,
// the fixtures and transports, the engine). Here, below all of them.
inline std::int64_t monotonicNowNs() noexcept {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

}  // namespace hwbridge
