// The run's interrupt latencies as cyclictest's histogram text (`cyclictest -h`, the layout of
// rt-tests' print_hist), so that OSADL's latency-plot scripts and gnuplot read it unchanged: a
// "# Histogram" line, one line per microsecond bucket, then the total, min, avg and max, the
// overflows and the stimulus numbers (cyclictest's cycle numbers) of the first ones. One column,
// as `cyclictest -t1`: every serviced stimulus of the run. Values are whole microseconds,
// truncated, as cyclictest's are.
#pragma once

#include <cstddef>
#include <string>

#include "latency_distribution.h"
#include "sample.h"

namespace report {

class CyclictestHistogram {
public:
    static constexpr std::size_t kDefaultBuckets = archive::MicrosecondHistogram::kDefaultBuckets;
    static constexpr std::size_t kOutliersListed = archive::MicrosecondHistogram::kOverflowsListed;

    explicit CyclictestHistogram(std::size_t buckets_us = kDefaultBuckets);
    // The same histogram again, from what the run history kept of it.
    explicit CyclictestHistogram(archive::MicrosecondHistogram counted);

    // Serviced stimuli with a latency; every other sample is not a latency and is skipped.
    void add(const engine::Sample& sample);
    std::string text() const;
    // What the run history keeps (archive::LatencyDistribution::microseconds).
    const archive::MicrosecondHistogram& counted() const { return counted_; }

private:
    archive::MicrosecondHistogram counted_;
};

}  // namespace report
