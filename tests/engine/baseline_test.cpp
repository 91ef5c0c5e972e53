// The regression verdict: each threshold (with the noise model off, so that a limit is exact),
// the noise model and the sampling error turning a slowdown into a warning or a regression, the
// count checks, and the cases that make a comparison invalid or impossible.
#include "baseline.h"

#include <gtest/gtest.h>

namespace {

using engine::Outcome;
using engine::PortState;
using engine::Verdict;

engine::PhaseSummary phase(const std::string& name, PortState state, std::uint64_t serviced,
                           std::int64_t p50, std::int64_t p99, std::int64_t p999,
                           std::int64_t max) {
    engine::PhaseSummary p;
    p.name = name;
    p.state = state;
    if (state == PortState::Active) {
        p.outcomes[static_cast<std::size_t>(Outcome::Serviced)] = serviced;
        p.latency.count = serviced;
        p.latency.p50 = p50;
        p.latency.p90 = p50;  // a flat centre: the median's own sampling error is nil
        p.latency.p99 = p99;
        p.latency.p999 = p999;
        p.latency.p9999 = p999;
        p.latency.max = max;
    } else {
        p.outcomes[static_cast<std::size_t>(
            state == PortState::Inactive ? Outcome::Suppressed : Outcome::Unclaimed)] = serviced;
    }
    return p;
}

// Samples enough that the sampling error of every quantile is nil: the limits are exact.
constexpr std::uint64_t kCountless = 500'000'000'000;

engine::ResultSummary result(std::int64_t p50 = 5000, std::int64_t p99 = 9000,
                             std::int64_t p999 = 20000, std::int64_t max = 50000,
                             std::uint64_t samples = kCountless) {
    engine::ResultSummary r;
    r.phases = {phase("0 disconnected", PortState::Disconnected, 500, 0, 0, 0, 0),
                phase("1 active", PortState::Active, samples, p50, p99, p999, max),
                phase("2 inactive", PortState::Inactive, 500, 0, 0, 0, 0)};
    return r;
}

// The default limits, the max judged too, and no run-to-run noise: every limit is exact.
const engine::Thresholds kThresholds = [] {
    engine::Thresholds t;  // 1.10, 1.25, 1.50
    t.max_ratio = 3.0;
    t.p50_noise = t.p99_noise = t.p999_noise = 0;
    t.p50_noise_us = t.p99_noise_us = t.p999_noise_us = 0;
    return t;
}();

const engine::ComparisonRow* row(const engine::Comparison& c, const std::string& metric) {
    for (const auto& r : c.rows) {
        if (r.phase == "1 active" && r.metric == metric) {
            return &r;
        }
    }
    return nullptr;
}

TEST(Baseline, TheSameFiguresPass) {
    const auto c = engine::compareWithBaseline(result(), result(), kThresholds);
    EXPECT_EQ(c.verdict, Verdict::Pass);
    ASSERT_NE(row(c, "p50"), nullptr);
    EXPECT_DOUBLE_EQ(row(c, "p50")->ratio(), 1.0);
    EXPECT_TRUE(c.reasons.empty());
}

TEST(Baseline, EachLatencyThresholdIsItsOwnLimit) {
    struct Case {
        const char* metric;
        engine::ResultSummary within;
        engine::ResultSummary beyond;
    } cases[] = {
        {"p50", result(5500), result(5600)},                              // 1.10 / 1.12
        {"p99", result(5000, 11250), result(5000, 11300)},                // 1.25 / 1.26
        {"p99.9", result(5000, 9000, 30000), result(5000, 9000, 30100)},  // 1.50 / 1.505
        {"max", result(5000, 9000, 20000, 150000), result(5000, 9000, 20000, 150100)},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.metric);
        const auto ok = engine::compareWithBaseline(c.within, result(), kThresholds);
        EXPECT_EQ(ok.verdict, Verdict::Pass);
        const auto bad = engine::compareWithBaseline(c.beyond, result(), kThresholds);
        EXPECT_EQ(bad.verdict, Verdict::LatencyRegression);
        ASSERT_NE(row(bad, c.metric), nullptr);
        EXPECT_TRUE(row(bad, c.metric)->regressed);
        ASSERT_EQ(bad.reasons.size(), 1u);
        EXPECT_NE(bad.reasons[0].find(c.metric), std::string::npos);
    }
}

