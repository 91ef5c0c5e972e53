// Runs a scenario (`isrbench run`): opens the port (a fixture with the port driver on it, or a
// real parallel port through ppdev or the kernel module), starts the
// stimulus train, carries out the life-cycle timeline on time while the recorder accounts for
// every stimulus, and returns the result. The calling thread is the engine thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>

#include "run_backend.h"
#include "run_recorder.h"
#include "run_result.h"
#include "scenario.h"

namespace engine {

struct RunProgress {
    std::int64_t elapsed_ms = 0;
    std::int64_t planned_ms = 0;
    std::string phase;  // the phase in force
    std::uint64_t interrupts = 0;
    std::uint64_t serviced = 0;
    std::uint64_t violations = 0;
    std::int64_t last_p99_ns = 0;  // p99 of the last second
};

struct RunOptions {
    Scenario scenario;
    std::string scenario_file = "(built-in default)";
    std::string tool_version;
    // Set from a signal handler (Ctrl-C): the run ends early, cleanly, and still reports.
    const std::atomic<bool>* stop = nullptr;
    // A transport to run on instead of the scenario's back end (tests); not owned.
    hwbridge::Transport* transport = nullptr;
    std::function<void(const RunProgress&)> on_progress;  // about 10 times a second
    std::function<void(const Sample&)> on_sample;         // every stimulus, as it is accounted
    std::function<void(const SecondTally&)> on_second;    // once per second
    // Before time zero, with the metadata (the history's run row, the files).
    std::function<void(const RunMetadata&, const std::vector<Phase>&)> on_start;
    // Time zero on the host clock: every time in the result counts from it.
    std::function<void(std::int64_t start_monotonic_ns)> on_time_zero;
};

// Throws RunError if the run cannot start; everything after the start ends up in the result.
RunResult runScenario(const RunOptions& options);

// The stimuli a scenario sends: its count, or as many as its rate fits into the run.
std::uint64_t plannedStimuli(const Scenario& scenario);

}  // namespace engine
