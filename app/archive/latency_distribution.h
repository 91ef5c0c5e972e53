// A run's serviced latencies as the history keeps them: exactly what the run's histogram.txt
// (cyclictest -h) and latency.hgrm (HdrHistogram) are written from, so that `isrbench history
// --show ID --format cyclictest|hgrm` prints the same text. The writers stay in app/report
// (CyclictestHistogram, percentileDistribution); these are their data.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "latency_histogram.h"

namespace archive {

// cyclictest's histogram: the latencies in whole microseconds, truncated, one bucket per
// microsecond from 0; what falls beyond the last bucket is an overflow, and the first overflows'
// stimulus numbers are listed (cyclictest's cycle numbers). report::CyclictestHistogram counts
// into it and writes it.
struct MicrosecondHistogram {
    static constexpr std::size_t kDefaultBuckets = 1000;   // 0 .. 999 us, as `cyclictest -h 1000`
    static constexpr std::size_t kOverflowsListed = 1000;  // later overflows are only counted

    std::vector<std::uint64_t> counts = std::vector<std::uint64_t>(kDefaultBuckets, 0);
    std::uint64_t samples = 0;  // binned and overflowed
    std::uint64_t overflows = 0;
    std::uint64_t min_us = 0;
    std::uint64_t max_us = 0;
    std::uint64_t sum_us = 0;  // of the truncated values, as cyclictest's average is
    std::vector<std::uint64_t> overflow_stimuli;  // the first kOverflowsListed overflows

    bool operator==(const MicrosecondHistogram&) const = default;
};

// engine::LatencyHistogram as far as its percentile distribution reads it: the buckets with
// samples (by LatencyHistogram::bucketOf index, ascending) and its exact count, min, max, mean
// and standard deviation (summary()). report::percentileDistribution writes it.
struct HistogramBuckets {
    std::vector<std::pair<std::size_t, std::uint64_t>> buckets;  // index, count (> 0)
    std::uint64_t count = 0;
    std::int64_t min_ns = 0;
    std::int64_t max_ns = 0;
    double mean_ns = 0;
    double stdev_ns = 0;  // LatencySummary::stdev (over n - 1)

    static HistogramBuckets of(const engine::LatencyHistogram& histogram);
    bool operator==(const HistogramBuckets&) const = default;
};

// Both, for one run: every serviced stimulus of the run (all phases).
struct LatencyDistribution {
    HistogramBuckets histogram;         // latency.hgrm
    MicrosecondHistogram microseconds;  // histogram.txt
    // True when written as the run finished; false when it is the run as of its last recorded
    // second (a run killed, or still going).
    bool complete = false;

    bool operator==(const LatencyDistribution&) const = default;
};

// The history's text form of the lists above (readable with the sqlite3 shell): "index:count"
// pairs, and numbers, separated by single spaces. The readers throw std::invalid_argument
// saying what is wrong; what they return is in order but not otherwise checked.
std::string pairsText(const std::vector<std::pair<std::size_t, std::uint64_t>>& pairs);
std::vector<std::pair<std::size_t, std::uint64_t>> pairsFromText(const std::string& text);
std::string numbersText(const std::vector<std::uint64_t>& numbers);
std::vector<std::uint64_t> numbersFromText(const std::string& text);

}  // namespace archive