TEST(Baseline, ThresholdsFromTheScenarioApply) {
    engine::Thresholds loose;
    loose.p50_ratio = 2.0;
    EXPECT_EQ(engine::compareWithBaseline(result(9000), result(), loose).verdict, Verdict::Pass);
    EXPECT_EQ(engine::compareWithBaseline(result(9000), result(), kThresholds).verdict,
              Verdict::LatencyRegression);
}

TEST(Baseline, FasterIsNeverARegression) {
    EXPECT_EQ(
        engine::compareWithBaseline(result(100, 200, 300, 400), result(), kThresholds).verdict,
        Verdict::Pass);
}

TEST(Baseline, MoreLostStimuliThanTheBaselineIsARegression) {
    auto current = result(5000, 9000, 20000, 50000, 5000);
    current.phases[1].outcomes[static_cast<std::size_t>(Outcome::Lost)] = 25;  // 0.5 %
    const auto c =
        engine::compareWithBaseline(current, result(5000, 9000, 20000, 50000, 5000), kThresholds);
    EXPECT_EQ(c.verdict, Verdict::LatencyRegression);
    ASSERT_NE(row(c, "lost"), nullptr);
    EXPECT_TRUE(row(c, "lost")->regressed);
}

TEST(Baseline, AnInvalidRunIsInvalidWhateverItsLatency) {
    auto current = result();
    current.valid = false;
    current.problems = {"contract: 1 stimuli were handled against the phase in force"};
    EXPECT_EQ(engine::judgeAlone(current).verdict, Verdict::Invalid);
    EXPECT_EQ(engine::compareWithBaseline(current, result(), kThresholds).verdict,
              Verdict::Invalid);
}

TEST(Baseline, ABaselineOfAnotherTimelineOrAnInvalidOneIsBadInput) {
    auto other = result();
    other.phases.pop_back();
    EXPECT_EQ(engine::compareWithBaseline(result(), other, kThresholds).verdict, Verdict::BadInput);
    auto swapped = result();
    std::swap(swapped.phases[1], swapped.phases[2]);
    EXPECT_EQ(engine::compareWithBaseline(result(), swapped, kThresholds).verdict,
              Verdict::BadInput);
    auto invalid = result();
    invalid.valid = false;
    EXPECT_EQ(engine::compareWithBaseline(result(), invalid, kThresholds).verdict,
              Verdict::BadInput);
}

TEST(Baseline, AnActivePhaseWithoutSamplesOnOneSideIsShownNotJudged) {
    auto current = result();
    current.phases[1].latency = {};
    const auto c = engine::compareWithBaseline(current, result(), kThresholds);
    ASSERT_NE(row(c, "p99"), nullptr);
    EXPECT_EQ(row(c, "p99")->note, "no samples in this run");
    EXPECT_FALSE(row(c, "p99")->regressed);
}

TEST(Baseline, TailPercentilesOfFewSamplesAreShownNotJudged) {
    auto few = result(5000, 9000, 90000, 90000);  // p99.9 4.5x the baseline's
    few.phases[1].latency.count = 1500;
    engine::Thresholds without_max = kThresholds;
    without_max.max_ratio.reset();
    const auto c = engine::compareWithBaseline(few, result(), without_max);
    EXPECT_EQ(c.verdict, Verdict::Pass);
    ASSERT_NE(row(c, "p99.9"), nullptr);
    EXPECT_FALSE(row(c, "p99.9")->regressed);
    EXPECT_EQ(row(c, "p99.9")->note, "too few samples (1500 < 5000)");
}

TEST(Baseline, APlannedTimelineIsCheckedAgainstTheBaselineBeforeTheRun) {
    std::string why;
    EXPECT_TRUE(engine::phasesMatch(
        {PortState::Disconnected, PortState::Active, PortState::Inactive}, result(), why));
    EXPECT_FALSE(engine::phasesMatch({PortState::Disconnected, PortState::Active}, result(), why));
    EXPECT_EQ(why, "the baseline has 3 phases, this scenario 2");
    EXPECT_FALSE(engine::phasesMatch(
        {PortState::Disconnected, PortState::Inactive, PortState::Inactive}, result(), why));
}

