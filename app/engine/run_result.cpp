#include "run_result.h"

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
        problems.push_back("accounting: serviced + suppressed + unclaimed + lost + violation = " +
                           std::to_string(accounted) + ", but the fixture sent " +
                           std::to_string(result.counters.stimuli) + " stimuli");
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

}  // namespace engine
