// The regression verdict on real runs of the virtual fixture (DESIGN.md "Verdicts"), each side
// the median of 3 repeats (--repeat 3): pairs of identical runs must pass (at most 1 of 20 may
// fail: the verdict risks 1 % per comparison under its noise model, and a loaded host adds
// noise beyond it), and a run with a fixed 30 us bus delay must fail against every baseline. The
// figures are printed: how many identical pairs failed or warned, and the smallest p50 ratio
// that was called a regression.
// A pair in which the host took a CPU away for milliseconds is set aside and replaced (below).
// The repeats of a pair's three sides take turns (baseline, same, delayed, baseline, ...), so
// that "identical" means under the same host conditions: run side after side, a host episode of a
// second or two (a VM's CPU lent elsewhere) fell on two of one side's three runs and on none of
// the other's, and CI saw an identical pair's median at 11.8x and another's p99 at 28x.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "baseline.h"
#include "run_controller.h"
#include "run_result.h"
#include "scenario.h"

namespace {

constexpr int kPairs = 20;  // pairs judged
constexpr int kMostPairs = 40;
constexpr int kRepeats = 3;
constexpr std::int64_t kDisturbedP90Ns = 1'000'000;

// One active phase of 1000 interrupts (p50 and p99 judged), on the ideal bus or a slower one.
engine::Scenario shortActiveRun(const std::string& bus) {
    return engine::parseScenario(R"({"name": "verdict calibration",
        "backend": {"kind": "virtual-fixture", "bus": ")" +
                                     bus + R"("},
        "stimulus": {"rate_hz": 4000}, "duration_ms": 250,
        "timeline": [{"at_ms": 0, "step": "connect"}]})",
                                 "calibration.json");
}

engine::ResultSummary summaryOfOneRun(const engine::Scenario& scenario) {
    engine::RunOptions options;
    options.scenario = scenario;
    const engine::RunResult result = engine::runScenario(options);
    EXPECT_TRUE(result.valid());
    return engine::summarise(result);
}

// Each scenario repeated kRepeats times, the scenarios taking turns; one combined summary each.
std::vector<engine::ResultSummary> measureInTurns(const std::vector<engine::Scenario>& scenarios) {
    std::vector<std::vector<engine::ResultSummary>> runs(scenarios.size());
    for (int repeat = 0; repeat < kRepeats; ++repeat) {
        for (std::size_t i = 0; i < scenarios.size(); ++i) {
            runs[i].push_back(summaryOfOneRun(scenarios[i]));
        }
    }
    std::vector<engine::ResultSummary> combined;
    for (const auto& side : runs) {
        const auto summary = engine::combineRuns(side);
        EXPECT_TRUE(summary.has_value());
        combined.push_back(summary.value_or(engine::ResultSummary{}));
    }
    return combined;
}

// A side whose p90 is beyond a millisecond lost its CPU for that long under more than a tenth of
// its stimuli (the virtual fixture's own p90 is about 10 us, 70 us behind the delay): the host,
// not the bench, decided that pair, and it is set aside and replaced, up to kMostPairs in all.
bool hostDisturbed(const std::vector<engine::ResultSummary>& sides) {
    return std::any_of(sides.begin(), sides.end(), [](const engine::ResultSummary& side) {
        return side.phases[0].latency.p90 > kDisturbedP90Ns;
    });
}

void tracePair(int pair, const std::vector<engine::ResultSummary>& sides) {
    std::printf("pair %2d", pair);
    for (std::int64_t engine::LatencySummary::*q :
         {&engine::LatencySummary::p50, &engine::LatencySummary::p90,
          &engine::LatencySummary::p99}) {
        std::printf("  %6.1f %6.1f %6.1f", sides[0].phases[0].latency.*q / 1e3,
                    sides[1].phases[0].latency.*q / 1e3, sides[2].phases[0].latency.*q / 1e3);
    }
    std::printf(" us (p50, p90, p99 of baseline, same, delayed)\n");
}