TEST(Baseline, VerdictsHaveTheDocumentedExitCodes) {
    EXPECT_EQ(engine::exitCodeOf(Verdict::Pass), 0);
    EXPECT_EQ(engine::exitCodeOf(Verdict::Warn), 0);
    EXPECT_EQ(engine::exitCodeOf(Verdict::LatencyRegression), 1);
    EXPECT_EQ(engine::exitCodeOf(Verdict::Invalid), 2);
    EXPECT_EQ(engine::exitCodeOf(Verdict::BadInput), 3);
    EXPECT_EQ(engine::verdictName(Verdict::LatencyRegression), "REGRESSION");
    EXPECT_EQ(engine::verdictName(Verdict::Warn), "WARN");
}

// The default noise model: two identical runs on a busy host move p50 by 10-50 %. Such a
// slowdown is beyond the 1.10x limit but not beyond the noise: a warning, exit 0.
TEST(Baseline, ASlowdownWithinTheHostsNoiseIsAWarningNotARegression) {
    const engine::Thresholds defaults;
    const auto c = engine::compareWithBaseline(result(6500), result(), defaults);  // 1.30x
    EXPECT_EQ(c.verdict, Verdict::Warn);
    ASSERT_NE(row(c, "p50"), nullptr);
    EXPECT_TRUE(row(c, "p50")->warned);
    EXPECT_FALSE(row(c, "p50")->regressed);
    EXPECT_LT(row(c, "p50")->ratio_low, 1.10);
    EXPECT_GT(row(c, "p50")->ratio_high, 1.30);
    ASSERT_EQ(c.reasons.size(), 1u);
    EXPECT_NE(c.reasons[0].find("within this host's run-to-run noise"), std::string::npos)
        << c.reasons[0];
}

// A shift far beyond the noise (a 30 us bus delay on a 10 us median) is called with confidence.
TEST(Baseline, AShiftBeyondTheNoiseIsARegressionWithItsLowerBound) {
    const engine::Thresholds defaults;
    const auto c = engine::compareWithBaseline(result(15000), result(), defaults);  // 3.00x
    EXPECT_EQ(c.verdict, Verdict::LatencyRegression);
    ASSERT_NE(row(c, "p50"), nullptr);
    EXPECT_TRUE(row(c, "p50")->regressed);
    EXPECT_GT(row(c, "p50")->ratio_low, 1.10);
    EXPECT_LT(row(c, "p50")->ratio_low, 3.0);
    EXPECT_NE(c.reasons[0].find("with 99 % confidence"), std::string::npos) << c.reasons[0];
}

// The same ratio is certain with many samples and uncertain with few: the sampling error of a
// quantile comes from its sample count and how spread the distribution is around it.
TEST(Baseline, FewSamplesOfASpreadDistributionWidenTheInterval) {
    engine::Thresholds no_noise = kThresholds;
    auto spread = [](std::uint64_t samples) {
        auto r = result(5000, 20000, 200000, 200000, samples);
        r.phases[1].latency.p90 = 8000;
        return r;
    };
    auto slower = [&](std::uint64_t samples) {
        auto r = spread(samples);
        r.phases[1].latency.p99 = 30000;  // 1.50x of 1.25x
        return r;
    };
    const auto many = engine::compareWithBaseline(slower(1'000'000), spread(1'000'000), no_noise);
    ASSERT_NE(row(many, "p99"), nullptr);
    EXPECT_TRUE(row(many, "p99")->regressed);
    const auto few = engine::compareWithBaseline(slower(600), spread(600), no_noise);
    ASSERT_NE(row(few, "p99"), nullptr);
    EXPECT_TRUE(row(few, "p99")->warned);
    EXPECT_LT(row(few, "p99")->ratio_low, row(many, "p99")->ratio_low);
}

