// Everything a run produced: where it ran, its phases with their measured boundaries, the
// per-phase statistics, the decimated latency timeline and the plumbing's own counters. Report
// writers, the history and the baseline comparison all read this one structure.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "host_facts.h"
#include "latency_timeline.h"
#include "realtime_settings.h"
#include "run_statistics.h"
#include "scenario.h"

namespace engine {

inline constexpr const char* kResultSchema = "isrbench.result/1";

// What the run measured on. Every report states it (DESIGN.md "Latency, defined").
struct RunSource {
    std::string backend;  // "virtual-fixture", "usb-fixture", "ppdev" or "kernel-module"
    // "virtual fixture", "USB fixture <serial>", "ppdev /dev/parport0", "kernel module on parport0"
    std::string label;
    std::string serial;
    bool simulated = true;  // the virtual fixture: labelled as simulated everywhere
    std::string bus_model;  // the virtual fixture's bus model, or the USB bus speed
    std::string faults;     // the virtual fixture's fault plan, empty for none
    std::string wiring;     // "checkit" or "norton"
    std::uint16_t firmware_version = 0;
    // The fixture-to-host clock mapping (0 on ports stamped on the host clock): its error bound
    // at the last fit, the largest bound any timestamp of the run was mapped with, the drift
    // fitted, and the number of GET_CLOCK round trips the fit kept.
    double clock_sync_error_ns = 0;
    double clock_sync_worst_error_ns = 0;
    double clock_drift_ppm = 0;
    std::size_t clock_samples = 0;

