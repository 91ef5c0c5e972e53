// The run's interrupt latencies as cyclictest's histogram text (`cyclictest -h`, the layout of
// rt-tests' print_hist), so that OSADL's latency-plot scripts and gnuplot read it unchanged: a
// "# Histogram" line, one line per microsecond bucket, then the total, min, avg and max, the
// overflows and the stimulus numbers (cyclictest's cycle numbers) of the first ones. One column,
// as `cyclictest -t1`: every serviced stimulus of the run. Values are whole microseconds,
// truncated, as cyclictest's are.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "sample.h"

namespace report {

class CyclictestHistogram {
public:
    static constexpr std::size_t kDefaultBuckets = 1000;  // 0 .. 999 us, as `-h 1000`
    static constexpr std::size_t kOutliersListed = 1000;  // later overflows are only counted

    explicit CyclictestHistogram(std::size_t buckets_us = kDefaultBuckets);

    // Serviced stimuli with a latency; every other sample is not a latency and is skipped.
    void add(const engine::Sample& sample);
    std::string text() const;

private:
    std::vector<std::uint64_t> counts_;
    std::uint64_t samples_ = 0;
    std::uint64_t overflows_ = 0;
    std::uint64_t min_us_ = 0;
    std::uint64_t max_us_ = 0;
    std::uint64_t sum_us_ = 0;
    std::vector<std::uint64_t> outliers_;  // stimulus numbers of the first overflows
};

}  // namespace report