struct Tally {
    int judged = 0;
    int set_aside = 0;
    int false_fails = 0;
    int warnings = 0;
    int detected = 0;
    double smallest_called = 1e9;
    double largest_identical = 0;
};

void countIdentical(Tally& tally, int pair, const engine::Comparison& identical) {
    tally.false_fails += identical.verdict == engine::Verdict::LatencyRegression ? 1 : 0;
    tally.warnings += identical.verdict == engine::Verdict::Warn ? 1 : 0;
    for (const engine::ComparisonRow& row : identical.rows) {
        if (row.metric == "p50") {
            tally.largest_identical = std::max(tally.largest_identical, row.ratio());
        }
        if (row.regressed) {
            std::printf("identical pair %d: %s %s %.2fx (>= %.2fx)\n", pair, row.phase.c_str(),
                        row.metric.c_str(), row.ratio(), row.ratio_low);
        }
    }
}

void countShifted(Tally& tally, int pair, const engine::Comparison& shifted) {
    const bool called = shifted.verdict == engine::Verdict::LatencyRegression;
    tally.detected += called ? 1 : 0;
    for (const engine::ComparisonRow& row : shifted.rows) {
        if (row.metric == "p50" && row.regressed) {
            tally.smallest_called = std::min(tally.smallest_called, row.ratio());
        }
        if (!called && (row.metric == "p50" || row.metric == "p99")) {
            std::printf(
                "delayed pair %d not called: %s %s %.1f against %.1f us, %.2fx, "
                "99 %% bound %.2fx (limit %.2fx)\n",
                pair, row.phase.c_str(), row.metric.c_str(), row.current / 1e3, row.baseline / 1e3,
                row.ratio(), row.ratio_low, row.limit);
        }
    }
}

TEST(VerdictCalibration, IdenticalRunsPassAndAThirtyMicrosecondBusDelayAlwaysFails) {
    const engine::Scenario ideal = shortActiveRun("ideal");
    const engine::Scenario delayed = shortActiveRun("fixed:30us");
    const bool trace = std::getenv("ISRB_CALIBRATION_TRACE") != nullptr;
    Tally tally;
    for (int pair = 0; tally.judged < kPairs && pair < kMostPairs; ++pair) {
        const std::vector<engine::ResultSummary> sides = measureInTurns({ideal, ideal, delayed});
        if (trace) {
            tracePair(pair, sides);
        }
        if (hostDisturbed(sides)) {
            std::printf("pair %d set aside: a side's p90 beyond 1 ms (%.1f, %.1f, %.1f ms)\n", pair,
                        sides[0].phases[0].latency.p90 / 1e6, sides[1].phases[0].latency.p90 / 1e6,
                        sides[2].phases[0].latency.p90 / 1e6);
            ++tally.set_aside;
            continue;
        }
        ++tally.judged;
        countIdentical(tally, pair,
                       engine::compareWithBaseline(sides[1], sides[0], ideal.thresholds));
        countShifted(tally, pair,
                     engine::compareWithBaseline(sides[2], sides[0], delayed.thresholds));
    }
    std::printf(
        "verdict calibration: %d identical pairs: %d failed, %d warned, largest p50 ratio "
        "%.2fx; 30 us bus delay: %d of %d failed, smallest p50 ratio called %.2fx; %d pairs set "
        "aside (host disturbed)\n",
        tally.judged, tally.false_fails, tally.warnings, tally.largest_identical, tally.detected,
        tally.judged, tally.smallest_called, tally.set_aside);
    ASSERT_EQ(tally.judged, kPairs) << "the host was disturbed in " << tally.set_aside << " of "
                                    << kMostPairs << " pairs: no calibration here";
    EXPECT_LE(tally.false_fails, 1);
    EXPECT_EQ(tally.detected, kPairs);
}

}  // namespace
