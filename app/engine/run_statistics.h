// Per-phase and whole-run statistics of a run: the outcome counts and, for serviced stimuli, the
// histograms of interrupt latency and its bus and dispatch parts, and of the round trip.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "latency_histogram.h"
#include "sample.h"

namespace engine {

struct PhaseStatistics {
    std::array<std::uint64_t, kOutcomeCount> outcomes{};
    LatencyHistogram latency;     // t_isr - t_edge
    LatencyHistogram bus;         // t_arrive - t_edge
    LatencyHistogram dispatch;    // t_isr - t_arrive
    LatencyHistogram round_trip;  // t_resp - t_edge, when the response edge was captured

    std::uint64_t count(Outcome outcome) const {
        return outcomes[static_cast<std::size_t>(outcome)];
    }
    std::uint64_t stimuli() const;
    void add(const Sample& sample);
    void merge(const PhaseStatistics& other);
};

class RunStatistics {
public:
    explicit RunStatistics(std::size_t phases) : phases_(phases) {}

    // A sample naming a phase the run does not have is counted, not recorded.
    void add(const Sample& sample) {
        if (sample.phase >= phases_.size()) {
            ++bad_phase_;
            return;
        }
        phases_[sample.phase].add(sample);
    }

    const PhaseStatistics& phase(std::size_t index) const { return phases_.at(index); }
    std::size_t phaseCount() const { return phases_.size(); }
    PhaseStatistics overall() const;  // every phase merged
    std::uint64_t badPhaseSamples() const { return bad_phase_; }

private:
    std::vector<PhaseStatistics> phases_;
    std::uint64_t bad_phase_ = 0;
};

}  // namespace engine
