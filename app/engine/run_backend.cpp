#include "run_backend.h"

#include "fixture_run_backend.h"
#include "kernel_run_backend.h"
#include "ppdev_run_backend.h"

namespace engine {

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
