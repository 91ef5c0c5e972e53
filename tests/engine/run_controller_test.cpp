// End to end on the virtual fixture: the default scenario's accounting phase by phase, the bus
// model's delay measured back, and the run's behaviour when stopped early or given a broken
// fixture.
#include "run_controller.h"

#include <gtest/gtest.h>

#include <QFile>
#include <atomic>
#include <cstdio>
#include <limits>
#include <thread>

#include "virtual_fixture.h"

namespace {

using engine::Outcome;
using engine::PortState;

constexpr const char* kConnectAtZero = R"(timeline=[{"at_ms":0,"step":"connect"}])";

engine::Scenario defaultScenario(const std::vector<std::string>& overrides = {}) {
    return engine::loadScenarioFile(ISRBENCH_SOURCE_DIR "/resources/scenarios/default.json",
                                    overrides);
}

engine::RunResult run(const engine::Scenario& scenario) {
    engine::RunOptions options;
    options.scenario = scenario;
    options.tool_version = "test";
    return engine::runScenario(options);
}

// How many stimuli a phase should see at the scenario's rate: its boundaries are where the
// steps' requests really returned (a loaded machine may carry a step out late).
double expectedStimuli(const engine::Scenario& scenario, const engine::PhaseWindow& window) {
    return scenario.stimulus.rate_hz *
           static_cast<double>(window.actual_end_ns - window.actual_start_ns) / 1e9;
}

TEST(RunController, TheDefaultScenarioAccountsForEveryStimulusByPhase) {
    const engine::Scenario scenario = defaultScenario();
    const engine::RunResult result = run(scenario);

    ASSERT_TRUE(result.valid()) << result.problems.front();
    ASSERT_EQ(result.phases.size(), 6u);  // disconnected, active, inactive, active, disc., active
    EXPECT_TRUE(result.meta.source.simulated);
    EXPECT_EQ(result.meta.source.label, "virtual fixture");
    EXPECT_EQ(result.steps.size(), scenario.timeline.size());
    for (const auto& step : result.steps) {
        EXPECT_EQ(step.status, "STATUS_SUCCESS") << engine::stepName(step.step.step);
    }

    std::uint64_t accounted = 0;
    for (std::size_t i = 0; i < result.phases.size(); ++i) {
        const engine::Phase& phase = result.phases[i].phase;
        const engine::PhaseStatistics& s = result.statistics.phase(i);
        SCOPED_TRACE(phase.name);
        accounted += s.stimuli();
        EXPECT_EQ(s.count(Outcome::Violation), 0u);
        EXPECT_EQ(s.count(Outcome::Lost), 0u);
        // Within 10 % of what the rate puts into the phase: the classification follows the
        // phase actually in force.
        const double expected = expectedStimuli(scenario, result.phases[i]);
        EXPECT_NEAR(static_cast<double>(s.stimuli()), expected, 0.1 * expected);
        switch (phase.state) {
            case PortState::Active:
                EXPECT_GT(s.count(Outcome::Serviced), 0u);
                EXPECT_EQ(s.count(Outcome::Serviced), s.stimuli());
                EXPECT_EQ(s.latency.count(), s.count(Outcome::Serviced));
                EXPECT_GT(s.round_trip.count(), 0u);  // the responder's D0 edge came back
                break;
            case PortState::Inactive:
                EXPECT_EQ(s.count(Outcome::Suppressed), s.stimuli());
                EXPECT_GT(s.stimuli(), 0u);
                break;
            case PortState::Disconnected:
                EXPECT_EQ(s.count(Outcome::Unclaimed), s.stimuli());
                EXPECT_GT(s.stimuli(), 0u);
                break;
        }
    }
    EXPECT_EQ(accounted, result.counters.stimuli);
    EXPECT_EQ(result.counters.driver_violations, 0u);
    EXPECT_EQ(result.counters.client_violations, 0u);
    EXPECT_EQ(result.counters.ring_overflow, 0u);
}

std::int64_t medianBusLatency(const std::string& bus) {
    const engine::Scenario scenario = defaultScenario(
        {"backend.bus=" + bus, "duration_ms=1500", "stimulus.rate_hz=2000", kConnectAtZero});
    const engine::RunResult result = run(scenario);
    EXPECT_TRUE(result.valid());
    const auto bus_latency = result.statistics.overall().bus.summary();
    EXPECT_GT(bus_latency.count, 2000u);
    return bus_latency.p50;
}

// DESIGN.md: bus = t_arrive - t_edge. A fixed 250 us bus delivers no record before its 250 us
// are up, so its median is at least that, and above the ideal bus's. How much the host's wake-up
// adds on top is a timing figure, not a property: it is printed, not asserted (an unoptimised
// build woke 14.75 us late on the ideal bus and recovered the delay as 250.37 us).
TEST(RunController, AFixedBusDelayShowsUpInTheMedianBusLatency) {
    const std::int64_t ideal = medianBusLatency("ideal");
    const std::int64_t delayed = medianBusLatency("fixed:250us");
    EXPECT_GE(delayed, 250'000);
    EXPECT_GT(delayed, ideal);
    std::printf("median bus latency: ideal %.2f us, fixed:250us %.2f us\n", ideal / 1000.0,
                delayed / 1000.0);
}

// A fixture whose crystal gains 50 ppm: the run keeps re-synchronising (the fit holds more round
// trips than the 8 kept from the first 16), reports the worst bound it mapped any edge with,
// and no edge is placed after its own arrival by more than that bound.
TEST(RunController, ADriftingFixtureClockIsTrackedThroughTheRun) {
    engine::RunOptions options;
    options.scenario =
        defaultScenario({"duration_ms=1500", kConnectAtZero, R"(backend={"clock_drift_ppm":50})"});
    options.tool_version = "test";
    std::int64_t earliest_bus_ns = std::numeric_limits<std::int64_t>::max();
    std::uint64_t mapped = 0;
    options.on_sample = [&](const engine::Sample& sample) {
        if (sample.t_edge_ns != 0 && sample.t_arrive_ns != 0) {
            earliest_bus_ns = std::min(earliest_bus_ns, sample.t_arrive_ns - sample.t_edge_ns);
            ++mapped;
        }
    };
    const engine::RunResult result = engine::runScenario(options);
    const engine::RunSource& source = result.meta.source;
    EXPECT_GT(source.clock_samples, 8u);
    EXPECT_GE(source.clock_sync_worst_error_ns, source.clock_sync_error_ns);
    ASSERT_GT(mapped, 1000u);
    EXPECT_GE(static_cast<double>(earliest_bus_ns), -source.clock_sync_worst_error_ns);
    EXPECT_TRUE(result.valid()) << (result.problems.empty() ? "" : result.problems.front());
}

struct StalledRun {
    engine::RunResult result;
    std::uint64_t samples_due_earlier = 0;  // stimuli that left late and carry their due time
    std::uint64_t over_10ms = 0;            // latencies of 10 ms or more
};

// A 1 kHz train whose generator loses its CPU for 20 ms, 700 ms into an all-active run.
StalledRun runWithAGeneratorStall(const char* latency_from) {
    StalledRun stalled;
    engine::RunOptions options;
    options.scenario =
        defaultScenario({"duration_ms=1500", kConnectAtZero,
                         R"(backend={"generator_stall_ms":20,"generator_stall_at_ms":700})",
                         std::string(R"(stimulus={"latency_from":")") + latency_from + R"("})"});
    options.tool_version = "test";
    options.on_sample = [&](const engine::Sample& sample) {
        if (!sample.hasLatency()) {
            return;
        }
        stalled.samples_due_earlier += sample.t_due_ns != 0;
        stalled.over_10ms += sample.latencyNs() >= 10'000'000;
        EXPECT_GE(sample.latencyNs(), sample.t_isr_ns - sample.t_edge_ns);
    };
    stalled.result = engine::runScenario(options);
    return stalled;
}

// Coordinated omission (DESIGN.md "Latency, defined"): the 20 stimuli due during a 20 ms
// generator stall leave late, back to back; measured from when they were due, the stall is in
// the tail (the one due first waited about 20 ms, ten of them 10 ms or more), not hidden as
// fewer samples. Lower bounds only: a busy host can only make them later.
TEST(RunController, AGeneratorStallShowsInTheTailMeasuredFromTheIntendedTime) {
    const StalledRun stalled = runWithAGeneratorStall("intended");
    const engine::RunResult& result = stalled.result;
    ASSERT_TRUE(result.valid()) << result.problems.front();
    EXPECT_EQ(result.meta.latency_from, "intended");
    EXPECT_GE(result.counters.late_stimuli, 19u);
    EXPECT_GE(result.counters.stimuli_left_late, stalled.samples_due_earlier);
    EXPECT_GE(result.counters.stimulus_max_late_ns, 19'000'000);
    EXPECT_GE(stalled.samples_due_earlier, 19u);
    EXPECT_GE(stalled.over_10ms, 10u);
    const engine::LatencySummary tail = result.statistics.overall().latency.summary();
    EXPECT_GE(tail.max, 19'000'000);
    std::printf(
        "with a 20 ms generator stall: p50 %.1f us, p99 %.1f us, max %.1f us; "
        "%llu stimuli left late\n",
        tail.p50 / 1000.0, tail.p99 / 1000.0, tail.max / 1000.0,
        static_cast<unsigned long long>(result.counters.late_stimuli));
}

// Measured from the edges as they left, the same stall is counted but is in no latency.
TEST(RunController, LatencyFromTheEdgeKeepsNoDueTimesButStillCountsTheLateStimuli) {
    const StalledRun stalled = runWithAGeneratorStall("edge");
    EXPECT_EQ(stalled.result.meta.latency_from, "edge");
    EXPECT_GE(stalled.result.counters.late_stimuli, 19u);
    EXPECT_GE(stalled.result.counters.stimuli_left_late, stalled.result.counters.late_stimuli);
    EXPECT_EQ(stalled.samples_due_earlier, 0u);
}

TEST(RunController, AStopRequestEndsTheRunEarlyWithEverythingAccounted) {
    std::atomic<bool> stop{false};
    engine::RunOptions options;
    options.scenario = defaultScenario({"duration_ms=20000"});
    options.stop = &stop;
    options.on_progress = [&](const engine::RunProgress& p) {
        if (p.elapsed_ms > 700) {
            stop.store(true);
        }
    };
    const engine::RunResult result = engine::runScenario(options);
    EXPECT_TRUE(result.meta.interrupted);
    EXPECT_EQ(result.meta.end_reason, "interrupted by the user");
    EXPECT_LT(result.meta.elapsed_ms, 5000);
    EXPECT_TRUE(result.valid()) << result.problems.front();
    EXPECT_EQ(result.statistics.overall().stimuli(), result.counters.stimuli);
    EXPECT_GT(result.counters.stimuli, 500u);
}

TEST(RunController, DroppedRecordsAreLostStimuliInThePhaseWhereTheyWentMissing) {
    const engine::RunResult result =
        run(defaultScenario({"backend.faults=drop=0.02,seed=3", "duration_ms=1200",
                             R"(timeline=[{"at_ms":0,"step":"connect"},)"
                             R"({"at_ms":600,"step":"report_inactive"}])"}));
    const engine::PhaseStatistics all = result.statistics.overall();
    EXPECT_GT(all.count(Outcome::Lost), 0u);
    EXPECT_EQ(all.stimuli(), result.counters.stimuli);  // still every stimulus accounted for
    EXPECT_GT(result.statistics.phase(0).count(Outcome::Lost), 0u);
    EXPECT_GT(result.statistics.phase(1).count(Outcome::Lost), 0u);
    EXPECT_EQ(all.count(Outcome::Violation), 0u);
    EXPECT_TRUE(result.valid());
    // Lost from evidence: the stimulus numbers that never arrived, between edges and after the
    // last, against the fixture's own count of the stimuli it made.
    ASSERT_TRUE(result.counters.stimuli_lost_at_tail.has_value());
    ASSERT_TRUE(result.counters.stimuli_lost_in_gaps.has_value());
    EXPECT_GT(*result.counters.stimuli_lost_in_gaps, 0);
    EXPECT_EQ(all.count(Outcome::Lost),
              static_cast<std::uint64_t>(*result.counters.stimuli_lost_in_gaps) +
                  *result.counters.stimuli_lost_at_tail);
}

// One counter broken on purpose: the fixture reports one stimulus more than it made. The
// engine's outcomes and the lost stimuli it has evidence for no longer add up to the fixture's
// count, and the run is invalid instead of booking the difference as lost.
TEST(RunController, AFixtureThatMiscountsItsStimuliMakesTheRunInvalid) {
    const engine::RunResult result =
        run(defaultScenario({"backend.faults=miscount=1", "duration_ms=600", kConnectAtZero}));
    ASSERT_FALSE(result.valid());
    EXPECT_NE(result.problems.front().find("but the fixture counted"), std::string::npos)
        << result.problems.front();
    EXPECT_EQ(result.statistics.overall().stimuli() + 1, result.counters.stimuli);
    EXPECT_EQ(result.statistics.overall().count(Outcome::Lost), 0u);
}

TEST(RunController, SamplesAndSecondsReachTheirSinks) {
    engine::RunOptions options;
    options.scenario = defaultScenario({"duration_ms=2100", kConnectAtZero});
    std::uint64_t samples = 0;
    std::vector<engine::SecondTally> seconds;
    bool started = false;
    std::int64_t time_zero = 0;
    options.on_start = [&](const engine::RunMetadata& meta, const std::vector<engine::Phase>& p) {
        started = meta.scenario_hash.size() == 64 && !p.empty();
    };
    options.on_time_zero = [&](std::int64_t ns) { time_zero = ns; };
    options.on_sample = [&](const engine::Sample&) { ++samples; };
    options.on_second = [&](const engine::SecondTally& tally) { seconds.push_back(tally); };
    const engine::RunResult result = engine::runScenario(options);
    EXPECT_TRUE(started);
    EXPECT_EQ(time_zero, result.meta.start_monotonic_ns);
    EXPECT_EQ(samples, result.counters.stimuli);
    ASSERT_EQ(seconds.size(), 3u);  // two whole seconds, then the last 0.1 s with the settle
    EXPECT_EQ(seconds[0].second, 0);
    EXPECT_EQ(seconds[2].second, 2);
    std::uint64_t in_seconds = 0;
    for (const auto& tally : seconds) {
        for (const auto n : tally.outcomes) {
            in_seconds += n;
        }
    }
    EXPECT_EQ(in_seconds, result.counters.stimuli);  // every stimulus is in exactly one second
}

// The fixture runs trains of at most max_burst edges (100,000 on the virtual one); a longer run
// sends an endless train and stops it at its end.
TEST(RunController, ARunLongerThanTheFixturesLongestTrainStillRuns) {
    const engine::RunResult result = run(defaultScenario(
        {"duration_ms=1000", kConnectAtZero, "stimulus.rate_hz=20000", "stimulus.count=150000"}));
    EXPECT_TRUE(result.valid()) << (result.problems.empty() ? "" : result.problems.front());
    // The train was accepted and ran: the fixture would refuse a count beyond its max burst. How
    // close to 20 kHz the virtual fixture keeps is the host's figure (17 k with the other core
    // compiling), so only half of it is asked for here.
    EXPECT_GT(result.counters.stimuli, 10'000u);
    EXPECT_EQ(result.statistics.overall().stimuli(), result.counters.stimuli);
}

TEST(RunController, AnUnpluggedFixtureCannotStartARun) {
    hwbridge::VirtualFixture fixture;
    fixture.unplug();
    engine::RunOptions options;
    options.scenario = defaultScenario();
    options.transport = &fixture;
    EXPECT_THROW(engine::runScenario(options), engine::RunError);
}

TEST(RunController, TheEffectiveScenarioIsHashedSoRunsCanTellTheyRanTheSameThing) {
    const auto a = run(defaultScenario({"duration_ms=300", kConnectAtZero}));
    const auto b = run(defaultScenario({"duration_ms=300", kConnectAtZero}));
    const auto c =
        run(defaultScenario({"duration_ms=300", kConnectAtZero, "stimulus.rate_hz=500"}));
    EXPECT_EQ(a.meta.scenario_hash.size(), 64u);
    EXPECT_EQ(a.meta.scenario_hash, b.meta.scenario_hash);
    EXPECT_NE(a.meta.scenario_hash, c.meta.scenario_hash);
}

}  // namespace