    // A fixture stamps edges on its own clock; ppdev and the kernel module on the host's.
    bool clockMapped() const { return backend == "virtual-fixture" || backend == "usb-fixture"; }
};

struct RunMetadata {
    std::string tool_version;
    std::string scenario_name;
    std::string scenario_file;  // the path given, or "(built-in default)"
    std::string scenario_hash;  // sha256 of the effective scenario (after --set), hex
    std::string scenario_json;  // the effective scenario, compact JSON
    std::string host;
    std::string kernel;
    std::string machine;    // DMI vendor and product, "unknown" without them
    bool emulated = false;  // QEMU: emulated hardware, whose timing is not real time
    HostFacts host_facts;
    RealtimeGrant realtime;  // what the run's threads got of the scenario's realtime request
    std::int64_t started_unix_ms = 0;
    std::int64_t start_monotonic_ns = 0;  // the run's time zero on the host clock
    std::int64_t planned_ms = 0;
    std::int64_t elapsed_ms = 0;
    bool interrupted = false;  // cut short (Ctrl-C, fixture gone); the report covers what ran
    std::string end_reason = "completed";
    // "intended": latency counts from when each stimulus was due (a late one adds its wait);
    // "edge": from when it left (stimulus.latency_from).
    std::string latency_from = "intended";
    RunSource source;
};

// A phase of the scenario and when it really began (its steps' requests were issued) and ended
// (the next phase began, or the stimuli stopped), from the run's start.
struct PhaseWindow {
    Phase phase;
    std::int64_t actual_start_ns = 0;  // from the run's start
    std::int64_t actual_end_ns = 0;
};

// The steps as carried out, with the driver's answer, for the report's event list.
struct StepRecord {
    TimelineStep step;
    std::int64_t at_ns = 0;  // from the run's start, when the request was issued
    std::int64_t took_ns = 0;
    std::string status;  // "STATUS_SUCCESS", ...
};

// The plumbing's own counts. Each is shown in reports; none may silently drop data.
struct RunCounters {
    std::uint64_t stimuli = 0;              // edges the fixture generated
    std::uint64_t interrupts = 0;           // nAck edges the port handed to the driver
    std::uint64_t driver_interrupts = 0;    // interrupts the driver classified (its own count)
    std::uint64_t received = 0;             // interrupts the engine took off the ring
    std::uint64_t dropped_responses = 0;    // response edges the full ring could not take
    std::uint64_t ring_overflow = 0;        // samples the engine could not take (lost samples)
    std::uint64_t unmatched_responses = 0;  // response edges with no serviced stimulus to match
    std::uint64_t bad_phase_samples = 0;
    std::uint64_t driver_violations = 0;  // calls the driver refused to make (contract breach)
    std::uint64_t client_violations = 0;  // calls the routines saw while they should not run
    std::uint64_t rejected_requests = 0;  // steps the driver answered with an error status
    std::uint64_t stream_missing_records = 0;
    std::uint64_t stream_duplicate_records = 0;
    std::uint64_t stream_corrupt_records = 0;
    std::uint64_t stream_malformed_packets = 0;
    std::uint64_t stream_overflow_lost = 0;
    std::uint64_t report_errors = 0;  // stalls, timeouts on the report endpoint
    std::uint64_t removals = 0;       // fixture unplugged during the run
    // A fixture: register writes the ISRs made (sent without waiting, after the dispatch), and
    // those that never reached the fixture (no room in the queue, refused, failed on the bus).
    std::uint64_t isr_register_writes = 0;
    std::uint64_t isr_register_writes_lost = 0;
    // A fixture that numbers its stimuli: the lost ones from that evidence (numbers that went
    // missing between edges, and after the last one); unset where loss is inferred (stimuli
    // sent less those received). `stimuli` is then the fixture's own count.
    std::optional<std::int64_t> stimuli_lost_in_gaps;
    std::optional<std::uint64_t> stimuli_lost_at_tail;
    // The stimulus train: on the virtual fixture and on a real port, the train runs on a fixed
    // timebase and each stimulus is checked against its place on it (a USB fixture's firmware
    // timer does not report lateness: 0 there).
    std::uint64_t late_stimuli = 0;  // stimuli that left a period or more late
    // Stimuli that left over 1 us (wire::kOnTimeToleranceNs) after their place: their latency
    // counts from when they were due (unless the scenario measures from the edge). A fixture
    // without PLAN records cannot tell: 0 there.
    std::uint64_t stimuli_left_late = 0;
    std::int64_t stimulus_max_late_ns = 0;  // the latest one's lateness (generator stalls)
    // A real port (ppdev, the kernel module).
    std::uint64_t spurious = 0;              // interrupts with no stimulus of ours behind them
    std::uint64_t coalesced = 0;             // interrupts merged into one ppdev wake-up
    std::uint64_t unanswered_stimuli = 0;    // pulses whose interrupt was not handled in time
    std::uint64_t port_irqs = 0;             // the port's own count of its interrupts
    std::optional<std::uint64_t> host_irqs;  // the kernel's (/proc/interrupts), where measured
};

struct RunResult {
    RunMetadata meta;
    std::vector<PhaseWindow> phases;
    std::vector<StepRecord> steps;
    RunStatistics statistics{0};
    LatencyTimeline timeline;
    RunCounters counters;
    // Accounting checks that failed (the invariant, violations): any entry makes the run invalid.
    std::vector<std::string> problems;

    bool valid() const { return problems.empty(); }
};

// What a baseline comparison needs of one phase: counts and latency summary. Built from a live
// result or read back from a result.json.
struct PhaseSummary {
    std::string name;
    PortState state = PortState::Disconnected;
    std::array<std::uint64_t, kOutcomeCount> outcomes{};
    LatencySummary latency;
    std::uint64_t stimuli() const {
        std::uint64_t total = 0;
        for (const auto n : outcomes) {
            total += n;
        }
        return total;
    }
};

struct ResultSummary {
    RunMetadata meta;
    std::vector<PhaseSummary> phases;
    PhaseSummary overall;
    bool valid = true;
    std::vector<std::string> problems;
    // Runs behind it: 1, or N for repeats combined by combineRuns (each latency figure is then
    // the median of the runs' figures, each count the sum).
    std::uint32_t runs = 1;
};

ResultSummary summarise(const RunResult& result);

// Repeated runs of one scenario as one summary: per phase, the counts summed and each latency
// quantile the median over the runs (what a repeat tells of this host, with the runs' noise
// halved as their number grows). Runs whose phases differ cannot be combined: std::nullopt.
std::optional<ResultSummary> combineRuns(const std::vector<ResultSummary>& runs);

// Re-checks the accounting of a finished run and fills result.problems (DESIGN.md "Every
// stimulus is accounted for"): serviced + suppressed + unclaimed + lost = stimuli, no violation.
void checkInvariants(RunResult& result);

}  // namespace engine
