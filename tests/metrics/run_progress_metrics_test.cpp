// `isrbench run`'s exposition while the run goes on (RunMetrics::progressText, what a run's
// endpoint serves once a second) beside the finished run's (metrics.prom): the same families and
// labels, the stimuli as accounted so far, validity only at the end.
#include <gtest/gtest.h>

#include <limits>
#include <string>

#include "exposition.h"
#include "promtool_check.h"
#include "run_metrics.h"

namespace {

engine::Sample sampleOf(engine::Outcome outcome, std::uint16_t phase, std::int64_t latency_ns) {
    engine::Sample sample;
    sample.phase = phase;
    sample.outcome = outcome;
    sample.t_edge_ns = 1'000'000;
    sample.t_isr_ns = outcome == engine::Outcome::Serviced ? 1'000'000 + latency_ns : 0;
    return sample;
}

struct PlannedRun {
    engine::RunMetadata meta;
    std::vector<engine::Phase> phases;
    PlannedRun() {
        meta.host = "lab-3";
        meta.source.backend = "virtual-fixture";
        meta.source.simulated = true;
        meta.scenario_name = "life cycle";
        phases.push_back({"0 disconnected", 0, 100, engine::PortState::Disconnected});
        phases.push_back({"1 active", 100, 200, engine::PortState::Active});
    }
};

TEST(RunProgressMetrics, CountsTheStimuliSoFarAndLeavesValidityToTheEnd) {
    const PlannedRun run;
    report::RunMetrics metrics(run.phases.size());
    metrics.add(sampleOf(engine::Outcome::Unclaimed, 0, 0));
    metrics.add(sampleOf(engine::Outcome::Serviced, 1, 3'000));
    metrics.add(sampleOf(engine::Outcome::Serviced, 1, 40'000));
    const std::string text = metrics.progressText(run.meta, run.phases);
    const std::string labels = R"(bench="lab-3",source="virtual-fixture",scenario="life cycle")";
    const auto has = [&](const std::string& line) {
        return text.find(line + "\n") != std::string::npos;
    };
    EXPECT_TRUE(
        has("isrbench_stimuli{" + labels + R"(,phase="0 disconnected",class="unclaimed"} 1)"))
        << text;
    EXPECT_TRUE(has("isrbench_stimuli{" + labels + R"(,phase="1 active",class="serviced"} 2)"));
    EXPECT_TRUE(
        has("isrbench_interrupt_latency_seconds_count{" + labels + R"(,phase="1 active"} 2)"));
    EXPECT_TRUE(has("isrbench_interrupt_latency_seconds_bucket{" + labels +
                    R"(,phase="1 active",le="5e-06"} 1)"));
    EXPECT_TRUE(has("isrbench_simulated{" + labels + "} 1"));
    EXPECT_EQ(text.find("isrbench_run_valid"), std::string::npos);
    EXPECT_EQ(text.find("isrbench_stimuli_left_late"), std::string::npos);

    if (!metrics_test::havePromtool()) {
        GTEST_SKIP() << "promtool is not installed (Debian package prometheus)";
    }
    const testing_support::ShellOutcome promtool = metrics_test::promtoolCheck(text);
    EXPECT_EQ(promtool.exit_code, 0) << promtool.output;
}

TEST(RunProgressMetrics, TheFinishedRunSaysWhetherItWasValidAndSimulated) {
    const PlannedRun run;
    engine::RunResult result;
    result.meta = run.meta;
    result.meta.source.simulated = false;
    for (const engine::Phase& phase : run.phases) {
        result.phases.push_back({phase, 0, 0});
    }
    result.statistics = engine::RunStatistics(run.phases.size());
    result.counters.stimuli_left_late = 7;
    result.counters.stimulus_max_late_ns = 2'500'000;
    report::RunMetrics metrics(run.phases.size());
    const std::string text = metrics.text(result);
    const std::string labels = R"(bench="lab-3",source="virtual-fixture",scenario="life cycle")";
    EXPECT_NE(text.find("isrbench_run_valid{" + labels + "} 1\n"), std::string::npos) << text;
    EXPECT_NE(text.find("isrbench_simulated{" + labels + "} 0\n"), std::string::npos);
    EXPECT_NE(text.find("isrbench_stimuli_left_late{" + labels + "} 7\n"), std::string::npos);
    EXPECT_NE(text.find("isrbench_stimulus_max_late_seconds{" + labels + "} 0.0025\n"),
              std::string::npos)
        << text;
}

TEST(Exposition, EscapesLabelValuesAndWritesNumbersPrometheusReads) {
    EXPECT_EQ(metrics::escapeLabelValue("a\\b\"c\nd"), "a\\\\b\\\"c\\nd");
    EXPECT_EQ(metrics::label("bench", "x\"y"), "bench=\"x\\\"y\"");
    EXPECT_EQ(metrics::formatNumber(2.5e-6), "2.5e-06");
    EXPECT_EQ(metrics::formatNumber(std::numeric_limits<double>::infinity()), "+Inf");
}

}  // namespace
