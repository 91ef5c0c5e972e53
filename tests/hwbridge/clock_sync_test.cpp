// Clock synchronisation on synthetic round trips with a known truth.
#include "clock_sync.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
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

// A run of 60 s against a fixture whose crystal gains 50 ppm (3 ms over the run), on simulated
// time: 16 round trips to start, 4 more every 250 ms as a run takes them, round trips of 20 to
// 250 us as on a busy USB bus. Every edge (one a millisecond) is mapped with the fit in force
// when it arrives and must land within the bound that fit gives it; the bound stays tight
// because the drift is fitted over the run, where a fit from the first 16 round trips alone
// would have to allow the crystal's whole tolerance (6 ms by the end).
TEST(ClockSync, AFiftyPpmFixtureTrackedForSixtySecondsKeepsEveryEdgeWithinItsBound) {
    constexpr double kDrift = 50e-6;
    constexpr double kOffset = 7.5e11;
    std::mt19937_64 random(60);
    std::uniform_int_distribution<std::int64_t> rtt(20'000, 250'000);
    std::uniform_real_distribution<double> where(0.0, 1.0);
    const auto fixture_at = [&](double host_ns) {
        return static_cast<std::uint64_t>(std::llround(kOffset + host_ns * (1 + kDrift)));
    };
    ClockSync sync;
    std::int64_t host = 1'000'000'000;
    const auto round_trips = [&](int count) {
        for (int i = 0; i < count; ++i) {
            const std::int64_t h0 = host;
            const std::int64_t h1 = h0 + rtt(random);
            const double latched =
                static_cast<double>(h0) + where(random) * static_cast<double>(h1 - h0);
            sync.add({h0, fixture_at(latched), h1});
            host = h1 + 1'000;
        }
    };
    round_trips(16);
    hwbridge::ClockEstimate fit = sync.estimate();
    const hwbridge::ClockEstimate first_fit = fit;
    const std::int64_t end = host + 60'000'000'000LL;
    std::int64_t next_round = host + 250'000'000;
    std::uint64_t edges = 0, outside = 0;
    double worst_bound = 0, worst_error = 0;
    for (std::int64_t edge = host; edge < end; edge += 1'000'000) {
        if (edge >= next_round) {
            host = edge;
            round_trips(4);
            fit = sync.estimate();
            next_round += 250'000'000;
        }
        const std::int64_t mapped = fit.toHost(fixture_at(static_cast<double>(edge)));
        const double error = static_cast<double>(std::llabs(mapped - edge));
        const double bound = fit.errorBoundAt(mapped);
        ++edges;
        outside += error > bound ? 1 : 0;
        worst_bound = std::max(worst_bound, bound);
        worst_error = std::max(worst_error, error);
    }
    std::printf(
        "60 s at 50 ppm: worst error %.1f us, worst bound %.1f us, final bound %.1f us, "
        "drift %.3f +- %.3f ppm; one fit from the start: off by %.1f us at the end\n",
        worst_error / 1e3, worst_bound / 1e3, fit.errorBoundAt(end) / 1e3, fit.drift * 1e6,
        fit.drift_bound * 1e6,
        static_cast<double>(
            std::llabs(first_fit.toHost(fixture_at(static_cast<double>(end))) - end)) /
            1e3);
    EXPECT_EQ(edges, 60'000u);
    EXPECT_EQ(outside, 0u) << "worst error " << worst_error << " ns, worst bound " << worst_bound;
    EXPECT_NEAR(fit.drift, kDrift, fit.drift_bound);
    EXPECT_LT(fit.drift_bound, 5e-6);
    // The bound is widest in the first second, before the drift can be fitted (the crystal's
    // tolerance, 100 ppm a second); tracked, it never reaches a fit's bound a minute on.
    EXPECT_LT(worst_bound, 400'000.0);
    EXPECT_GT(first_fit.errorBoundAt(end), 6'000'000.0);
    const std::int64_t last_mapped = first_fit.toHost(fixture_at(static_cast<double>(end)));
    EXPECT_GT(std::llabs(last_mapped - end), 2'900'000);  // what tracking saved: 3 ms of drift
}

TEST(ClockSync, NoSamplesNoEstimateAndBackwardsSamplesAreRefused) {
    ClockSync sync;
    EXPECT_FALSE(sync.estimate().valid);
    sync.add({100, 5, 50});  // after before before: impossible, refused
    EXPECT_EQ(sync.size(), 0u);
}

}  // namespace
