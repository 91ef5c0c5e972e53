// A run on a real parallel port through ppdev (/dev/parportN): the user-space driver on a
// PpdevPort, the stimulus pulsed from here, the ISRs called on the port's interrupt thread.
#pragma once

#include <memory>
#include <optional>

#include "port_driver.h"
#include "ppdev_port.h"
#include "pulse_train.h"
#include "real_port_run.h"
#include "run_backend.h"

namespace engine {

class PpdevRunBackend final : public RunBackend {
public:
    // Throws RunError saying why the port cannot be used.
    explicit PpdevRunBackend(const Scenario& scenario);
    ~PpdevRunBackend() override;

    RunSource source(const Scenario& scenario) const override;
    driver::ContractDriver& driver() override { return driver_; }
    routines::ClientFactory clientFactory() override;
    void attach(driver::InterruptObserver* interrupts,
                driver::ResponseObserver* responses) override;
    void startTrain(const StimulusSpec& stimulus, std::uint64_t planned) override;
    void stopTrain() override;
    void synchronizeInterruptPath() override;
    std::uint64_t stimuliSent(std::uint64_t received, bool train_complete,
                              const Scenario& scenario) override;
    std::string endReason() const override;
    void fillCounters(RunCounters& counters) const override;
    StimulusLateness stimulusLateness() const override;
    bool attached() const override;

private:
    std::unique_ptr<driver::PpdevPort> port_;
    driver::PortDriver driver_;
    std::unique_ptr<PulseTrain> train_;
    InterruptLineWindow line_;
};

}  // namespace engine
