#include "latency_histogram.h"

#include <algorithm>
#include <cmath>

namespace engine {

std::int64_t LatencyHistogram::lowestOf(std::size_t bucket) {
    const auto index = static_cast<std::int64_t>(bucket);
    if (index < kSubBuckets) {
        return index;
    }
    const std::int64_t shift = index / kSubBuckets - 1;
    const std::int64_t sub = index % kSubBuckets + kSubBuckets;
    return sub << shift;
}

std::int64_t LatencyHistogram::highestOf(std::size_t bucket) {
    const auto index = static_cast<std::int64_t>(bucket);
    if (index < kSubBuckets) {
        return index;
    }
    const std::int64_t shift = index / kSubBuckets - 1;
    return lowestOf(bucket) + (std::int64_t{1} << shift) - 1;
}

// Means and squared deviations combine as in Chan et al.'s parallel variance.
void LatencyHistogram::merge(const LatencyHistogram& other) {
    if (other.count_ == 0) {
        return;
    }
    const double n_a = static_cast<double>(count_);
    const double n_b = static_cast<double>(other.count_);
    const double delta = other.mean_ - mean_;
    mean_ += delta * n_b / (n_a + n_b);
    m2_ += other.m2_ + delta * delta * n_a * n_b / (n_a + n_b);
    for (std::size_t i = 0; i < kBuckets; ++i) {
        counts_[i] += other.counts_[i];
    }
    count_ += other.count_;
    below_zero_ += other.below_zero_;
    beyond_range_ += other.beyond_range_;
    min_ = std::min(min_, other.min_);
    max_ = std::max(max_, other.max_);
}

std::int64_t LatencyHistogram::valueAtQuantile(double q) const {
    if (count_ == 0) {
        return 0;
    }
    q = std::clamp(q, 0.0, 1.0);
    const auto rank = std::max<std::uint64_t>(
        1, static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(count_))));
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < kBuckets; ++i) {
        seen += counts_[i];
        if (seen >= rank) {
            const std::int64_t middle = lowestOf(i) + (highestOf(i) - lowestOf(i)) / 2;
            return std::clamp(middle, min_, max_);
        }
    }
    return max_;
}

LatencySummary LatencyHistogram::summary() const {
    LatencySummary s;
    s.count = count_;
    if (count_ == 0) {
        return s;
    }
    const double n = static_cast<double>(count_);
    s.min = min_;
    s.max = max_;
    s.mean = mean_;
    s.stdev = count_ > 1 ? std::sqrt(m2_ / (n - 1)) : 0.0;
    s.p50 = valueAtQuantile(0.50);
    s.p90 = valueAtQuantile(0.90);
    s.p99 = valueAtQuantile(0.99);
    s.p999 = valueAtQuantile(0.999);
    s.p9999 = valueAtQuantile(0.9999);
    return s;
}

}  // namespace engine
