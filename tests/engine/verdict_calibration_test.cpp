// The regression verdict on real runs of the virtual fixture (DESIGN.md "Verdicts"), each side
// the median of 3 repeats (--repeat 3): pairs of identical runs must pass (at most 1 of 20 may
// fail: the verdict risks 1 % per comparison under its noise model, and a loaded host adds
// noise beyond it), and a run with a fixed 30 us bus delay must fail against every baseline. The
// figures are printed: how many identical pairs failed or warned, and the smallest p50 ratio
// that was called a regression.
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

constexpr int kPairs = 20;
constexpr int kRepeats = 3;

// One active phase of 1000 interrupts (p50 and p99 judged), on the ideal bus or a slower one.
engine::Scenario shortActiveRun(const std::string& bus) {
    return engine::parseScenario(R"({"name": "verdict calibration",
        "backend": {"kind": "virtual-fixture", "bus": ")" +
                                     bus + R"("},
        "stimulus": {"rate_hz": 4000}, "duration_ms": 250,
        "timeline": [{"at_ms": 0, "step": "connect"}]})",
                                 "calibration.json");
}

engine::ResultSummary measure(const engine::Scenario& scenario) {
    std::vector<engine::ResultSummary> runs;
    for (int repeat = 0; repeat < kRepeats; ++repeat) {
        engine::RunOptions options;
        options.scenario = scenario;
        const engine::RunResult result = engine::runScenario(options);
        EXPECT_TRUE(result.valid());
        runs.push_back(engine::summarise(result));
    }
    const auto combined = engine::combineRuns(runs);
    EXPECT_TRUE(combined.has_value());
    return combined.value_or(engine::ResultSummary{});
}

TEST(VerdictCalibration, IdenticalRunsPassAndAThirtyMicrosecondBusDelayAlwaysFails) {
    const engine::Scenario ideal = shortActiveRun("ideal");
    const engine::Scenario delayed = shortActiveRun("fixed:30us");
    int false_fails = 0;
    int warnings = 0;
    int detected = 0;
    double smallest_called = 1e9;
    double largest_identical = 0;
    for (int pair = 0; pair < kPairs; ++pair) {
        const engine::ResultSummary baseline = measure(ideal);
        const engine::ResultSummary same = measure(ideal);
        const engine::ResultSummary slower = measure(delayed);
        const engine::Comparison identical =
            engine::compareWithBaseline(same, baseline, ideal.thresholds);
        const engine::Comparison shifted =
            engine::compareWithBaseline(slower, baseline, delayed.thresholds);
        if (std::getenv("ISRB_CALIBRATION_TRACE") != nullptr) {
            std::printf(
                "pair %2d p50 %6.1f %6.1f %6.1f  p90 %6.1f %6.1f %6.1f  p99 %6.1f %6.1f %6.1f us\n",
                pair, baseline.phases[0].latency.p50 / 1e3, same.phases[0].latency.p50 / 1e3,
                slower.phases[0].latency.p50 / 1e3, baseline.phases[0].latency.p90 / 1e3,
                same.phases[0].latency.p90 / 1e3, slower.phases[0].latency.p90 / 1e3,
                baseline.phases[0].latency.p99 / 1e3, same.phases[0].latency.p99 / 1e3,
                slower.phases[0].latency.p99 / 1e3);
        }
        false_fails += identical.verdict == engine::Verdict::LatencyRegression ? 1 : 0;
        warnings += identical.verdict == engine::Verdict::Warn ? 1 : 0;
        detected += shifted.verdict == engine::Verdict::LatencyRegression ? 1 : 0;
        for (const engine::ComparisonRow& row : identical.rows) {
            if (row.metric == "p50") {
                largest_identical = std::max(largest_identical, row.ratio());
            }
            if (row.regressed) {
                std::printf("identical pair %d: %s %s %.2fx (>= %.2fx)\n", pair, row.phase.c_str(),
                            row.metric.c_str(), row.ratio(), row.ratio_low);
            }
        }
        for (const engine::ComparisonRow& row : shifted.rows) {
            if (row.metric == "p50" && row.regressed) {
                smallest_called = std::min(smallest_called, row.ratio());
            }
            if (shifted.verdict != engine::Verdict::LatencyRegression &&
                (row.metric == "p50" || row.metric == "p99")) {
                std::printf(
                    "delayed pair %d not called: %s %s %.1f against %.1f us, %.2fx, "
                    "99 %% bound %.2fx (limit %.2fx)\n",
                    pair, row.phase.c_str(), row.metric.c_str(), row.current / 1e3,
                    row.baseline / 1e3, row.ratio(), row.ratio_low, row.limit);
            }
        }
    }
    std::printf(
        "verdict calibration: %d identical pairs: %d failed, %d warned, largest p50 ratio "
        "%.2fx; 30 us bus delay: %d of %d failed, smallest p50 ratio called %.2fx\n",
        kPairs, false_fails, warnings, largest_identical, detected, kPairs, smallest_called);
    EXPECT_LE(false_fails, 1);
    EXPECT_EQ(detected, kPairs);
}

}  // namespace
