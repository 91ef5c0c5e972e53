// A latency histogram as HdrHistogram's percentile distribution text (the `.hgrm` layout of
// outputPercentileDistribution), which HdrHistogram's online plotter and the scripts around it
// read: value, percentile, total count and 1/(1-percentile) per row, percentiles stepping in
// `ticks_per_half_distance` ticks per halving of the distance to 100 %, then the mean, standard
// deviation, max, total count and the histogram's shape. Values in microseconds.
#pragma once

#include <string>

#include "latency_distribution.h"
#include "latency_histogram.h"

namespace report {

std::string percentileDistribution(const engine::LatencyHistogram& histogram,
                                   int ticks_per_half_distance = 5);
// The same from what the run history kept of such a histogram (the same text).
std::string percentileDistribution(const archive::HistogramBuckets& histogram,
                                   int ticks_per_half_distance = 5);

}  // namespace report
