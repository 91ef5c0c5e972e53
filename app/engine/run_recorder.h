// The run's recorder, on both sides of the interrupt path:
//  - on the port's report thread (the interrupt path) it classifies each interrupt by the phase
//    the engine has published and hands it, with the response edges, to a lock-free ring: no
//    lock, no allocation, never blocking; a full ring loses the sample and counts it;
//  - on the engine thread it drains the ring, matches each response edge to its stimulus by
//    the fixture's record sequence numbers, and feeds the statistics, the decimated timeline,
//    the per-second tally and whoever wants every sample (samples.csv).
// At the end it accounts for the stimuli that never reached the engine (lost), each in the phase
// where its sequence number went missing.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "classifier.h"
#include "fixture_port.h"
#include "interrupt_record.h"
#include "latency_timeline.h"
#include "response_matcher.h"
#include "run_statistics.h"
#include "sample.h"
#include "scenario.h"
#include "sequence_tracker.h"
#include "spsc_ring.h"

namespace engine {

// One second of a run, for the history (written while the run goes on).
struct SecondTally {
    std::int64_t second = 0;  // index from the run's start
    std::uint16_t phase = 0;  // the phase in force at the end of the second
    std::array<std::uint64_t, kOutcomeCount> outcomes{};
    LatencySummary latency;
};

class RunRecorder final : public driver::InterruptObserver, public driver::ResponseObserver {
public:
    RunRecorder(std::vector<Phase> phases, std::int64_t run_start_ns, std::int64_t span_ns,
                LatencyOrigin latency_from = LatencyOrigin::Intended);

    RunRecorder(const RunRecorder&) = delete;
    RunRecorder& operator=(const RunRecorder&) = delete;

    // Engine thread: the phase in force. A life-cycle request that leads into `phase` runs
    // between beginTransition and settle; interrupts meanwhile may match either side.
    void beginTransition(std::uint16_t phase) { publish(phase, true); }
    void settle(std::uint16_t phase) { publish(phase, false); }

    // Interrupt path (the port's report thread).
    void onInterruptHandled(const driver::InterruptRecord& record) noexcept override;
    void onResponseEdge(std::uint32_t sequence, std::int64_t t_host_ns) noexcept override;

    // Engine thread.
    std::size_t drain();
    // After the last stimulus: drains, closes the last sample and books the lost stimuli. From
    // evidence where the fixture numbers its stimuli (`lost_at_tail` given): each phase the
    // numbers that went missing in it, the last phase those after the last edge seen; otherwise
    // every stimulus the fixture sent that the engine never saw, where record numbers went missing.
    void finish(std::uint64_t stimuli_sent, std::optional<std::uint64_t> lost_at_tail);
    void setSampleSink(std::function<void(const Sample&)> sink) { sample_sink_ = std::move(sink); }
    // The tally of the second that just ended (call once per second).
    SecondTally takeSecond(std::int64_t second);

    const RunStatistics& statistics() const { return statistics_; }
    const LatencyTimeline& timeline() const { return timeline_; }
    std::uint64_t received() const { return received_; }  // interrupts the engine saw
    std::uint64_t ringOverflow() const { return overflow_.load(std::memory_order_relaxed); }
    // Interrupts with no stimulus behind them (sequence 0): not a stimulus, not a sample.
    std::uint64_t spurious() const { return spurious_.load(std::memory_order_relaxed); }
    std::uint64_t unmatchedResponses() const { return unmatched_responses_; }
    std::uint64_t droppedResponses() const {
        return dropped_responses_.load(std::memory_order_relaxed);
    }
    std::uint64_t routineViolations() const { return routine_violations_; }
    std::uint16_t currentPhase() const;

private:
    enum class EventKind : std::uint8_t { Interrupt, Response };
    struct RingEvent {
        EventKind kind = EventKind::Interrupt;
        std::uint8_t routine_violations = 0;
        std::int32_t stimuli_missed = 0;
        Sample sample;  // a response edge uses sequence and t_resp_ns only
    };
    static constexpr std::size_t kRingCapacity = std::size_t{1} << 16;

    void publish(std::uint16_t phase, bool in_transition);
    void take(const RingEvent& event);
    void takeInterrupt(const RingEvent& event);
    void takeResponse(const Sample& response);
    void noteSequence(std::uint32_t sequence, std::uint16_t phase);
    void close(const Sample& sample);
    void bookLost(std::uint64_t stimuli_sent);
    void bookLostFromNumbers(std::uint64_t lost_at_tail);
    void bookLost(const std::vector<std::uint64_t>& booked);
    std::vector<std::uint64_t> estimateLostStimuliByPhase() const;
    std::uint16_t phaseIndexNow() const;

    const std::vector<Phase> phases_;
    const std::int64_t run_start_ns_;
    const LatencyOrigin latency_from_;

    // Written by the engine thread, read by the interrupt path: phase << 1 | in_transition.
    std::atomic<std::uint32_t> stamp_{0};
    driver::SpscRing<RingEvent, kRingCapacity> ring_;
    std::atomic<std::uint64_t> overflow_{0};  // single writer: the interrupt path
    std::atomic<std::uint64_t> dropped_responses_{0};
    std::atomic<std::uint64_t> spurious_{0};  // single writer: the interrupt path

    // Engine thread only.
    RunStatistics statistics_;
    LatencyTimeline timeline_;
    ResponseMatcher responses_;  // serviced samples wait here for their response edge
    hwbridge::SequenceTracker sequences_;
    std::uint64_t received_ = 0;
    std::uint64_t unmatched_responses_ = 0;
    std::uint64_t routine_violations_ = 0;
    // Per phase (the one in force when the engine saw them): record numbers that went missing,
    // and the interrupts and response edges that arrived, to tell what the missing ones were.
    std::vector<std::uint64_t> gaps_by_phase_;
    std::vector<std::uint64_t> interrupts_by_phase_;
    std::vector<std::uint64_t> responses_by_phase_;
    std::vector<std::int64_t> stimuli_missed_by_phase_;  // numbered stimuli that went missing
    std::function<void(const Sample&)> sample_sink_;
    PhaseStatistics second_;
};

}  // namespace engine
