#include "run_statistics.h"

namespace engine {

std::uint64_t PhaseStatistics::stimuli() const {
    std::uint64_t total = 0;
    for (const std::uint64_t n : outcomes) {
        total += n;
    }
    return total;
}

void PhaseStatistics::add(const Sample& sample) {
    ++outcomes[static_cast<std::size_t>(sample.outcome)];
    if (!sample.hasLatency()) {
        return;
    }
    latency.record(sample.latencyNs());
    if (sample.t_arrive_ns != 0) {
        bus.record(sample.t_arrive_ns - sample.t_edge_ns);
        dispatch.record(sample.t_isr_ns - sample.t_arrive_ns);
    }
    if (sample.t_resp_ns != 0) {
        round_trip.record(sample.t_resp_ns - sample.t_edge_ns);
    }
}

void PhaseStatistics::merge(const PhaseStatistics& other) {
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
        outcomes[i] += other.outcomes[i];
    }
    latency.merge(other.latency);
    bus.merge(other.bus);
    dispatch.merge(other.dispatch);
    round_trip.merge(other.round_trip);
}

PhaseStatistics RunStatistics::overall() const {
    PhaseStatistics all;
    for (const auto& phase : phases_) {
        all.merge(phase);
    }
    return all;
}

}  // namespace engine
