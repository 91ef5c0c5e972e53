// A run as Prometheus text exposition (what node_exporter's textfile collector reads): per phase
// the interrupt latency as a histogram in seconds (cumulative `_bucket{le}`, `_sum`, `_count`),
// its largest value as a gauge and the stimuli by class, whether the source is a software model,
// and whether the run was valid; labelled by bench (the host), source, scenario and phase. The
// buckets are counted from the samples themselves, so each `le` is exact. The format's rules and
// the bucket bounds are app/metrics' (exposition.h, latency_buckets.h), shared with the live
// endpoint.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "latency_buckets.h"
#include "run_result.h"
#include "sample.h"

namespace report {

class RunMetrics {
public:
    static constexpr auto kBucketBounds = metrics::LatencyBuckets::kBounds;

    explicit RunMetrics(std::size_t phases);

    // Engine thread (RunOptions::on_sample): serviced latencies into the phase's histogram, every
    // stimulus into its phase's count by class.
    void add(const engine::Sample& sample);

    // The finished run: the stimuli by class as the result accounts for them (the stimuli booked
    // lost at the end included), the stimuli that left late, and isrbench_run_valid.
    std::string text(const engine::RunResult& result) const;

    // While the run goes on (an HTTP endpoint, once a second from RunOptions::on_second, on the
    // engine thread like add()): the stimuli by class as accounted so far — those lost are only
    // known at the end — and no lateness or isrbench_run_valid, which only the end has.
    std::string progressText(const engine::RunMetadata& meta,
                             const std::vector<engine::Phase>& phases) const;

private:
    using Outcomes = std::array<std::uint64_t, engine::kOutcomeCount>;
    std::string write(const engine::RunMetadata& meta, const std::vector<std::string>& phase_names,
                      const std::vector<Outcomes>& stimuli,
                      const engine::RunResult* finished) const;

    std::vector<metrics::LatencyBuckets> phases_;
    std::vector<Outcomes> outcomes_;  // per phase, from the samples so far
};

}  // namespace report
