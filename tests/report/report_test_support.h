// A synthetic but realistic run for the chart and report tests: the life cycle disconnected →
// connect → active → report_inactive → inactive → report_active → active → disconnect →
// disconnected, a periodic 2 kHz stimulus train, log-normal latencies with rare slow outliers,
// every sample fed through RunStatistics::add and LatencyTimeline::add as the engine does.
#pragma once

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "run_result.h"

namespace report_test {

inline constexpr std::int64_t kMs = 1'000'000;
inline constexpr std::int64_t kRunNs = 3600 * kMs;
inline constexpr std::int64_t kStimulusPeriodNs = 500'000;  // 2 kHz

struct PlannedPhase {
    const char* name;
    std::int64_t start_ms;
    std::int64_t end_ms;
    engine::PortState state;
};

inline const std::vector<PlannedPhase>& plannedPhases() {
    static const std::vector<PlannedPhase> phases = {
        {"0 disconnected", 0, 200, engine::PortState::Disconnected},
        {"1 active", 200, 1200, engine::PortState::Active},
        {"2 inactive", 1200, 2200, engine::PortState::Inactive},
        {"3 active", 2200, 3200, engine::PortState::Active},
        {"4 disconnected", 3200, 3600, engine::PortState::Disconnected},
    };
    return phases;
}

inline engine::RunSource virtualSource() {
    engine::RunSource source;
    source.backend = "virtual-fixture";
    source.label = "virtual fixture";
    source.serial = "VIRTUAL-0001";
    source.simulated = true;
    source.bus_model = "ideal";
    source.wiring = "checkit";
    source.clock_sync_error_ns = 250;
    return source;
}

inline engine::RunSource usbSource() {
    engine::RunSource source;
    source.backend = "usb-fixture";
    source.label = "USB fixture ISRB-0042";
    source.serial = "ISRB-0042";
    source.simulated = false;
    source.bus_model = "high speed";
    source.wiring = "norton";
    source.firmware_version = 0x0102;
    source.clock_sync_error_ns = 1800;
    source.clock_drift_ppm = 12.5;
    return source;
}

// What the driver does with a stimulus in each state, and the stimulus's timestamps.
inline engine::Sample stimulus(std::uint64_t sequence, std::uint16_t phase, engine::PortState state,
                               std::int64_t edge, std::mt19937_64& random) {
    engine::Sample sample;
    sample.sequence = sequence;
    sample.phase = phase;
    sample.t_edge_ns = edge;
    switch (state) {
        case engine::PortState::Inactive:
            sample.outcome = engine::Outcome::Suppressed;
            return sample;
        case engine::PortState::Disconnected:
            sample.outcome = engine::Outcome::Unclaimed;
            return sample;
        case engine::PortState::Active:
            break;
    }
    if (sequence % 1999 == 7) {
        sample.outcome = engine::Outcome::Lost;
        return sample;
    }
    std::lognormal_distribution<double> bus(std::log(2'200.0), 0.25);
    std::lognormal_distribution<double> dispatch(std::log(1'400.0), 0.45);
    std::uniform_int_distribution<std::int64_t> outlier(15'000, 80'000);
    sample.outcome = engine::Outcome::Serviced;
    sample.t_arrive_ns = edge + static_cast<std::int64_t>(bus(random));
    sample.t_isr_ns = sample.t_arrive_ns + static_cast<std::int64_t>(dispatch(random));
    if (sequence % 613 == 0) {
        sample.t_isr_ns += outlier(random);  // a rare slow wake-up
    }
    sample.t_resp_ns = sample.t_isr_ns + 1'800;
    return sample;
}

inline engine::RunResult syntheticRun(const std::string& scenario_name = "life cycle",
                                      engine::RunSource source = virtualSource()) {
    engine::RunResult result;
    result.meta.tool_version = "0.1.0";
    result.meta.scenario_name = scenario_name;
    result.meta.scenario_file = "resources/scenarios/default.json";
    result.meta.scenario_hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    result.meta.scenario_json = R"({"name":"life cycle","duration_ms":3600})";
    result.meta.host = "bench-host";
    result.meta.kernel = "6.1.0-13-amd64";
    result.meta.started_unix_ms = 1'700'000'000'000;
    result.meta.planned_ms = 3600;
    result.meta.elapsed_ms = 3604;
    result.meta.source = std::move(source);

    const auto& planned = plannedPhases();
    result.statistics = engine::RunStatistics(planned.size());
    result.timeline = engine::LatencyTimeline(kRunNs, engine::LatencyTimeline::kDefaultColumns);
    constexpr engine::StepKind kSteps[] = {
        engine::StepKind::Connect, engine::StepKind::ReportInactive, engine::StepKind::ReportActive,
        engine::StepKind::Disconnect};
    for (std::size_t i = 0; i < planned.size(); ++i) {
        engine::PhaseWindow window;
        window.phase = {planned[i].name, planned[i].start_ms, planned[i].end_ms, planned[i].state};
        // Each request takes a little while: the phase really starts when it returned.
        window.actual_start_ns = planned[i].start_ms * kMs + (i == 0 ? 0 : 85'000);
        window.actual_end_ns = planned[i].end_ms * kMs;
        result.phases.push_back(window);
        if (i > 0) {
            result.steps.push_back({{planned[i].start_ms, kSteps[i - 1]},
                                    planned[i].start_ms * kMs + 1'000,
                                    84'000,
                                    "STATUS_SUCCESS"});
        }
    }

    std::mt19937_64 random(20240611);
    std::uint64_t sequence = 0;
    for (std::int64_t edge = 0; edge < kRunNs; edge += kStimulusPeriodNs, ++sequence) {
        std::uint16_t phase = 0;
        while (phase + 1u < planned.size() && edge >= planned[phase + 1].start_ms * kMs) {
            ++phase;
        }
        const engine::Sample sample = stimulus(sequence, phase, planned[phase].state, edge, random);
        result.statistics.add(sample);
        if (sample.hasLatency()) {
            result.timeline.add(sample.t_edge_ns, sample.t_isr_ns - sample.t_edge_ns);
        }
        ++result.counters.stimuli;
        result.counters.interrupts += sample.outcome == engine::Outcome::Lost ? 0 : 1;
    }
    return result;
}

// A run that measured nothing: phases and steps, no stimulus.
inline engine::RunResult emptyRun() {
    engine::RunResult result = syntheticRun();
    result.statistics = engine::RunStatistics(result.phases.size());
    result.timeline = engine::LatencyTimeline(kRunNs, engine::LatencyTimeline::kDefaultColumns);
    result.counters = {};
    return result;
}

}  // namespace report_test
