// The interactive bench behind the GUI: a fixture (virtual or USB) with the port driver on it,
// or a real parallel port (ppdev, the kernel module) — the run back ends of run_backend.h —
// with life-cycle requests sent one by one as the technician asks (error statuses included: testing
// the contract's error rows is part of the job), a stimulus train to start and stop, and the
// engine thread that drains the interrupt path into per-phase statistics and a time-bucketed
// latency store. The UI pulls snapshots at display rate; nothing here ever signals it.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "latency_histogram.h"
#include "latency_timeline.h"
#include "sample.h"
#include "scenario.h"
#include "stimulus_lateness.h"

namespace hwbridge {
class Transport;
}  // namespace hwbridge

namespace engine {

class LifeCycleRequests;
class LiveRecorder;
class RunBackend;

struct LiveOptions {
    // virtual fixture (bus, faults), USB fixture (serial), ppdev or kernel module (device)
    BackendSpec backend;
    std::string wiring = "checkit";
    std::vector<IsrSpec> isrs{IsrSpec{}};
    hwbridge::Transport* transport = nullptr;  // tests: run on this instead; not owned
};

// One request as the driver answered it, for the request log.
struct LiveRequest {
    std::int64_t at_ns = 0;  // since the session started
    std::string request;     // "connect", "report_inactive", ...
    std::string status;      // "STATUS_SUCCESS", "STATUS_INVALID_PARAMETER", ...
    std::uint64_t information = 0;
};

// A stretch of the session in one port state, for the chart's bands.
struct LiveBand {
    PortState state = PortState::Disconnected;
    std::int64_t start_ns = 0;  // since the session started
    std::int64_t end_ns = 0;    // the snapshot's time for the band in force
};

struct LiveSnapshot {
    std::int64_t now_ns = 0;  // since the session started
    PortState state = PortState::Disconnected;
    bool stimulus_running = false;
    double rate_hz = 0;
    // "virtual fixture", "USB fixture <serial>", "ppdev /dev/parport0", "kernel module on ..."
    std::string source_label;
    bool simulated = true;
    bool attached = true;
    double clock_sync_error_ns = 0;

    std::array<std::uint64_t, kOutcomeCount> totals{};  // since the session started
    std::array<std::uint64_t, kOutcomeCount> phase{};   // in the phase in force
    LatencySummary phase_latency;                       // serviced in the phase in force
    std::int64_t last_latency_ns = 0;
    double interrupts_per_second = 0;  // over the last second
    std::uint64_t ring_overflow = 0;
    std::uint64_t violations = 0;  // every kind: outcomes, driver, client
    // The train's edges that left late: since the fixture was opened, or in the train in force
    // on a real port (each start there is a new host-timed train).
    StimulusLateness lateness;

    // The visible window, decimated: min/max latency per column, and the bands in it.
    std::vector<TimelineColumn> columns;
    std::vector<LiveBand> bands;
    LatencyHistogram histogram;  // the phase in force
    // Every serviced stimulus since the session started, whatever the phase (the live metrics'
    // cumulative histogram).
    LatencyHistogram session_latency;
    LatencyHistogram bus;
    LatencyHistogram dispatch;
};

class LiveSession {
public:
    // Throws engine::RunError when the fixture cannot be opened or configured.
    explicit LiveSession(LiveOptions options);
    ~LiveSession();

    LiveSession(const LiveSession&) = delete;
    LiveSession& operator=(const LiveSession&) = delete;

    LiveRequest connect();
    LiveRequest disconnect();
    LiveRequest reportInactive();
    LiveRequest reportActive();
    LiveRequest freePort();
    // A running train is replaced by one at the new rate.
    LiveRequest startStimulus(double rate_hz);
    LiveRequest stopStimulus();

    // The virtual fixture's plug, for fault drills; false on real hardware.
    bool unplugFixture();
    bool replugFixture();
    bool isVirtual() const;

    // UI thread, at display rate: a copy of everything a frame shows. `window_ns` of history
    // decimated into `columns` columns ending now.
    LiveSnapshot snapshot(std::size_t columns, std::int64_t window_ns) const;
    std::vector<LiveRequest> requestLog() const;

private:
    LiveRequest carryOut(StepKind step);
    LiveRequest logged(std::string request, std::string status, std::uint64_t information);
    void engineThreadMain();

    LiveOptions options_;
    Scenario scenario_;  // the options as the back end reads them
    std::unique_ptr<RunBackend> backend_;
    std::unique_ptr<LifeCycleRequests> requests_;
    std::unique_ptr<LiveRecorder> recorder_;

    // One request at a time, from whichever thread; snapshot() takes it to read the lateness of
    // a train a request may be replacing.
    mutable std::mutex requests_mutex_;
    mutable std::mutex log_mutex_;
    std::deque<LiveRequest> log_;
    std::atomic<double> rate_hz_{0};
    std::atomic<bool> stimulus_running_{false};

    std::atomic<bool> stopping_{false};
    std::thread engine_thread_;
};

}  // namespace engine
