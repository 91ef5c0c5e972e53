#include "cyclictest_histogram.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <utility>

namespace report {
namespace {

void appendf(std::string& out, const char* format, std::uint64_t value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, format, value);
    out += buffer;
}

}  // namespace

CyclictestHistogram::CyclictestHistogram(std::size_t buckets_us) {
    counted_.counts.assign(buckets_us, 0);
}

CyclictestHistogram::CyclictestHistogram(archive::MicrosecondHistogram counted)
    : counted_(std::move(counted)) {}

void CyclictestHistogram::add(const engine::Sample& sample) {
    if (!sample.hasLatency()) {
        return;
    }
    archive::MicrosecondHistogram& c = counted_;
    const std::uint64_t us =
        static_cast<std::uint64_t>(std::max<std::int64_t>(sample.latencyNs(), 0)) / 1000;
    c.min_us = c.samples == 0 ? us : std::min(c.min_us, us);
    c.max_us = std::max(c.max_us, us);
    c.sum_us += us;
    ++c.samples;
    if (us < c.counts.size()) {
        ++c.counts[us];
        return;
    }
    ++c.overflows;
    if (c.overflow_stimuli.size() < kOutliersListed) {
        c.overflow_stimuli.push_back(sample.sequence);
    }
}

std::string CyclictestHistogram::text() const {
    const archive::MicrosecondHistogram& c = counted_;
    std::string out = "# Histogram\n";
    std::uint64_t binned = 0;
    for (std::size_t us = 0; us < c.counts.size(); ++us) {
        appendf(out, "%06" PRIu64, us);
        appendf(out, " %06" PRIu64 "\n", c.counts[us]);
        binned += c.counts[us];
    }
    appendf(out, "# Total: %09" PRIu64 "\n", binned);
    appendf(out, "# Min Latencies: %05" PRIu64 "\n", c.min_us);
    appendf(out, "# Avg Latencies: %05" PRIu64 "\n", c.samples == 0 ? 0 : c.sum_us / c.samples);
    appendf(out, "# Max Latencies: %05" PRIu64 "\n", c.max_us);
    appendf(out, "# Histogram Overflows: %05" PRIu64 "\n", c.overflows);
    out += "# Histogram Overflow at cycle number:\n# Thread 0:";
    for (const std::uint64_t stimulus : c.overflow_stimuli) {
        appendf(out, " %05" PRIu64, stimulus);
    }
    if (c.overflows > c.overflow_stimuli.size()) {
        appendf(out, " # %05" PRIu64 " others", c.overflows - c.overflow_stimuli.size());
    }
    out += '\n';
    return out;
}

}  // namespace report
