#include "cyclictest_histogram.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>

namespace report {
namespace {

void appendf(std::string& out, const char* format, std::uint64_t value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, format, value);
    out += buffer;
}

}  // namespace

CyclictestHistogram::CyclictestHistogram(std::size_t buckets_us) : counts_(buckets_us, 0) {}

void CyclictestHistogram::add(const engine::Sample& sample) {
    if (!sample.hasLatency()) {
        return;
    }
    const std::uint64_t us =
        static_cast<std::uint64_t>(std::max<std::int64_t>(sample.latencyNs(), 0)) / 1000;
    min_us_ = samples_ == 0 ? us : std::min(min_us_, us);
    max_us_ = std::max(max_us_, us);
    sum_us_ += us;
    ++samples_;
    if (us < counts_.size()) {
        ++counts_[us];
        return;
    }
    ++overflows_;
    if (outliers_.size() < kOutliersListed) {
        outliers_.push_back(sample.sequence);
    }
}

std::string CyclictestHistogram::text() const {
    std::string out = "# Histogram\n";
    std::uint64_t binned = 0;
    for (std::size_t us = 0; us < counts_.size(); ++us) {
        appendf(out, "%06" PRIu64, us);
        appendf(out, " %06" PRIu64 "\n", counts_[us]);
        binned += counts_[us];
    }
    appendf(out, "# Total: %09" PRIu64 "\n", binned);
    appendf(out, "# Min Latencies: %05" PRIu64 "\n", min_us_);
    appendf(out, "# Avg Latencies: %05" PRIu64 "\n", samples_ == 0 ? 0 : sum_us_ / samples_);
    appendf(out, "# Max Latencies: %05" PRIu64 "\n", max_us_);
    appendf(out, "# Histogram Overflows: %05" PRIu64 "\n", overflows_);
    out += "# Histogram Overflow at cycle number:\n# Thread 0:";
    for (const std::uint64_t stimulus : outliers_) {
        appendf(out, " %05" PRIu64, stimulus);
    }
    if (overflows_ > outliers_.size()) {
        appendf(out, " # %05" PRIu64 " others", overflows_ - outliers_.size());
    }
    out += '\n';
    return out;
}

}  // namespace report
