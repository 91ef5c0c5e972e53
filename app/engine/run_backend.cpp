#include "run_backend.h"

#include "fixture_run_backend.h"
#include "kernel_run_backend.h"
#include "ppdev_run_backend.h"
#include "pulse_train.h"

namespace engine {

void fillLateness(const StimulusLateness& lateness, RunCounters& c) {
    c.late_stimuli = lateness.late_stimuli;
    c.stimuli_left_late = lateness.stimuli_left_late;
    c.stimulus_max_late_ns = lateness.stimulus_max_late_ns;
}

StimulusLateness latenessOf(const PulseTrainCounts& train) {
    return {train.late, train.left_late, train.max_late_ns};
}

std::unique_ptr<RunBackend> openRunBackend(const Scenario& scenario,
                                           hwbridge::Transport* transport) {
    if (transport != nullptr) {
        return std::make_unique<FixtureRunBackend>(nullptr, *transport, scenario);
    }
    switch (scenario.backend.kind) {
        case BackendKind::Ppdev:
            return std::make_unique<PpdevRunBackend>(scenario);
        case BackendKind::KernelModule:
            return std::make_unique<KernelRunBackend>(scenario);
        case BackendKind::VirtualFixture:
        case BackendKind::UsbFixture:
            break;
    }
    return openFixtureRunBackend(scenario);
}

}  // namespace engine
