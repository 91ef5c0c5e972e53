#include "run_recorder.h"

#include <algorithm>

#include "monotonic_clock.h"

namespace engine {

RunRecorder::RunRecorder(std::vector<Phase> phases, std::int64_t run_start_ns, std::int64_t span_ns,
                         LatencyOrigin latency_from)
    : phases_(std::move(phases)),
      run_start_ns_(run_start_ns),
      latency_from_(latency_from),
      statistics_(phases_.size()),
      timeline_(span_ns, LatencyTimeline::kDefaultColumns),
      responses_([this](const Sample& sample) { close(sample); }),
      gaps_by_phase_(std::max<std::size_t>(phases_.size(), 1), 0),
      interrupts_by_phase_(gaps_by_phase_.size(), 0),
      responses_by_phase_(gaps_by_phase_.size(), 0),
      stimuli_missed_by_phase_(gaps_by_phase_.size(), 0) {}

void RunRecorder::publish(std::uint16_t phase, bool in_transition) {
    stamp_.store((std::uint32_t{phase} << 1) | (in_transition ? 1u : 0u),
                 std::memory_order_release);
}

std::uint16_t RunRecorder::currentPhase() const {
    return static_cast<std::uint16_t>(stamp_.load(std::memory_order_acquire) >> 1);
}

// ---- the interrupt path ---------------------------------------------------------------------

void RunRecorder::onInterruptHandled(const driver::InterruptRecord& record) noexcept {
    if (record.edge.sequence == 0) {  // a real port's interrupt with no stimulus behind it
        spurious_.store(spurious_.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
        return;
    }
    const std::uint32_t stamp = stamp_.load(std::memory_order_acquire);
    const PhaseStamp phase{static_cast<std::uint16_t>(stamp >> 1), (stamp & 1u) != 0};
    const Classification verdict = classify(phases_, phase, record.outcome, record.violations > 0);
    RingEvent event;
    event.kind = EventKind::Interrupt;
    event.routine_violations = record.violations;
    event.stimuli_missed = record.edge.stimuli_missed;
    event.sample.sequence = record.edge.sequence;
    event.sample.phase = verdict.phase;
    event.sample.outcome = verdict.outcome;
    event.sample.t_edge_ns = record.edge.t_edge_ns;
    event.sample.t_due_ns = latency_from_ == LatencyOrigin::Intended ? record.edge.t_due_ns : 0;
    event.sample.t_arrive_ns = record.edge.t_arrive_ns;
    event.sample.t_isr_ns = record.t_isr_ns;
    if (!ring_.push(event)) {
        overflow_.store(overflow_.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
    }
}

void RunRecorder::onResponseEdge(std::uint32_t sequence, std::int64_t t_host_ns) noexcept {
    RingEvent event;
    event.kind = EventKind::Response;
    event.sample.sequence = sequence;
    event.sample.t_resp_ns = t_host_ns;
    // A lost response costs a round-trip figure, not a stimulus: counted apart from overflow.
    if (!ring_.push(event)) {
        dropped_responses_.store(dropped_responses_.load(std::memory_order_relaxed) + 1,
                                 std::memory_order_relaxed);
    }
}

// ---- the engine thread ----------------------------------------------------------------------

std::size_t RunRecorder::drain() {
    std::size_t drained = 0;
    while (const auto event = ring_.pop()) {
        take(*event);
        ++drained;
    }
    responses_.expire(hwbridge::monotonicNowNs());
    return drained;
}

void RunRecorder::take(const RingEvent& event) {
    if (event.kind == EventKind::Interrupt) {
        noteSequence(static_cast<std::uint32_t>(event.sample.sequence), event.sample.phase);
        const std::size_t phase =
            std::min<std::size_t>(event.sample.phase, interrupts_by_phase_.size() - 1);
        ++interrupts_by_phase_[phase];
        stimuli_missed_by_phase_[phase] += event.stimuli_missed;
        takeInterrupt(event);
    } else {
        noteSequence(static_cast<std::uint32_t>(event.sample.sequence), phaseIndexNow());
        ++responses_by_phase_[phaseIndexNow()];
        takeResponse(event.sample);
    }
}

std::uint16_t RunRecorder::phaseIndexNow() const {
    return std::min<std::uint16_t>(currentPhase(),
                                   static_cast<std::uint16_t>(gaps_by_phase_.size() - 1));
}

// Record numbers count every record the fixture produced (edges of both lines, overflow and
// error records). Numbers that went missing (the tracker's gaps, less those filled by late
// arrivals) are noted against the phase of the record that revealed them.
void RunRecorder::noteSequence(std::uint32_t sequence, std::uint16_t phase) {
    const std::uint64_t missing_before = sequences_.counts().missing;
    sequences_.observe(sequence);
    const std::uint64_t missing_after = sequences_.counts().missing;
    auto& gaps = gaps_by_phase_[std::min<std::size_t>(phase, gaps_by_phase_.size() - 1)];
    if (missing_after >= missing_before) {
        gaps += missing_after - missing_before;
    } else {
        gaps -= std::min(gaps, missing_before - missing_after);  // a late record filled a gap
    }
}

void RunRecorder::takeInterrupt(const RingEvent& event) {
    ++received_;
    routine_violations_ += event.routine_violations;
    responses_.add(event.sample);
}

void RunRecorder::takeResponse(const Sample& response) {
    if (!responses_.respond(response.t_resp_ns)) {
        ++unmatched_responses_;
    }
}

void RunRecorder::close(const Sample& sample) {
    statistics_.add(sample);
    second_.add(sample);
    if (sample.hasLatency()) {
        timeline_.add(sample.t_start_ns() - run_start_ns_, sample.latencyNs());
    }
    if (sample_sink_) {
        sample_sink_(sample);
    }
}

void RunRecorder::finish(std::uint64_t stimuli_sent, std::optional<std::uint64_t> lost_at_tail) {
    drain();
    responses_.flush();
    if (lost_at_tail) {
        bookLostFromNumbers(*lost_at_tail);
    } else {
        bookLost(stimuli_sent);
    }
}

// Each numbered stimulus that went missing is booked in the phase where a later edge revealed
// the gap; one that arrived late after all cancels a gap of its own phase or, when it came in a
// later phase than its gap, of the phase before.
void RunRecorder::bookLostFromNumbers(std::uint64_t lost_at_tail) {
    if (phases_.empty()) {
        return;
    }
    std::vector<std::uint64_t> booked(phases_.size(), 0);
    std::int64_t carried = 0;  // late arrivals not yet set against a gap
    for (std::size_t p = booked.size(); p-- > 0;) {
        const std::int64_t missed = stimuli_missed_by_phase_[p] - carried;
        carried = missed < 0 ? -missed : 0;
        booked[p] = static_cast<std::uint64_t>(std::max<std::int64_t>(missed, 0));
    }
    booked.back() += lost_at_tail;
    bookLost(booked);
}

// A missing record was a stimulus's edge or a response edge; in each phase the ones that arrived
// tell the mix (an inactive phase has no responses: every missing record was a stimulus).
std::vector<std::uint64_t> RunRecorder::estimateLostStimuliByPhase() const {
    std::vector<std::uint64_t> estimate(gaps_by_phase_.size(), 0);
    for (std::size_t p = 0; p < estimate.size(); ++p) {
        const std::uint64_t arrived = interrupts_by_phase_[p] + responses_by_phase_[p];
        estimate[p] = arrived == 0
                          ? gaps_by_phase_[p]
                          : (gaps_by_phase_[p] * interrupts_by_phase_[p] + arrived / 2) / arrived;
    }
    return estimate;
}

// Stimuli the fixture sent that the engine never saw (the count is exact; where they went
// missing is estimated): booked in the phases where record numbers went missing, the rest (lost
// at the tail, where no later record reveals a gap) in the last phase.
void RunRecorder::bookLost(std::uint64_t stimuli_sent) {
    if (phases_.empty() || stimuli_sent <= received_) {
        return;
    }
    std::uint64_t lost = stimuli_sent - received_;
    const std::vector<std::uint64_t> estimate = estimateLostStimuliByPhase();
    std::vector<std::uint64_t> booked(phases_.size(), 0);
    for (std::size_t phase = 0; phase < booked.size() && lost > 0; ++phase) {
        booked[phase] = std::min(lost, estimate[phase]);
        lost -= booked[phase];
    }
    booked.back() += lost;
    bookLost(booked);
}

void RunRecorder::bookLost(const std::vector<std::uint64_t>& booked) {
    for (std::size_t phase = 0; phase < booked.size(); ++phase) {
        Sample missing;
        missing.phase = static_cast<std::uint16_t>(phase);
        missing.outcome = Outcome::Lost;
        for (std::uint64_t i = 0; i < booked[phase]; ++i) {
            close(missing);
        }
    }
}

SecondTally RunRecorder::takeSecond(std::int64_t second) {
    SecondTally tally;
    tally.second = second;
    tally.phase = currentPhase();
    tally.outcomes = second_.outcomes;
    tally.latency = second_.latency.summary();
    second_ = PhaseStatistics{};
    return tally;
}

}  // namespace engine
