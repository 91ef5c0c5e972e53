// A log-linear (HDR-style) histogram of nanosecond values: fixed memory, exact below 128 ns, and
// above that 128 linear sub-buckets per power of two, so a reported percentile is within 0.4 %
// of the true sample (half a sub-bucket). Count, min, max and mean are exact. Mergeable, so that
// per-phase histograms add up to the run's.
#pragma once

#include <array>
#include <cstdint>
#include <limits>

namespace engine {

struct LatencySummary {
    std::uint64_t count = 0;
    std::int64_t min = 0;
    double mean = 0;
    double stdev = 0;
    std::int64_t p50 = 0;
    std::int64_t p90 = 0;
    std::int64_t p99 = 0;
    std::int64_t p999 = 0;
    std::int64_t p9999 = 0;
    std::int64_t max = 0;
};

class LatencyHistogram {
public:
    static constexpr int kSubBucketBits = 7;
    static constexpr std::int64_t kSubBuckets = std::int64_t{1} << kSubBucketBits;
    static constexpr int kTopBit = 40;  // values up to 2^41 ns (about 36 minutes) are resolved
    static constexpr std::size_t kBuckets =
        static_cast<std::size_t>(kSubBuckets) * (kTopBit - kSubBucketBits + 2);
    static constexpr std::int64_t kMaxResolved = (std::int64_t{1} << (kTopBit + 1)) - 1;

    // Negative values (a clock mapping off by more than the latency) and values beyond the
    // resolved range are counted apart and clamped, never dropped.
    void record(std::int64_t value_ns) {
        if (value_ns < 0) {
            ++below_zero_;
            value_ns = 0;
        } else if (value_ns > kMaxResolved) {
            ++beyond_range_;
            value_ns = kMaxResolved;
        }
        ++counts_[bucketOf(value_ns)];
        ++count_;
        min_ = value_ns < min_ ? value_ns : min_;
        max_ = value_ns > max_ ? value_ns : max_;
        // Welford: a sum of squares would cancel catastrophically for large, steady latencies.
        const double x = static_cast<double>(value_ns);
        const double delta = x - mean_;
        mean_ += delta / static_cast<double>(count_);
        m2_ += delta * (x - mean_);
    }

    void merge(const LatencyHistogram& other);
    void clear() { *this = LatencyHistogram{}; }

    std::uint64_t count() const { return count_; }
    std::uint64_t belowZero() const { return below_zero_; }
    std::uint64_t beyondRange() const { return beyond_range_; }
    // The value at quantile q in [0, 1]: the middle of the bucket holding the ceil(q·count)-th
    // smallest sample, clamped to [min, max]. 0 when empty.
    std::int64_t valueAtQuantile(double q) const;
    LatencySummary summary() const;

    // Buckets with samples, in order, for reports: [low, high] and the count.
    struct Bucket {
        std::int64_t low;
        std::int64_t high;
        std::uint64_t count;
    };
    template <typename Visit>
    void forEachBucket(Visit visit) const {
        for (std::size_t i = 0; i < kBuckets; ++i) {
            if (counts_[i] != 0) {
                visit(Bucket{lowestOf(i), highestOf(i), counts_[i]});
            }
        }
    }

    static std::size_t bucketOf(std::int64_t value) {
        if (value < kSubBuckets) {
            return static_cast<std::size_t>(value);
        }
        const int top = 63 - __builtin_clzll(static_cast<unsigned long long>(value));
        const int shift = top - kSubBucketBits;
        const std::int64_t sub = value >> shift;  // in [kSubBuckets, 2·kSubBuckets)
        return static_cast<std::size_t>(kSubBuckets * (shift + 1) + (sub - kSubBuckets));
    }
    static std::int64_t lowestOf(std::size_t bucket);
    static std::int64_t highestOf(std::size_t bucket);

private:
    std::array<std::uint64_t, kBuckets> counts_{};
    std::uint64_t count_ = 0;
    std::uint64_t below_zero_ = 0;
    std::uint64_t beyond_range_ = 0;
    std::int64_t min_ = std::numeric_limits<std::int64_t>::max();
    std::int64_t max_ = std::numeric_limits<std::int64_t>::min();
    double mean_ = 0;
    double m2_ = 0;  // sum of squared deviations from the mean
};

}  // namespace engine
