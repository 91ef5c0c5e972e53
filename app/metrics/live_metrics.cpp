#include "live_metrics.h"

#include <algorithm>
#include <utility>

#include "exposition.h"
#include "latency_buckets.h"

namespace metrics {
namespace {

constexpr const char* kLatency = "isrbench_live_interrupt_latency_seconds";
constexpr std::array kStates = {engine::PortState::Disconnected, engine::PortState::Active,
                                engine::PortState::Inactive};

// The engine's log-linear histogram in the shared bounds. Its buckets are narrower than 0.8 % of
// their values; a bucket counts within a bound only when all of it is, so a latency above a bound
// is never counted within it (one just below a bound may be counted in the next). Count, sum
// (mean × count) and max are the histogram's exact figures.
LatencyBuckets bucketsOf(const engine::LatencyHistogram& histogram) {
    LatencyBuckets buckets;
    histogram.forEachBucket([&](const engine::LatencyHistogram::Bucket& bucket) {
        buckets.addBucket(bucket.high, bucket.count);
    });
    if (histogram.count() > 0) {
        const engine::LatencySummary summary = histogram.summary();
        buckets.sum_seconds = summary.mean * static_cast<double>(summary.count) * 1e-9;
        buckets.max_ns = summary.max;
    }
    return buckets;
}

std::string seconds(double ns) {
    return formatNumber(ns * 1e-9);
}

}  // namespace

LiveMetrics::LiveMetrics(std::string bench) : bench_(std::move(bench)) {}

bool LiveMetrics::startsNewSession(const engine::LiveSnapshot& snapshot) const {
    if (!seen_) {
        return false;
    }
    if (snapshot.now_ns < last_now_ns_ || snapshot.source_label != last_source_ ||
        snapshot.session_latency.count() < last_latency_count_) {
        return true;
    }
    // Lost stimuli may be revised down; the other classes only ever grow within a session.
    for (int o = 0; o < engine::kOutcomeCount; ++o) {
        if (static_cast<engine::Outcome>(o) != engine::Outcome::Lost &&
            snapshot.totals[static_cast<std::size_t>(o)] < totals_[static_cast<std::size_t>(o)]) {
            return true;
        }
    }
    return snapshot.violations < violations_ || snapshot.ring_overflow < ring_overflow_;
}

std::string LiveMetrics::text(const engine::LiveSnapshot& snapshot) {
    if (startsNewSession(snapshot)) {
        totals_ = {};
        violations_ = 0;
        ring_overflow_ = 0;
    }
    seen_ = true;
    last_now_ns_ = snapshot.now_ns;
    last_source_ = snapshot.source_label;
    last_latency_count_ = snapshot.session_latency.count();
    for (std::size_t o = 0; o < totals_.size(); ++o) {
        totals_[o] = std::max(totals_[o], snapshot.totals[o]);
    }
    violations_ = std::max(violations_, snapshot.violations);
    ring_overflow_ = std::max(ring_overflow_, snapshot.ring_overflow);

    const std::string labels =
        label("bench", bench_) + ',' + label("source", snapshot.source_label);
    const std::string state = std::string(engine::portStateName(snapshot.state));
    const std::string phase_labels = labels + ',' + label("state", state);
    std::string out;

    writeSimulated(out, labels, snapshot.simulated);

    writeSingle(out, "isrbench_live_session_seconds", "gauge",
                "Time since the window's session started; back to 0 when the window opens a new "
                "session (another fixture or port), and the counters with it.",
                labels, seconds(static_cast<double>(snapshot.now_ns)));

    writeFamily(out, "isrbench_live_stimuli_total", "counter",
                "Stimuli since the session started by the class they ended in. lost comes from "
                "the stimulus numbers that went missing (or is estimated from record numbers) and "
                "is held at its highest value so far.");
    for (int o = 0; o < engine::kOutcomeCount; ++o) {
        const auto outcome = static_cast<engine::Outcome>(o);
        writeSample(out, "isrbench_live_stimuli_total",
                    labels + ',' + label("class", engine::outcomeName(outcome)),
                    std::to_string(totals_[static_cast<std::size_t>(o)]));
    }

    writeFamily(out, kLatency, "histogram",
                "Interrupt latency of every serviced stimulus since the session started, from "
                "each stimulus's due time, whatever the phase.");
    bucketsOf(snapshot.session_latency).write(out, kLatency, labels);

    writeSingle(out, "isrbench_live_violations_total", "counter",
                "Contract violations of every kind since the session started: an ISR that ran "
                "while inactive or disconnected, the driver's and the client's own checks.",
                labels, std::to_string(violations_));

    writeSingle(out, "isrbench_live_ring_overflow_total", "counter",
                "Interrupts the interrupt path could not hand to the engine (its ring was full) "
                "since the session started.",
                labels, std::to_string(ring_overflow_));

    writeFamily(out, "isrbench_live_state", "gauge",
                "1 for the life-cycle state the port is in, 0 for the others.");
    for (const engine::PortState each : kStates) {
        writeSample(out, "isrbench_live_state",
                    labels + ',' + label("state", engine::portStateName(each)),
                    each == snapshot.state ? "1" : "0");
    }

    writeFamily(out, "isrbench_live_phase_stimuli", "gauge",
                "Stimuli by class in the phase in force, since the last life-cycle request "
                "(back to 0 at each request, hence a gauge).");
    for (int o = 0; o < engine::kOutcomeCount; ++o) {
        const auto outcome = static_cast<engine::Outcome>(o);
        writeSample(out, "isrbench_live_phase_stimuli",
                    phase_labels + ',' + label("class", engine::outcomeName(outcome)),
                    std::to_string(snapshot.phase[static_cast<std::size_t>(o)]));
    }

    // Only while the phase has serviced stimuli: a 0 would read as a latency.
    const bool phase_latency = snapshot.phase_latency.count > 0;
    writeFamily(out, "isrbench_live_phase_latency_p99_seconds", "gauge",
                "The 99th percentile interrupt latency of the phase in force (absent until it "
                "has serviced stimuli).");
    if (phase_latency) {
        writeSample(out, "isrbench_live_phase_latency_p99_seconds", phase_labels,
                    seconds(static_cast<double>(snapshot.phase_latency.p99)));
    }
    writeFamily(out, "isrbench_live_phase_latency_max_seconds", "gauge",
                "The largest interrupt latency of the phase in force (absent until it has "
                "serviced stimuli).");
    if (phase_latency) {
        writeSample(out, "isrbench_live_phase_latency_max_seconds", phase_labels,
                    seconds(static_cast<double>(snapshot.phase_latency.max)));
    }

    writeSingle(out, "isrbench_live_interrupts_per_second", "gauge",
                "Interrupts the engine took in over the last second.", labels,
                formatNumber(snapshot.interrupts_per_second));

    writeSingle(out, "isrbench_live_stimulus_rate_hertz", "gauge",
                "The stimulus train's rate, 0 while no train runs.", labels,
                formatNumber(snapshot.stimulus_running ? snapshot.rate_hz : 0));

    writeSingle(out, "isrbench_live_fixture_attached", "gauge",
                "1 while the fixture is plugged in (always 1 on a parallel port).", labels,
                snapshot.attached ? "1" : "0");

    writeSingle(out, "isrbench_live_clock_sync_error_seconds", "gauge",
                "The error bound of the fixture-to-host clock mapping (0 where edges are stamped "
                "on the host clock).",
                labels, seconds(snapshot.clock_sync_error_ns));
    return out;
}

}  // namespace metrics
