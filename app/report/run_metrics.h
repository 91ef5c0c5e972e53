// A run as Prometheus text exposition (what node_exporter's textfile collector reads): per phase
// the interrupt latency as a histogram in seconds (cumulative `_bucket{le}`, `_sum`, `_count`),
// its largest value as a gauge and the stimuli by class, and whether the run was valid;
// labelled by bench (the host), source, scenario and phase. The buckets are counted from the
// samples themselves, so each `le` is exact.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "run_result.h"
#include "sample.h"

namespace report {

class RunMetrics {
public:
    // Upper bounds of the latency buckets, in seconds: 1 us to 100 ms in 1-2.5-5 steps.
    static constexpr std::array<double, 16> kBucketBounds = {1e-6, 2.5e-6, 5e-6, 1e-5, 2.5e-5, 5e-5,
                                                             1e-4, 2.5e-4, 5e-4, 1e-3, 2.5e-3, 5e-3,
                                                             1e-2, 2.5e-2, 5e-2, 1e-1};

    explicit RunMetrics(std::size_t phases);

    void add(const engine::Sample& sample);  // serviced latencies; the rest is counted by class
    std::string text(const engine::RunResult& result) const;

private:
    struct PhaseLatency {
        std::array<std::uint64_t, kBucketBounds.size()> at_or_below{};
        std::uint64_t count = 0;
        double sum_seconds = 0;
        std::int64_t max_ns = 0;
    };
    std::vector<PhaseLatency> phases_;
};

}  // namespace report
