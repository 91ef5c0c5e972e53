#include "kernel_run_backend.h"

#include "kernel_routine_client.h"
#include "run_controller.h"

namespace engine {
namespace {

std::unique_ptr<driver::KernelPortDriver> openModule(const BackendSpec& spec) {
    try {
        return std::make_unique<driver::KernelPortDriver>(
            spec.device.empty() ? driver::KernelPortDriver::kDefaultDevice : spec.device);
    } catch (const driver::KernelDriverError& error) {
        throw RunError(error.what());
    }
}

}  // namespace

KernelRunBackend::KernelRunBackend(const Scenario& scenario)
    : driver_(openModule(scenario.backend)) {
    // The module acknowledges each interrupt by reading the status; the probe tells no more.
    proveAnInterruptComesBack(*driver_, driver_->label(), 0xFF);
}

KernelRunBackend::~KernelRunBackend() {
    stopTrain();
    attach(nullptr, nullptr);
}

RunSource KernelRunBackend::source(const Scenario& scenario) const {
    RunSource source;
    source.backend = "kernel-module";
    source.label = driver_->label();
    source.simulated = false;
    source.bus_model = "parallel port (kernel module, irq " + std::to_string(driver_->irq()) + ")";
    source.wiring = scenario.wiring;
    return source;
}

routines::ClientFactory KernelRunBackend::clientFactory() {
    return routines::KernelRoutineClient::factoryFor(*driver_);
}

// The module reports no response edge: `responses` stays unused.
void KernelRunBackend::attach(driver::InterruptObserver* interrupts, driver::ResponseObserver*) {
    if (interrupts != nullptr) {
        driver_->synchronizeRecords();
        line_.open(driver_->irq(), driver_->counters().interrupts.interrupts);
        records_at_start_ = driver_->recordCounts();
    }
    driver_->setObserver(interrupts);
}

void KernelRunBackend::startTrain(const StimulusSpec& stimulus, std::uint64_t planned) {
    stopTrain();
    train_ = std::make_unique<PulseTrain>(*driver_, stimulus, planned);
    train_->start();
}

void KernelRunBackend::stopTrain() {
    if (train_) {
        train_->stop();
    }
}

std::uint64_t KernelRunBackend::stimuliSent(std::uint64_t, bool, const Scenario&) {
    return train_ ? train_->counts().sent : 0;
}

std::string KernelRunBackend::endReason() const {
    const std::string failure = train_ ? train_->failure() : std::string();
    if (!failure.empty()) {
        return "the port went away during the run: " + failure;
    }
    if (driver_->portGone()) {
        return "the port went away during the run (the module released it)";
    }
    return {};
}

void KernelRunBackend::fillCounters(RunCounters& c) const {
    const driver::KernelRecordCounts records = driver_->recordCounts();
    c.interrupts = records.records - records_at_start_.records;
    c.stream_missing_records = records.missing - records_at_start_.missing;
    fillTrainCounters(train_.get(), c);
    line_.close(driver_->counters().interrupts.interrupts, c);
}

StimulusLateness KernelRunBackend::stimulusLateness() const {
    return latenessOf(train_.get());
}

bool KernelRunBackend::attached() const {
    return !driver_->portGone();
}

}  // namespace engine
