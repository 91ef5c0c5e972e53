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

namespace {

StimulusLateness latenessIn(const PulseTrainCounts& counts) {
    return {counts.late, counts.left_late, counts.max_late_ns};
}

}  // namespace

StimulusLateness latenessOf(const PulseTrain* train) {
    return train != nullptr ? latenessIn(train->counts()) : StimulusLateness{};
}

void fillTrainCounters(const PulseTrain* train, RunCounters& c) {
    if (train == nullptr) {
        fillLateness({}, c);
        return;
    }
    const PulseTrainCounts counts = train->counts();
    c.unanswered_stimuli = counts.unanswered;
    fillLateness(latenessIn(counts), c);
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
