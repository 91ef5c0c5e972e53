// The live session's recorder. Like RunRecorder, it stamps every interrupt with the phase in
// force and hands it through a lock-free ring (the interrupt path never locks, allocates or
// blocks), but its phases are not known in advance: each life-cycle request opens a new one.
// The engine thread drains the ring into 1 ms latency buckets (the last minute), the phase's
// statistics and the session's totals; the UI thread copies what a frame shows, decimated.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>

#include "fixture_port.h"
#include "interrupt_record.h"
#include "latency_histogram.h"
#include "latency_timeline.h"
#include "response_matcher.h"
#include "run_statistics.h"
#include "sample.h"
#include "scenario.h"
#include "sequence_tracker.h"
#include "spsc_ring.h"

namespace engine {

struct LiveSnapshot;

class LiveRecorder final : public driver::InterruptObserver, public driver::ResponseObserver {
public:
    // `stimuli_numbered`: the port numbers its stimuli, so a lost one is counted from the numbers
    // that went missing; otherwise it is estimated from record numbers shared with responses.
    LiveRecorder(std::int64_t start_ns, bool stimuli_numbered);

    LiveRecorder(const LiveRecorder&) = delete;
    LiveRecorder& operator=(const LiveRecorder&) = delete;

    // Request side: a request that may lead into `next` runs between these two calls; `at_ns`
    // (since the session started) is where the chart's band for it begins.
    void beginTransition(PortState next, std::int64_t at_ns);
    // The request has returned and left the port in `actual` (a refused request changes nothing).
    void settleTo(PortState actual);
    PortState state() const;
    std::int64_t startNs() const { return start_ns_; }

    // Interrupt path.
    void onInterruptHandled(const driver::InterruptRecord& record) noexcept override;
    void onResponseEdge(std::uint32_t sequence, std::int64_t t_host_ns) noexcept override;

    // Engine thread.
    void drain();

    // UI thread (any thread): what a frame shows.
    void fill(LiveSnapshot& snapshot, std::size_t columns, std::int64_t window_ns,
              std::int64_t now_ns) const;
    std::uint64_t ringOverflow() const { return overflow_.load(std::memory_order_relaxed); }

private:
    struct Stamp {
        std::uint32_t phase = 0;
        PortState state = PortState::Disconnected;
        PortState previous = PortState::Disconnected;
        bool in_transition = false;
    };
    struct RingEvent {
        bool response = false;
        std::uint32_t phase = 0;
        std::uint8_t routine_violations = 0;
        std::int32_t stimuli_missed = 0;
        Outcome outcome = Outcome::Lost;
        Sample sample;
    };
    struct Bucket {
        std::int64_t start_ns = 0;
        std::uint64_t interrupts = 0;
        TimelineColumn latency;
    };
    struct Band {
        std::uint32_t phase = 0;
        PortState state = PortState::Disconnected;
        std::int64_t start_ns = 0;
    };
    static constexpr std::size_t kRingCapacity = std::size_t{1} << 17;
    static constexpr std::int64_t kBucketNs = 1'000'000;
    static constexpr std::size_t kBucketsKept = 60'000;  // one minute of 1 ms buckets
    static constexpr std::size_t kBandsKept = 256;

    static std::uint64_t pack(const Stamp& stamp);
    static Stamp unpack(std::uint64_t packed);
    void take(const RingEvent& event);
    Bucket& bucketAt(std::int64_t t_ns);
    void openPhase(std::uint32_t phase);
    std::uint64_t phaseLost() const;

    const std::int64_t start_ns_;
    std::atomic<std::uint64_t> stamp_;
    driver::SpscRing<RingEvent, kRingCapacity> ring_;
    std::atomic<std::uint64_t> overflow_{0};

    // The engine thread writes, the UI thread reads: guarded, held for a copy at most.
    mutable std::mutex mutex_;
    std::deque<Bucket> buckets_;
    std::deque<Band> bands_;
    std::uint32_t phase_ = 0;  // the phase the statistics below belong to
    PhaseStatistics phase_statistics_;
    std::array<std::uint64_t, kOutcomeCount> totals_{};
    std::uint64_t routine_violations_ = 0;
    std::uint64_t missing_records_ = 0;  // record numbers that never arrived (phase in force)
    std::uint64_t phase_interrupts_ = 0;
    std::uint64_t phase_responses_ = 0;
    std::uint64_t lost_before_phase_ = 0;
    const bool stimuli_numbered_;
    std::int64_t phase_stimuli_missed_ = 0;  // numbered stimuli that went missing (phase in force)
    hwbridge::SequenceTracker sequences_;
    std::int64_t last_latency_ns_ = 0;
    LatencyHistogram session_latency_;  // every serviced stimulus since the session started
    ResponseMatcher responses_;         // round trips of the phase in force
};

}  // namespace engine
