// A run on the kernel module (driver/kmod) on a real parallel port: the module is the driver
// and calls its built-in ISRs in the interrupt handler; the stimulus is pulsed from here through
// the module, which stamps the edge itself.
#pragma once

#include <memory>

#include "kernel_port_driver.h"
#include "pulse_train.h"
#include "real_port_run.h"
#include "run_backend.h"

namespace engine {

class KernelRunBackend final : public RunBackend {
public:
    // Throws RunError saying why the module's device cannot be used.
    explicit KernelRunBackend(const Scenario& scenario);
    ~KernelRunBackend() override;

    RunSource source(const Scenario& scenario) const override;
    driver::ContractDriver& driver() override { return *driver_; }
    routines::ClientFactory clientFactory() override;
    void attach(driver::InterruptObserver* interrupts,
                driver::ResponseObserver* responses) override;
    void startTrain(const StimulusSpec& stimulus, std::uint64_t planned) override;
    void stopTrain() override;
    void synchronizeInterruptPath() override { driver_->synchronizeRecords(); }
    std::uint64_t stimuliSent(std::uint64_t received, bool train_complete,
                              const Scenario& scenario) override;
    std::string endReason() const override;
    void fillCounters(RunCounters& counters) const override;
    StimulusLateness stimulusLateness() const override;
    bool attached() const override;

private:
    std::unique_ptr<driver::KernelPortDriver> driver_;
    std::unique_ptr<PulseTrain> train_;
    InterruptLineWindow line_;
    driver::KernelRecordCounts records_at_start_;
};

}  // namespace engine
