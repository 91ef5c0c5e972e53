#include "run_metrics.h"

#include "exposition.h"

namespace report {
namespace {

constexpr const char* kLatency = "isrbench_interrupt_latency_seconds";

// How well the stimulus train kept its timebase: a run whose stimuli left late has part of its
// latency from the wait (counted from the due time), which a fleet dashboard should be able to
// tell from a slower interrupt path.
void writeLateness(std::string& out, const std::string& labels, const engine::RunCounters& c) {
    metrics::writeSingle(out, "isrbench_stimuli_left_late", "gauge",
                         "Stimuli that left over 1 us after their place on the timebase.", labels,
                         std::to_string(c.stimuli_left_late));
    metrics::writeSingle(out, "isrbench_stimulus_max_late_seconds", "gauge",
                         "How late the latest stimulus left.", labels,
                         metrics::formatNumber(static_cast<double>(c.stimulus_max_late_ns) * 1e-9));
}

}  // namespace

RunMetrics::RunMetrics(std::size_t phases) : phases_(phases), outcomes_(phases) {}

void RunMetrics::add(const engine::Sample& sample) {
    if (sample.phase >= phases_.size()) {
        return;
    }
    ++outcomes_[sample.phase][static_cast<std::size_t>(sample.outcome)];
    if (sample.hasLatency()) {
        phases_[sample.phase].add(sample.latencyNs());
    }
}

std::string RunMetrics::text(const engine::RunResult& result) const {
    std::vector<std::string> names;
    for (const engine::PhaseWindow& window : result.phases) {
        names.push_back(window.phase.name);
    }
    std::vector<Outcomes> stimuli(result.statistics.phaseCount());
    for (std::size_t p = 0; p < stimuli.size(); ++p) {
        stimuli[p] = result.statistics.phase(p).outcomes;
    }
    return write(result.meta, names, stimuli, &result);
}

std::string RunMetrics::progressText(const engine::RunMetadata& meta,
                                     const std::vector<engine::Phase>& phases) const {
    std::vector<std::string> names;
    for (const engine::Phase& phase : phases) {
        names.push_back(phase.name);
    }
    return write(meta, names, outcomes_, nullptr);
}

std::string RunMetrics::write(const engine::RunMetadata& meta,
                              const std::vector<std::string>& phase_names,
                              const std::vector<Outcomes>& stimuli,
                              const engine::RunResult* finished) const {
    const std::string run_labels = metrics::label("bench", meta.host) + ',' +
                                   metrics::label("source", meta.source.backend) + ',' +
                                   metrics::label("scenario", meta.scenario_name);
    const auto labels = [&](std::size_t phase) {
        return run_labels + ',' +
               metrics::label("phase", phase < phase_names.size() ? phase_names[phase] : "?");
    };
    std::string out;
    metrics::writeFamily(
        out, kLatency, "histogram",
        "Interrupt latency of the serviced stimuli, from each stimulus's due time.");
    for (std::size_t p = 0; p < phases_.size(); ++p) {
        phases_[p].write(out, kLatency, labels(p));
    }
    metrics::writeFamily(out, "isrbench_interrupt_latency_max_seconds", "gauge",
                         "The largest interrupt latency of the phase.");
    for (std::size_t p = 0; p < phases_.size(); ++p) {
        metrics::writeSample(out, "isrbench_interrupt_latency_max_seconds", labels(p),
                             metrics::formatNumber(static_cast<double>(phases_[p].max_ns) * 1e-9));
    }
    metrics::writeFamily(out, "isrbench_stimuli", "gauge",
                         "The phase's stimuli by the class they ended in.");
    for (std::size_t p = 0; p < stimuli.size(); ++p) {
        for (int o = 0; o < engine::kOutcomeCount; ++o) {
            const auto outcome = static_cast<engine::Outcome>(o);
            metrics::writeSample(out, "isrbench_stimuli",
                                 labels(p) + ',' + metrics::label("class", outcomeName(outcome)),
                                 std::to_string(stimuli[p][static_cast<std::size_t>(o)]));
        }
    }
    metrics::writeSimulated(out, run_labels, meta.source.simulated);
    if (finished != nullptr) {
        writeLateness(out, run_labels, finished->counters);
        metrics::writeSingle(
            out, "isrbench_run_valid", "gauge",
            "1 when the run's accounting held and no contract was violated, 0 otherwise.",
            run_labels, finished->valid() ? "1" : "0");
    }
    return out;
}

}  // namespace report
