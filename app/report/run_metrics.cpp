#include "run_metrics.h"

#include <algorithm>
#include <cstdio>

namespace report {
namespace {

constexpr const char* kLatency = "isrbench_interrupt_latency_seconds";

// Label values escape backslash, double quote and newline (the exposition format's rule).
std::string escaped(std::string_view value) {
    std::string out;
    for (const char c : value) {
        if (c == '\\' || c == '"') {
            out += '\\';
            out += c;
        } else if (c == '\n') {
            out += "\\n";
        } else {
            out += c;
        }
    }
    return out;
}

std::string number(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.9g", value);
    return buffer;
}

void family(std::string& out, const char* name, const char* type, const char* help) {
    out += std::string("# HELP ") + name + ' ' + help + "\n# TYPE " + name + ' ' + type + '\n';
}

}  // namespace

RunMetrics::RunMetrics(std::size_t phases) : phases_(phases) {}

void RunMetrics::add(const engine::Sample& sample) {
    if (!sample.hasLatency() || sample.phase >= phases_.size()) {
        return;
    }
    PhaseLatency& phase = phases_[sample.phase];
    const std::int64_t latency_ns = sample.latencyNs();
    const double seconds = static_cast<double>(latency_ns) * 1e-9;
    for (std::size_t i = 0; i < kBucketBounds.size(); ++i) {
        phase.at_or_below[i] += seconds <= kBucketBounds[i];
    }
    ++phase.count;
    phase.sum_seconds += seconds;
    phase.max_ns = std::max(phase.max_ns, latency_ns);
}

std::string RunMetrics::text(const engine::RunResult& result) const {
    const std::string run_labels = "bench=\"" + escaped(result.meta.host) + "\",source=\"" +
                                   escaped(result.meta.source.backend) + "\",scenario=\"" +
                                   escaped(result.meta.scenario_name) + "\"";
    const auto labels = [&](std::size_t phase) {
        const std::string name =
            phase < result.phases.size() ? result.phases[phase].phase.name : "?";
        return run_labels + ",phase=\"" + escaped(name) + "\"";
    };
    std::string out;
    family(out, kLatency, "histogram",
           "Interrupt latency of the serviced stimuli, from each stimulus's due time.");
    for (std::size_t p = 0; p < phases_.size(); ++p) {
        const PhaseLatency& phase = phases_[p];
        for (std::size_t i = 0; i < kBucketBounds.size(); ++i) {
            out += std::string(kLatency) + "_bucket{" + labels(p) + ",le=\"" +
                   number(kBucketBounds[i]) + "\"} " + std::to_string(phase.at_or_below[i]) + '\n';
        }
        out += std::string(kLatency) + "_bucket{" + labels(p) + ",le=\"+Inf\"} " +
               std::to_string(phase.count) + '\n';
        out +=
            std::string(kLatency) + "_sum{" + labels(p) + "} " + number(phase.sum_seconds) + '\n';
        out += std::string(kLatency) + "_count{" + labels(p) + "} " + std::to_string(phase.count) +
               '\n';
    }
    family(out, "isrbench_interrupt_latency_max_seconds", "gauge",
           "The largest interrupt latency of the phase.");
    for (std::size_t p = 0; p < phases_.size(); ++p) {
        out += "isrbench_interrupt_latency_max_seconds{" + labels(p) + "} " +
               number(static_cast<double>(phases_[p].max_ns) * 1e-9) + '\n';
    }
    family(out, "isrbench_stimuli", "gauge", "The phase's stimuli by the class they ended in.");
    for (std::size_t p = 0; p < result.statistics.phaseCount(); ++p) {
        for (int o = 0; o < engine::kOutcomeCount; ++o) {
            const auto outcome = static_cast<engine::Outcome>(o);
            out += "isrbench_stimuli{" + labels(p) + ",class=\"" +
                   std::string(engine::outcomeName(outcome)) + "\"} " +
                   std::to_string(result.statistics.phase(p).count(outcome)) + '\n';
        }
    }
    family(out, "isrbench_run_valid", "gauge",
           "1 when the run's accounting held and no contract was violated, 0 otherwise.");
    out += "isrbench_run_valid{" + run_labels + "} " + (result.valid() ? "1" : "0") + '\n';
    return out;
}

}  // namespace report
