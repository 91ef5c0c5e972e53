#include "run_result.h"

#include <algorithm>
#include <string>

namespace engine {
namespace {

PhaseSummary summariseStatistics(const std::string& name, PortState state,
                                 const PhaseStatistics& statistics) {
    PhaseSummary summary;
    summary.name = name;
    summary.state = state;
    summary.outcomes = statistics.outcomes;
    summary.latency = statistics.latency.summary();
    return summary;
}

}  // namespace

ResultSummary summarise(const RunResult& result) {
    ResultSummary summary;
    summary.meta = result.meta;
    for (std::size_t i = 0; i < result.phases.size() && i < result.statistics.phaseCount(); ++i) {
        const Phase& phase = result.phases[i].phase;
        summary.phases.push_back(
            summariseStatistics(phase.name, phase.state, result.statistics.phase(i)));
    }
    summary.overall =
        summariseStatistics("overall", PortState::Active, result.statistics.overall());
    summary.valid = result.valid();
    summary.problems = result.problems;
    return summary;
}

namespace {

std::int64_t medianOf(std::vector<std::int64_t> values) {
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

PhaseSummary combinePhase(const std::vector<const PhaseSummary*>& phases) {
    PhaseSummary combined;
    combined.name = phases.front()->name;
    combined.state = phases.front()->state;
    std::vector<const LatencySummary*> measured;
    for (const PhaseSummary* phase : phases) {
        for (std::size_t i = 0; i < combined.outcomes.size(); ++i) {
            combined.outcomes[i] += phase->outcomes[i];
        }
        combined.latency.count += phase->latency.count;
        if (phase->latency.count > 0) {
            measured.push_back(&phase->latency);
        }
    }
    if (measured.empty()) {
        return combined;
    }
    const auto median = [&](std::int64_t LatencySummary::*field) {
        std::vector<std::int64_t> values;
        for (const LatencySummary* latency : measured) {
            values.push_back(latency->*field);
        }
        return medianOf(std::move(values));
    };
    LatencySummary& l = combined.latency;
    l.p50 = median(&LatencySummary::p50);
    l.p90 = median(&LatencySummary::p90);
    l.p99 = median(&LatencySummary::p99);
    l.p999 = median(&LatencySummary::p999);
    l.p9999 = median(&LatencySummary::p9999);
    l.min = measured.front()->min;
    l.max = measured.front()->max;
    for (const LatencySummary* latency : measured) {
        l.min = std::min(l.min, latency->min);
        l.max = std::max(l.max, latency->max);
        l.mean +=
            latency->mean * static_cast<double>(latency->count) / static_cast<double>(l.count);
    }
    return combined;
}

// Every class from its own evidence: the fixture's count of stimuli, the engine's outcomes, and
// the lost ones from the fixture's stimulus numbers where it numbers them.
std::string accountingMismatch(const RunCounters& c, std::uint64_t accounted) {
    std::string text = "accounting: serviced + suppressed + unclaimed + lost + violation = " +
                       std::to_string(accounted);
    if (c.stimuli_lost_at_tail) {
        text += " (lost: " + std::to_string(c.stimuli_lost_in_gaps.value_or(0)) +
                " stimulus numbers missing between edges, " +
                std::to_string(*c.stimuli_lost_at_tail) +
                " after the last), but the fixture "
                "counted " +
                std::to_string(c.stimuli) + " stimuli";
    } else {
        text += ", but the fixture sent " + std::to_string(c.stimuli) + " stimuli";
    }
    return text;
}

// Counts kept by different parts must agree: the driver's own tally of the interrupts it
// classified, what the engine took off the ring and what the ring could not take.
void checkAgainstTheDriver(RunResult& result) {
    const RunCounters& c = result.counters;
    auto& problems = result.problems;
    if (c.ring_overflow > 0) {
        problems.push_back("accounting: the engine could not keep up, " +
                           std::to_string(c.ring_overflow) +
                           " samples were lost between the interrupt path and the engine");
    }
    if (c.driver_interrupts != c.received + c.ring_overflow + c.spurious) {
        problems.push_back(
            "accounting: the driver classified " + std::to_string(c.driver_interrupts) +
            " interrupts, the engine saw " + std::to_string(c.received) + " and lost " +
            std::to_string(c.ring_overflow) + ", with " + std::to_string(c.spurious) + " spurious");
    }
    if (c.host_irqs && *c.host_irqs != c.port_irqs) {
        problems.push_back("accounting: the kernel counted " + std::to_string(*c.host_irqs) +
                           " interrupts on the port's line (/proc/interrupts), the port " +
                           std::to_string(c.port_irqs));
    }
    if (c.stimuli > 0 && c.received == 0) {
        problems.push_back("accounting: " + std::to_string(c.stimuli) +
                           " stimuli were sent and no interrupt reached the driver (is the "
                           "loopback plug in, and the wiring right?)");
    }
}

}  // namespace

void checkInvariants(RunResult& result) {
    auto& problems = result.problems;
    const PhaseStatistics all = result.statistics.overall();
    const std::uint64_t accounted = all.stimuli();
    if (accounted != result.counters.stimuli) {
        problems.push_back(accountingMismatch(result.counters, accounted));
    }
    if (const auto v = all.count(Outcome::Violation); v > 0) {
        problems.push_back("contract: " + std::to_string(v) +
                           " stimuli were handled against the phase in force (violation)");
    }
    if (result.counters.driver_violations > 0) {
        problems.push_back("contract: the driver caught " +
                           std::to_string(result.counters.driver_violations) +
                           " routine calls after DISCONNECT or REPORT INACTIVE had returned");
    }
    if (result.counters.client_violations > 0) {
        problems.push_back("contract: the client routines saw " +
                           std::to_string(result.counters.client_violations) +
                           " calls while disconnected or reported inactive");
    }
    checkAgainstTheDriver(result);
    if (result.counters.bad_phase_samples > 0) {
        problems.push_back("accounting: " + std::to_string(result.counters.bad_phase_samples) +
                           " samples named a phase the run does not have");
    }
}

std::optional<ResultSummary> combineRuns(const std::vector<ResultSummary>& runs) {
    if (runs.empty()) {
        return std::nullopt;
    }
    ResultSummary combined;
    combined.meta = runs.front().meta;
    for (const ResultSummary& run : runs) {
        if (run.phases.size() != runs.front().phases.size()) {
            return std::nullopt;
        }
        for (std::size_t i = 0; i < run.phases.size(); ++i) {
            if (run.phases[i].state != runs.front().phases[i].state) {
                return std::nullopt;
            }
        }
        combined.valid = combined.valid && run.valid;
        combined.problems.insert(combined.problems.end(), run.problems.begin(), run.problems.end());
        combined.runs += run.runs;
    }
    combined.runs -= 1;  // started at 1
    for (std::size_t i = 0; i < runs.front().phases.size(); ++i) {
        std::vector<const PhaseSummary*> phases;
        for (const ResultSummary& run : runs) {
            phases.push_back(&run.phases[i]);
        }
        combined.phases.push_back(combinePhase(phases));
    }
    std::vector<const PhaseSummary*> overall;
    for (const ResultSummary& run : runs) {
        overall.push_back(&run.overall);
    }
    combined.overall = combinePhase(overall);
    return combined;
}

}  // namespace engine
