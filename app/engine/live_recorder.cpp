#include "live_recorder.h"

#include <algorithm>

#include "classifier.h"
#include "live_session.h"
#include "monotonic_clock.h"

namespace engine {
namespace {

// A missing record number was a stimulus's edge or a response edge: the records that did arrive
// tell the mix (no responses: every missing record was a stimulus).
std::uint64_t estimateLost(std::uint64_t missing, std::uint64_t interrupts,
                           std::uint64_t responses) {
    const std::uint64_t arrived = interrupts + responses;
    return arrived == 0 ? missing : (missing * interrupts + arrived / 2) / arrived;
}

}  // namespace

// Samples wait in the matcher only for their round trip: the counts and latencies are taken
// as they arrive, the round trip when (if) its edge comes.
LiveRecorder::LiveRecorder(std::int64_t start_ns, bool stimuli_numbered)
    : start_ns_(start_ns),
      stamp_(pack({})),
      stimuli_numbered_(stimuli_numbered),
      responses_([this](const Sample& sample) {
          if (sample.t_resp_ns != 0) {
              phase_statistics_.round_trip.record(sample.t_resp_ns - sample.t_edge_ns);
          }
      }) {
    bands_.push_back({0, PortState::Disconnected, 0});
}

std::uint64_t LiveRecorder::pack(const Stamp& s) {
    return (std::uint64_t{s.phase} << 8) | (static_cast<std::uint64_t>(s.state) << 4) |
           (static_cast<std::uint64_t>(s.previous) << 1) | (s.in_transition ? 1u : 0u);
}

LiveRecorder::Stamp LiveRecorder::unpack(std::uint64_t packed) {
    return {static_cast<std::uint32_t>(packed >> 8), static_cast<PortState>((packed >> 4) & 0x7),
            static_cast<PortState>((packed >> 1) & 0x7), (packed & 1u) != 0};
}

// A request that may change the state opens a new phase first, so that what it does is seen in
// the phase it leads into, with the old state still acceptable while it runs.
void LiveRecorder::beginTransition(PortState next, std::int64_t at_ns) {
    const Stamp current = unpack(stamp_.load(std::memory_order_relaxed));
    stamp_.store(pack({current.phase + 1, next, current.state, true}), std::memory_order_release);
    std::lock_guard lock(mutex_);
    openPhase(current.phase + 1);
    bands_.push_back({current.phase + 1, next, at_ns});
    if (bands_.size() > kBandsKept) {
        bands_.pop_front();
    }
}

void LiveRecorder::settleTo(PortState actual) {
    Stamp current = unpack(stamp_.load(std::memory_order_relaxed));
    current.in_transition = false;
    current.state = actual;
    stamp_.store(pack(current), std::memory_order_release);
    std::lock_guard lock(mutex_);
    bands_.back().state = actual;
}

PortState LiveRecorder::state() const {
    return unpack(stamp_.load(std::memory_order_acquire)).state;
}

// ---- the interrupt path ---------------------------------------------------------------------

void LiveRecorder::onInterruptHandled(const driver::InterruptRecord& record) noexcept {
    const Stamp stamp = unpack(stamp_.load(std::memory_order_acquire));
    Outcome outcome = Outcome::Violation;
    const driver::InterruptClass expected = expectedHandling(stamp.state);
    if (record.violations == 0) {
        if (record.outcome == expected ||
            (stamp.in_transition && record.outcome == expectedHandling(stamp.previous))) {
            outcome = record.outcome == driver::InterruptClass::Serviced     ? Outcome::Serviced
                      : record.outcome == driver::InterruptClass::Suppressed ? Outcome::Suppressed
                                                                             : Outcome::Unclaimed;
        }
    }
    RingEvent event;
    event.phase = stamp.phase;
    event.routine_violations = record.violations;
    event.stimuli_missed = record.edge.stimuli_missed;
    event.outcome = outcome;
    event.sample.sequence = record.edge.sequence;
    event.sample.outcome = outcome;
    event.sample.t_edge_ns = record.edge.t_edge_ns;
    event.sample.t_due_ns = record.edge.t_due_ns;
    event.sample.t_arrive_ns = record.edge.t_arrive_ns;
    event.sample.t_isr_ns = record.t_isr_ns;
    if (!ring_.push(event)) {
        overflow_.store(overflow_.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
    }
}

void LiveRecorder::onResponseEdge(std::uint32_t sequence, std::int64_t t_host_ns) noexcept {
    RingEvent event;
    event.response = true;
    event.sample.sequence = sequence;
    event.sample.t_resp_ns = t_host_ns;
    ring_.push(event);  // a lost response costs a round-trip figure, not a stimulus
}

// ---- the engine thread ----------------------------------------------------------------------

void LiveRecorder::drain() {
    std::lock_guard lock(mutex_);
    while (const auto event = ring_.pop()) {
        take(*event);
    }
    responses_.expire(hwbridge::monotonicNowNs());
}

// The phase in force's lost stimuli: counted from the stimulus numbers where the port has them.
std::uint64_t LiveRecorder::phaseLost() const {
    return stimuli_numbered_
               ? static_cast<std::uint64_t>(std::max<std::int64_t>(phase_stimuli_missed_, 0))
               : estimateLost(missing_records_, phase_interrupts_, phase_responses_);
}

void LiveRecorder::openPhase(std::uint32_t phase) {
    lost_before_phase_ += phaseLost();
    phase_stimuli_missed_ = 0;
    phase_ = phase;
    responses_.flush();  // round trips still open belong to the phase that ends
    phase_statistics_ = PhaseStatistics{};
    missing_records_ = 0;
    phase_interrupts_ = 0;
    phase_responses_ = 0;
}

LiveRecorder::Bucket& LiveRecorder::bucketAt(std::int64_t t_ns) {
    const std::int64_t start = std::max<std::int64_t>(0, t_ns - start_ns_) / kBucketNs * kBucketNs;
    while (buckets_.empty() || buckets_.back().start_ns < start) {
        Bucket next;
        next.start_ns = buckets_.empty() ? start : buckets_.back().start_ns + kBucketNs;
        next.latency.start_ns = next.start_ns;
        buckets_.push_back(next);
        if (buckets_.size() > kBucketsKept) {
            buckets_.pop_front();
        }
    }
    // An edge older than the newest bucket (reordered records) goes into its own bucket if it is
    // still kept, else into the oldest.
    const auto index = static_cast<std::size_t>(
        std::clamp<std::int64_t>((start - buckets_.front().start_ns) / kBucketNs, 0,
                                 static_cast<std::int64_t>(buckets_.size()) - 1));
    return buckets_[index];
}

void LiveRecorder::take(const RingEvent& event) {
    const std::uint64_t missing_before = sequences_.counts().missing;
    sequences_.observe(static_cast<std::uint32_t>(event.sample.sequence));
    const std::uint64_t missing_after = sequences_.counts().missing;
    missing_records_ =
        missing_after >= missing_before
            ? missing_records_ + (missing_after - missing_before)
            : missing_records_ - std::min(missing_records_, missing_before - missing_after);
    if (event.response) {
        ++phase_responses_;
        responses_.respond(event.sample.t_resp_ns);
        return;
    }
    routine_violations_ += event.routine_violations;
    ++totals_[static_cast<std::size_t>(event.outcome)];
    Sample counted = event.sample;
    counted.t_resp_ns = 0;  // the round trip is recorded when its edge comes
    // An interrupt stamped before the phase in force opened counts in the totals only.
    if (event.phase == phase_) {
        ++phase_interrupts_;
        phase_stimuli_missed_ += event.stimuli_missed;
        phase_statistics_.add(counted);
    } else if (stimuli_numbered_ && event.stimuli_missed > 0) {
        lost_before_phase_ += static_cast<std::uint64_t>(event.stimuli_missed);
    }
    Bucket& bucket = bucketAt(event.sample.t_edge_ns);
    ++bucket.interrupts;
    if (counted.hasLatency()) {
        const std::int64_t latency = counted.latencyNs();
        ++bucket.latency.count;
        bucket.latency.min_ns = std::min(bucket.latency.min_ns, latency);
        bucket.latency.max_ns = std::max(bucket.latency.max_ns, latency);
        last_latency_ns_ = latency;
        session_latency_.record(latency);
    }
    if (event.phase == phase_) {
        responses_.add(counted);
    }
}

// ---- the UI thread --------------------------------------------------------------------------

void LiveRecorder::fill(LiveSnapshot& snapshot, std::size_t columns, std::int64_t window_ns,
                        std::int64_t now_ns) const {
    std::lock_guard lock(mutex_);
    snapshot.totals = totals_;
    const std::uint64_t lost_now = phaseLost();
    snapshot.totals[static_cast<std::size_t>(Outcome::Lost)] = lost_before_phase_ + lost_now;
    snapshot.phase = phase_statistics_.outcomes;
    snapshot.phase[static_cast<std::size_t>(Outcome::Lost)] = lost_now;
    snapshot.phase_latency = phase_statistics_.latency.summary();
    snapshot.histogram = phase_statistics_.latency;
    snapshot.bus = phase_statistics_.bus;
    snapshot.dispatch = phase_statistics_.dispatch;
    snapshot.session_latency = session_latency_;
    snapshot.last_latency_ns = last_latency_ns_;
    snapshot.violations =
        totals_[static_cast<std::size_t>(Outcome::Violation)] + routine_violations_;
    snapshot.ring_overflow = ringOverflow();

    // Min/max per column over the buckets in the window: the chart never sees a raw sample.
    const std::int64_t window_start = now_ns - window_ns;
    LatencyTimeline timeline(window_ns, columns);
    std::uint64_t last_second = 0;
    for (const Bucket& bucket : buckets_) {
        if (bucket.start_ns >= now_ns - 1'000'000'000) {
            last_second += bucket.interrupts;
        }
        if (bucket.start_ns < window_start || bucket.latency.count == 0) {
            continue;
        }
        timeline.add(bucket.start_ns - window_start, bucket.latency);
    }
    snapshot.interrupts_per_second = static_cast<double>(last_second);
    snapshot.bands.clear();
    for (std::size_t i = 0; i < bands_.size(); ++i) {
        const std::int64_t end = i + 1 < bands_.size() ? bands_[i + 1].start_ns : now_ns;
        if (end >= window_start) {
            snapshot.bands.push_back(
                {bands_[i].state, std::max(bands_[i].start_ns, window_start), end});
        }
    }
    snapshot.columns.clear();
    for (TimelineColumn column : timeline.columns()) {
        column.start_ns += window_start;
        snapshot.columns.push_back(column);
    }
}

}  // namespace engine
