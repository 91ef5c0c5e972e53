// A run, as written in a scenario file (resources/scenarios/README.md): the port back end, the
// loopback wiring, the stimulus train, the ISRs and the life-cycle timeline. Parsing validates
// everything before a run starts; every problem names file, line and column (or the --set that
// caused it) and what was expected.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "realtime_settings.h"

namespace engine {

class ScenarioError : public std::runtime_error {
public:
    ScenarioError(std::string where, const std::string& message)
        : std::runtime_error(where + ": " + message), where_(std::move(where)) {}
    const std::string& where() const { return where_; }  // "file:line:column" or "--set X=Y"

private:
    std::string where_;
};

enum class BackendKind { VirtualFixture, UsbFixture, Ppdev, KernelModule };
enum class StimulusMode { Periodic, Random };
enum class StepKind { Connect, ReportInactive, ReportActive, Disconnect, FreePort };
enum class PortState { Disconnected, Active, Inactive };

std::string_view stepName(StepKind step);
std::string_view backendKindName(BackendKind kind);  // as scenario files spell it
// A real port's device when the scenario names none.
std::string defaultDevice(BackendKind kind);
std::string_view portStateName(PortState state);

struct BackendSpec {
    BackendKind kind = BackendKind::VirtualFixture;
    std::string bus = "ideal";    // virtual fixture: a bus model (hwbridge/virtual/bus_model.h)
    std::string faults;           // virtual fixture: a fault plan, empty for none
    double clock_drift_ppm = 0;   // virtual fixture: how fast its crystal runs against the host
    std::string serial;           // USB fixture: empty for the first one found
    std::string device;           // ppdev: /dev/parportN; kernel: /dev/isrbench-parportN
    bool respond_on_irq = false;  // ppdev: the response written by the kernel (PPWCTLONIRQ)
    bool one_cpu = false;  // virtual fixture: generator and report thread on one CPU (hides stalls)
    // Virtual fixture fault drill: its stimulus generator loses its CPU for this long (0: never),
    // this far into the run; the stimuli due meanwhile leave late.
    std::int64_t generator_stall_ms = 0;
    std::int64_t generator_stall_at_ms = 0;
};

// Where latency counts from: when the stimulus was due on the train's timebase (a stimulus
// that left late adds its wait, so that a stall shows as latency: coordinated omission), or the
// edge as it left.
enum class LatencyOrigin : std::uint8_t { Intended, Edge };

struct StimulusSpec {
    StimulusMode mode = StimulusMode::Periodic;
    double rate_hz = 1000;   // periodic rate, or mean rate of the random train
    std::int64_t count = 0;  // 0: as many as fit in the run
    LatencyOrigin latency_from = LatencyOrigin::Intended;
};

struct IsrSpec {
    std::string routine = "responder";
    std::int64_t context = 1;
};

struct TimelineStep {
    std::int64_t at_ms = 0;
    StepKind step = StepKind::Connect;
};

// The stretch of the run between two steps, in the state the steps left the port in.
struct Phase {
    std::string name;  // "2 inactive"
    std::int64_t start_ms = 0;
    std::int64_t end_ms = 0;
    PortState state = PortState::Disconnected;
};

// The regression verdict's limits and its model of this host's run-to-run noise
// (engine/baseline.h says how they are used).
struct Thresholds {
    double p50_ratio = 1.10;  // current / baseline beyond which a phase regressed
    double p99_ratio = 1.25;
    double p999_ratio = 1.50;
    // The maximum is one sample: shown always, judged only when a limit is set.
    std::optional<double> max_ratio;
    // How much a quantile moves between two identical runs of the same scenario on the same
    // host, beyond what the samples of one run explain: the standard deviation of the
    // difference, as a share of the baseline's value plus an absolute part. Calibrated on a
    // 2-vCPU Debian VM, idle and busy (README, "How a verdict is reached"): between identical
    // runs its median moved by up to 8 us (wake-ups from idle), a 500-stimulus phase's p99 by
    // several ms (the VM loses its CPU for up to 7.5 ms, even at SCHED_FIFO: a stall lands in one
    // run of a pair and not the other, even as the median of 3 repeats; latency counts from each
    // stimulus's due time, so the stimuli a stall delays carry it). Where the stalls come often,
    // the tail is milliseconds on both sides and one side's can be several times the other's (CI:
    // a p99 3.8x its identical twin's): the tail's relative part is the whole value.
    double p50_noise = 0.10;
    double p50_noise_us = 3;
    double p99_noise = 1.0;
    double p99_noise_us = 2000;
    double p999_noise = 1.0;
    double p999_noise_us = 5000;
};

struct Scenario {
    std::string name = "unnamed";
    BackendSpec backend;
    RealtimeRequest realtime;
    std::string wiring = "checkit";
    StimulusSpec stimulus;
    std::vector<IsrSpec> isrs;
    std::vector<TimelineStep> timeline;
    std::int64_t duration_ms = 3000;
    Thresholds thresholds;

    std::vector<Phase> phases() const;
};

// `overrides` are "PATH=VALUE" (--set): applied before validation, with the same checks. VALUE is
// JSON when it parses as JSON, a string otherwise.
Scenario parseScenario(std::string_view text, const std::string& file_name,
                       const std::vector<std::string>& overrides = {});
Scenario loadScenarioFile(const std::string& path, const std::vector<std::string>& overrides = {});

}  // namespace engine
