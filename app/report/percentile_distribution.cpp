#include "percentile_distribution.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>

namespace report {
namespace {

constexpr double kNsPerUs = 1000.0;

void appendf(std::string& out, const char* format, auto... values) {
    char buffer[128];
    std::snprintf(buffer, sizeof buffer, format, values...);
    out += buffer;
}

// The samples at or below `percentile`: at least one, rounded up.
std::uint64_t countAtPercentile(std::uint64_t total, double percentile) {
    const auto count = static_cast<std::uint64_t>(std::ceil(percentile / 100.0 * total - 1e-9));
    return std::max<std::uint64_t>(count, 1);
}

// Ticks get finer each time the distance to 100 % halves: 10 % steps up to 50 %, 5 % to 75 %...
double nextPercentile(double percentile, int ticks_per_half_distance) {
    const auto halvings = static_cast<int>(std::floor(std::log2(100.0 / (100.0 - percentile))));
    return percentile + 100.0 / (ticks_per_half_distance * std::ldexp(1.0, halvings + 1));
}

void appendRow(std::string& out, std::int64_t value_ns, double percentile, std::uint64_t count) {
    appendf(out, "%12.3f %2.12f %10llu", value_ns / kNsPerUs, percentile / 100.0,
            static_cast<unsigned long long>(count));
    if (percentile < 100.0) {
        appendf(out, " %14.2f", 1.0 / (1.0 - percentile / 100.0));
    }
    out += '\n';
}

}  // namespace

std::string percentileDistribution(const engine::LatencyHistogram& histogram,
                                   int ticks_per_half_distance) {
    return percentileDistribution(archive::HistogramBuckets::of(histogram),
                                  ticks_per_half_distance);
}

std::string percentileDistribution(const archive::HistogramBuckets& histogram,
                                   int ticks_per_half_distance) {
    std::string out = "       Value     Percentile TotalCount 1/(1-Percentile)\n\n";
    const std::uint64_t total = histogram.count;
    double percentile = 0;
    std::uint64_t running = 0;
    bool done = total == 0;
    for (const auto& [index, count] : histogram.buckets) {
        running += count;
        const std::int64_t value = std::clamp(engine::LatencyHistogram::highestOf(index),
                                              histogram.min_ns, histogram.max_ns);
        while (!done && running >= countAtPercentile(total, percentile)) {
            appendRow(out, value, percentile, running);
            if (running == total) {  // the last value: the distribution ends at 100 %
                appendRow(out, value, 100.0, running);
                done = true;
            }
            percentile = nextPercentile(percentile, ticks_per_half_distance);
        }
    }
    // HdrHistogram's standard deviation is the population's (over n, not n - 1).
    const double n = static_cast<double>(total);
    const double stdev = total > 1 ? histogram.stdev_ns * std::sqrt((n - 1) / n) : 0.0;
    appendf(out, "#[Mean    = %12.3f, StdDeviation   = %12.3f]\n", histogram.mean_ns / kNsPerUs,
            stdev / kNsPerUs);
    appendf(out, "#[Max     = %12.3f, Total count    = %12llu]\n", histogram.max_ns / kNsPerUs,
            static_cast<unsigned long long>(total));
    appendf(out, "#[Buckets = %12lld, SubBuckets     = %12lld]\n",
            static_cast<long long>(engine::LatencyHistogram::kBuckets /
                                   engine::LatencyHistogram::kSubBuckets),
            static_cast<long long>(engine::LatencyHistogram::kSubBuckets));
    return out;
}

}  // namespace report
