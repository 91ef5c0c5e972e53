// The regression verdict: each threshold, the count checks, and the cases that make a
// comparison invalid or impossible.
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
        p.latency.p99 = p99;
        p.latency.p999 = p999;
        p.latency.max = max;
    } else {
        p.outcomes[static_cast<std::size_t>(
            state == PortState::Inactive ? Outcome::Suppressed : Outcome::Unclaimed)] = serviced;
    }
    return p;
}

engine::ResultSummary result(std::int64_t p50 = 5000, std::int64_t p99 = 9000,
                             std::int64_t p999 = 20000, std::int64_t max = 50000) {
    engine::ResultSummary r;
    r.phases = {phase("0 disconnected", PortState::Disconnected, 500, 0, 0, 0, 0),
                phase("1 active", PortState::Active, 5000, p50, p99, p999, max),
                phase("2 inactive", PortState::Inactive, 500, 0, 0, 0, 0)};
    return r;
}

const engine::Thresholds kThresholds;  // 1.10, 1.25, 1.50, 3.00

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
    auto current = result();
    current.phases[1].outcomes[static_cast<std::size_t>(Outcome::Lost)] = 25;  // 0.5 %
    const auto c = engine::compareWithBaseline(current, result(), kThresholds);
    EXPECT_EQ(c.verdict, Verdict::LatencyRegression);
    ASSERT_NE(row(c, "lost"), nullptr);
    EXPECT_TRUE(row(c, "lost")->regressed);
}

TEST(Baseline, APhaseWithFarFewerStimuliIsARegression) {
    auto current = result();
    current.phases[1].outcomes[static_cast<std::size_t>(Outcome::Serviced)] = 4000;  // -20 %
    EXPECT_EQ(engine::compareWithBaseline(current, result(), kThresholds).verdict,
              Verdict::LatencyRegression);
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
    auto few = result(5000, 9000, 90000);  // p99.9 4.5x the baseline's
    few.phases[1].latency.count = 1500;
    const auto c = engine::compareWithBaseline(few, result(), kThresholds);
    EXPECT_EQ(c.verdict, Verdict::Pass);
    ASSERT_NE(row(c, "p99.9"), nullptr);
    EXPECT_FALSE(row(c, "p99.9")->regressed);
    EXPECT_EQ(row(c, "p99.9")->note, "too few samples (1500 < 2000)");
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
    EXPECT_EQ(static_cast<int>(Verdict::Pass), 0);
    EXPECT_EQ(static_cast<int>(Verdict::LatencyRegression), 1);
    EXPECT_EQ(static_cast<int>(Verdict::Invalid), 2);
    EXPECT_EQ(static_cast<int>(Verdict::BadInput), 3);
    EXPECT_EQ(engine::verdictName(Verdict::LatencyRegression), "REGRESSION");
}

}  // namespace
