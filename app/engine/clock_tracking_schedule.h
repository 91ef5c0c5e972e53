// When a run or a live session re-synchronises a fixture's clock (RunBackend::trackClock): often
// at first, while no drift can be fitted yet and the mapping's bound grows by the crystal's whole
// tolerance (100 ppm: 25 us after 250 ms), then every 250 ms. The first rounds 25, 50, 100 and
// 200 ms after the start let a fixture with short round trips fit its drift within 50 ms.
#pragma once

#include <algorithm>
#include <cstdint>

namespace engine {

class ClockTrackingSchedule {
public:
    static constexpr std::int64_t kFirstNs = 25'000'000;
    static constexpr std::int64_t kSteadyNs = 250'000'000;

    explicit ClockTrackingSchedule(std::int64_t start_ns) : next_ns_(start_ns + kFirstNs) {}

    // True when a round is due at `now_ns` (then the next one is scheduled).
    bool due(std::int64_t now_ns) {
        if (now_ns < next_ns_) {
            return false;
        }
        next_ns_ = now_ns + interval_ns_;
        interval_ns_ = std::min(interval_ns_ * 2, kSteadyNs);
        return true;
    }

private:
    std::int64_t next_ns_;
    std::int64_t interval_ns_ = kFirstNs;
};

}  // namespace engine