// A tenth of a run's samples delayed by a host stall puts p90 in the tail, far from the median;
// the median's sampling error then comes from its lower half (min..p50, doubled), so a 30 us
// bus delay on a 6 us median is called even from 30 samples. When the lower half is spread too
// (a minimum near 0), those 30 samples cannot place the median well enough: a warning.
TEST(Baseline, AMedianWhoseUpperBracketReachesTheTailIsJudgedByItsLowerHalf) {
    const engine::Thresholds defaults;
    const auto run = [](std::int64_t min, std::int64_t p50, std::int64_t p90) {
        auto r = result(p50, 900'000, 2'000'000, 3'000'000, 30);
        r.phases[1].latency.min = min;
        r.phases[1].latency.p90 = p90;
        return r;
    };
    const auto baseline = run(3'000, 6'000, 9'000);
    const auto stalled =
        engine::compareWithBaseline(run(30'100, 30'800, 665'000), baseline, defaults);
    ASSERT_NE(row(stalled, "p50"), nullptr);
    EXPECT_TRUE(row(stalled, "p50")->regressed);
    const auto spread_low =
        engine::compareWithBaseline(run(100, 30'800, 665'000), baseline, defaults);
    ASSERT_NE(row(spread_low, "p50"), nullptr);
    EXPECT_FALSE(row(spread_low, "p50")->regressed);
    EXPECT_TRUE(row(spread_low, "p50")->warned);
}

// One sample decides the maximum: shown always, judged only with an explicit limit.
TEST(Baseline, TheMaxIsShownButJudgedOnlyWithAnExplicitLimit) {
    const engine::Thresholds defaults;
    const auto shown =
        engine::compareWithBaseline(result(5000, 9000, 20000, 500000), result(), defaults);
    EXPECT_EQ(shown.verdict, Verdict::Pass);
    ASSERT_NE(row(shown, "max"), nullptr);
    EXPECT_FALSE(row(shown, "max")->regressed);
    EXPECT_NE(row(shown, "max")->note.find("not judged"), std::string::npos);
    engine::Thresholds judged = defaults;
    judged.max_ratio = 3.0;
    EXPECT_EQ(
        engine::compareWithBaseline(result(5000, 9000, 20000, 500000), result(), judged).verdict,
        Verdict::LatencyRegression);
}

}  // namespace

namespace {

// --repeat: latency figures are the medians over the runs, counts the sums; runs of another
// timeline cannot be combined.
TEST(Baseline, RepeatedRunsCombineIntoMediansAndSums) {
    const auto combined =
        engine::combineRuns({result(5000, 9000), result(7000, 30000), result(6000, 10000)});
    ASSERT_TRUE(combined.has_value());
    EXPECT_EQ(combined->runs, 3u);
    EXPECT_EQ(combined->phases[1].latency.p50, 6000);
    EXPECT_EQ(combined->phases[1].latency.p99, 10000);  // one run's 30 us does not decide
    EXPECT_EQ(combined->phases[1].latency.count, 3 * kCountless);
    EXPECT_EQ(combined->phases[0].stimuli(), 1500u);
    auto other = result();
    other.phases.pop_back();
    EXPECT_FALSE(engine::combineRuns({result(), other}).has_value());
    EXPECT_FALSE(engine::combineRuns({}).has_value());
}

// Repeats run back to back share the host's state, so the noise model stays that of one run
// against one: a 1.3x median within the noise between single runs is still only a warning with
// five runs a side (what repeats buy is robustness to one run's stall, tested above).
TEST(Baseline, RepeatsDoNotShrinkTheHostsNoise) {
    engine::Thresholds defaults;
    defaults.p50_noise_us = 0;  // only the relative part, for round figures
    const auto single = engine::compareWithBaseline(result(6500), result(), defaults);
    EXPECT_EQ(single.verdict, Verdict::Warn);
    auto five = [](std::int64_t p50) {
        auto r = result(p50);
        r.runs = 5;
        return r;
    };
    const auto repeated = engine::compareWithBaseline(five(6500), five(5000), defaults);
    EXPECT_EQ(repeated.verdict, Verdict::Warn);
    ASSERT_NE(row(repeated, "p50"), nullptr);
    EXPECT_DOUBLE_EQ(row(repeated, "p50")->ratio_low, row(single, "p50")->ratio_low);
}

// A phase that sent 20 % fewer stimuli than the baseline's did not do the same work (a generator
// stalled by a busy host, another rate): a warning saying so, not a latency regression.
TEST(Baseline, AnotherStimulusCountWarnsThatTheRunsDiffer) {
    auto fewer = result();
    fewer.phases[1].outcomes[static_cast<std::size_t>(Outcome::Serviced)] = kCountless * 8 / 10;
    const auto comparison = engine::compareWithBaseline(fewer, result(), kThresholds);
    EXPECT_EQ(comparison.verdict, Verdict::Warn);
    ASSERT_NE(row(comparison, "stimuli"), nullptr);
    EXPECT_TRUE(row(comparison, "stimuli")->warned);
    ASSERT_FALSE(comparison.reasons.empty());
    EXPECT_NE(comparison.reasons.back().find("did not do the same work"), std::string::npos);
}

}  // namespace
