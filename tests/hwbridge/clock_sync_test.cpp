// Clock synchronisation on synthetic round trips with a known truth.
#include "clock_sync.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace {

using hwbridge::ClockSample;
using hwbridge::ClockSync;

// A fixture clock f = h + offset + drift * h, sampled by round trips of random length.
ClockSync sampled(double offset, double drift, std::int64_t start, std::int64_t spacing, int count,
                  std::uint64_t seed) {
    std::mt19937_64 random(seed);
    std::uniform_int_distribution<std::int64_t> rtt(2'000, 60'000);
    std::uniform_real_distribution<double> where(0.0, 1.0);
    ClockSync sync;
    for (int i = 0; i < count; ++i) {
        const std::int64_t h0 = start + i * spacing;
        const std::int64_t h1 = h0 + rtt(random);
        const double latched =
            static_cast<double>(h0) + where(random) * static_cast<double>(h1 - h0);
        const auto f = static_cast<std::uint64_t>(latched + offset + drift * latched);
        sync.add({h0, f, h1});
    }
    return sync;
}

TEST(ClockSync, ShortBaselineFitsTheOffsetAndBoundsItsError) {
    const double offset = 5e12;
    const auto estimate = sampled(offset, 0.0, 1'000'000'000, 100'000, 16, 1).estimate();
    ASSERT_TRUE(estimate.valid);
    EXPECT_EQ(estimate.drift, 0.0);  // too short a baseline to tell
    for (std::int64_t h : {1'000'000'000LL, 1'050'000'000LL, 2'000'000'000LL}) {
        const auto f = static_cast<std::uint64_t>(static_cast<double>(h) + offset);
        EXPECT_LE(std::llabs(estimate.toHost(f) - h), std::llround(estimate.error_bound_ns)) << h;
    }
    EXPECT_LT(estimate.error_bound_ns, 60'000);
}

TEST(ClockSync, LongBaselineFitsTheDrift) {
    const double drift = 40e-6;  // a 40 ppm crystal
    const auto estimate = sampled(1e9, drift, 0, 200'000'000, 50, 2).estimate();
    ASSERT_TRUE(estimate.valid);
    EXPECT_NEAR(estimate.drift, drift, 2e-6);
    const std::int64_t h = 5'000'000'000;
    const double latched = static_cast<double>(h);
    const auto f = static_cast<std::uint64_t>(latched + 1e9 + drift * latched);
    EXPECT_LE(std::llabs(estimate.toHost(f) - h), 2 * std::llround(estimate.error_bound_ns));
}

TEST(ClockSync, NoSamplesNoEstimateAndBackwardsSamplesAreRefused) {
    ClockSync sync;
    EXPECT_FALSE(sync.estimate().valid);
    sync.add({100, 5, 50});  // after before before: impossible, refused
    EXPECT_EQ(sync.size(), 0u);
}

}  // namespace
