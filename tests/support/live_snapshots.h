// Reading a live session as the window does: counts by outcome, and snapshots polled until a
// condition holds (the engine thread drains every 2 ms; a slow host is waited for, not failed).
#pragma once

#include <chrono>
#include <cstdint>
#include <thread>

#include "live_session.h"

namespace test_support {

inline std::uint64_t count(const std::array<std::uint64_t, engine::kOutcomeCount>& counts,
                           engine::Outcome outcome) {
    return counts[static_cast<std::size_t>(outcome)];
}

// The last snapshot taken: the first for which `done` holds, or the one at `limit`.
template <typename Done>
engine::LiveSnapshot waitFor(const engine::LiveSession& session, Done done,
                             std::chrono::milliseconds limit = std::chrono::seconds(3)) {
    constexpr auto kPoll = std::chrono::milliseconds(10);
    engine::LiveSnapshot snapshot;
    for (auto waited = std::chrono::milliseconds(0); waited <= limit; waited += kPoll) {
        snapshot = session.snapshot(200, 2'000'000'000);
        if (done(snapshot)) {
            break;
        }
        std::this_thread::sleep_for(kPoll);
    }
    return snapshot;
}

}  // namespace test_support
