// The window's live session (engine::LiveSnapshot) as Prometheus text exposition, for an HTTP
// endpoint scraped while the window is open. Labelled by bench (the host) and source (the
// snapshot's source label), and by state where a figure belongs to the phase in force.
//
// Counters count since the session started and never decrease within it, as Prometheus expects
// of a counter. A new session (the window switched to another fixture or port: the snapshot's
// clock went back, its source changed, or a count that only ever grows shrank) starts them again
// from 0, which Prometheus reads as a counter reset, like a restarted exporter's.
//
// What each family means is in its HELP text, in live_metrics.cpp.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "live_session.h"

namespace metrics {

class LiveMetrics {
public:
    explicit LiveMetrics(std::string bench);

    // The exposition of `snapshot`; call with the snapshots in the order they were taken.
    std::string text(const engine::LiveSnapshot& snapshot);

private:
    bool startsNewSession(const engine::LiveSnapshot& snapshot) const;

    std::string bench_;
    bool seen_ = false;
    std::int64_t last_now_ns_ = 0;
    std::string last_source_;
    std::uint64_t last_latency_count_ = 0;
    // The highest value each counter has shown in this session.
    std::array<std::uint64_t, engine::kOutcomeCount> totals_{};
    std::uint64_t violations_ = 0;
    std::uint64_t ring_overflow_ = 0;
};

}  // namespace metrics
