#include "latency_histogram.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

namespace {

using engine::LatencyHistogram;

std::int64_t exactQuantile(std::vector<std::int64_t> sorted, double q) {
    const auto rank = std::max<std::size_t>(
        1, static_cast<std::size_t>(std::ceil(q * static_cast<double>(sorted.size()))));
    return sorted[rank - 1];
}

void expectWithinOnePercent(const LatencyHistogram& histogram, std::vector<std::int64_t> samples) {
    std::sort(samples.begin(), samples.end());
    for (const double q : {0.0, 0.01, 0.25, 0.5, 0.9, 0.99, 0.999, 0.9999, 1.0}) {
        const auto exact = static_cast<double>(exactQuantile(samples, q));
        const auto estimate = static_cast<double>(histogram.valueAtQuantile(q));
        EXPECT_LE(std::abs(estimate - exact), 0.01 * exact) << "q=" << q;
    }
}

TEST(LatencyHistogram, EveryValueFallsInABucketThatContainsIt) {
    std::mt19937_64 random(1);
    for (int i = 0; i < 200'000; ++i) {
        // Shifted so that every power of two gets its share of values.
        const auto value =
            static_cast<std::int64_t>(random() % LatencyHistogram::kMaxResolved) >> (random() % 40);
        const auto bucket = LatencyHistogram::bucketOf(value);
        ASSERT_LT(bucket, LatencyHistogram::kBuckets);
        ASSERT_LE(LatencyHistogram::lowestOf(bucket), value);
        ASSERT_GE(LatencyHistogram::highestOf(bucket), value);
    }
    for (const std::int64_t value :
         std::initializer_list<std::int64_t>{0, 1, 127, 128, 129, 255, 256, 1000, 65'537,
                                             1'000'000'007, LatencyHistogram::kMaxResolved}) {
        const auto bucket = LatencyHistogram::bucketOf(value);
        EXPECT_LE(LatencyHistogram::lowestOf(bucket), value);
        EXPECT_GE(LatencyHistogram::highestOf(bucket), value);
        // A bucket is never wider than 1/128 of its lowest value (exact below 128 ns).
        const auto width = LatencyHistogram::highestOf(bucket) - LatencyHistogram::lowestOf(bucket);
        EXPECT_LE(width * 128, std::max<std::int64_t>(LatencyHistogram::lowestOf(bucket), 1));
    }
    // Buckets tile the range: each starts right after the previous one ends.
    for (std::size_t i = 1; i < LatencyHistogram::kBuckets; ++i) {
        ASSERT_EQ(LatencyHistogram::lowestOf(i), LatencyHistogram::highestOf(i - 1) + 1) << i;
    }
}

TEST(LatencyHistogram, PercentilesOfLogNormalLatenciesAreWithinOnePercent) {
    std::mt19937_64 random(7);
    std::lognormal_distribution<double> latency(std::log(5'000.0), 0.8);  // ~5 us, long tail
    LatencyHistogram histogram;
    std::vector<std::int64_t> samples;
    for (int i = 0; i < 300'000; ++i) {
        const auto value = static_cast<std::int64_t>(latency(random));
        samples.push_back(value);
        histogram.record(value);
    }
    expectWithinOnePercent(histogram, samples);
}

TEST(LatencyHistogram, PercentilesOfWideUniformDataAreWithinOnePercent) {
    std::mt19937_64 random(11);
    std::uniform_int_distribution<std::int64_t> latency(200, 50'000'000);
    LatencyHistogram histogram;
    std::vector<std::int64_t> samples;
    for (int i = 0; i < 100'000; ++i) {
        samples.push_back(latency(random));
        histogram.record(samples.back());
    }
    expectWithinOnePercent(histogram, samples);
}

TEST(LatencyHistogram, CountMinMaxMeanAndStdevAreExact) {
    LatencyHistogram histogram;
    for (const std::int64_t value : {1'000'000'000, 1'000'000'010, 1'000'000'020}) {
        histogram.record(value);
    }
    const auto s = histogram.summary();
    EXPECT_EQ(s.count, 3u);
    EXPECT_EQ(s.min, 1'000'000'000);
    EXPECT_EQ(s.max, 1'000'000'020);
    EXPECT_DOUBLE_EQ(s.mean, 1'000'000'010.0);
    EXPECT_NEAR(s.stdev, 10.0, 1e-6);  // no cancellation at a large, steady latency
    EXPECT_LE(std::abs(s.p50 - 1'000'000'010), 1'000'000'010 / 256);
}

TEST(LatencyHistogram, SmallValuesAreExact) {
    LatencyHistogram histogram;
    for (std::int64_t value = 0; value < 128; ++value) {
        histogram.record(value);
    }
    EXPECT_EQ(histogram.valueAtQuantile(0.5), 63);
    EXPECT_EQ(histogram.valueAtQuantile(1.0), 127);
    EXPECT_EQ(histogram.valueAtQuantile(0.0), 0);
}

TEST(LatencyHistogram, NegativeAndHugeValuesAreCountedApartAndClamped) {
    LatencyHistogram histogram;
    histogram.record(-5);
    histogram.record(LatencyHistogram::kMaxResolved + 1000);
    histogram.record(100);
    EXPECT_EQ(histogram.count(), 3u);
    EXPECT_EQ(histogram.belowZero(), 1u);
    EXPECT_EQ(histogram.beyondRange(), 1u);
    EXPECT_EQ(histogram.summary().min, 0);
    EXPECT_EQ(histogram.summary().max, LatencyHistogram::kMaxResolved);
}

TEST(LatencyHistogram, MergedHistogramsEqualOneFedWithEverySample) {
    std::mt19937_64 random(3);
    std::exponential_distribution<double> latency(1.0 / 20'000.0);
    LatencyHistogram first, second, whole;
    for (int i = 0; i < 50'000; ++i) {
        const auto value = static_cast<std::int64_t>(latency(random));
        (i % 3 == 0 ? first : second).record(value);
        whole.record(value);
    }
    first.merge(second);
    const auto merged = first.summary();
    const auto expected = whole.summary();
    EXPECT_EQ(merged.count, expected.count);
    EXPECT_EQ(merged.min, expected.min);
    EXPECT_EQ(merged.max, expected.max);
    EXPECT_NEAR(merged.mean, expected.mean, 1e-6 * expected.mean);
    EXPECT_NEAR(merged.stdev, expected.stdev, 1e-6 * expected.stdev);
    EXPECT_EQ(merged.p50, expected.p50);
    EXPECT_EQ(merged.p99, expected.p99);
    EXPECT_EQ(merged.p9999, expected.p9999);
}

TEST(LatencyHistogram, AnEmptyHistogramSummarisesToZeroes) {
    const auto s = LatencyHistogram{}.summary();
    EXPECT_EQ(s.count, 0u);
    EXPECT_EQ(s.p99, 0);
    EXPECT_EQ(s.max, 0);
}

}  // namespace
