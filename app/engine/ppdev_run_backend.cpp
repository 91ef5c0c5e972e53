#include "ppdev_run_backend.h"

#include "builtin_routines.h"
#include "run_controller.h"

namespace engine {
namespace {

std::unique_ptr<driver::PpdevPort> openPpdev(const BackendSpec& spec) {
    driver::PpdevOptions options;
    options.respond_on_interrupt = spec.respond_on_irq;
    try {
        return std::make_unique<driver::PpdevPort>(spec.device, options);
    } catch (const driver::PortOpenError& error) {
        throw RunError(error.what());
    }
}

}  // namespace

PpdevRunBackend::PpdevRunBackend(const Scenario& scenario)
    : port_(openPpdev(scenario.backend)), driver_(*port_) {
    proveAnInterruptComesBack(*port_, port_->label(),
                              port_->readRegister(driver::SppRegister::Status));
}

PpdevRunBackend::~PpdevRunBackend() {
    stopTrain();
    attach(nullptr, nullptr);
}

RunSource PpdevRunBackend::source(const Scenario& scenario) const {
    RunSource source;
    source.backend = "ppdev";
    source.label = port_->label();
    source.simulated = false;
    source.bus_model = "parallel port (ppdev, irq " + std::to_string(port_->irq()) + ")";
    source.wiring = scenario.wiring;
    return source;
}

routines::ClientFactory PpdevRunBackend::clientFactory() {
    return routines::BuiltinClient::factoryFor(*port_);
}

// The port sees no response edge (no loopback of D0 is read back): `responses` stays unused.
void PpdevRunBackend::attach(driver::InterruptObserver* interrupts, driver::ResponseObserver*) {
    if (interrupts != nullptr) {
        line_.open(port_->irq(), port_->counts().interrupts);
    }
    driver_.setObserver(interrupts);
    port_->synchronizeInterruptPath();
}

void PpdevRunBackend::startTrain(const StimulusSpec& stimulus, std::uint64_t planned) {
    stopTrain();
    train_ = std::make_unique<PulseTrain>(*port_, stimulus, planned);
    train_->start();
}

void PpdevRunBackend::stopTrain() {
    if (train_) {
        train_->stop();
    }
}

void PpdevRunBackend::synchronizeInterruptPath() {
    port_->synchronizeInterruptPath();
}

std::uint64_t PpdevRunBackend::stimuliSent(std::uint64_t, bool, const Scenario&) {
    return train_ ? train_->counts().sent : 0;
}

std::string PpdevRunBackend::endReason() const {
    const std::string failure = train_ ? train_->failure() : std::string();
    if (!failure.empty()) {
        return "the port went away during the run: " + failure;
    }
    if (port_->counts().io_errors > 0) {
        return "the port went away during the run (" + port_->label() + " refused its ioctls)";
    }
    return {};
}

void PpdevRunBackend::fillCounters(RunCounters& c) const {
    const driver::PpdevCounts counts = port_->counts();
    c.interrupts = counts.delivered;
    c.coalesced = counts.coalesced;
    fillTrainCounters(train_.get(), c);
    line_.close(counts.interrupts, c);
}

StimulusLateness PpdevRunBackend::stimulusLateness() const {
    return latenessOf(train_.get());
}

bool PpdevRunBackend::attached() const {
    return port_->counts().io_errors == 0;
}

}  // namespace engine
