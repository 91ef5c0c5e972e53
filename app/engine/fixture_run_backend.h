// A run on a fixture (hwbridge/PROTOCOL.md): the virtual fixture or a USB one, through its
// transport, with the user-space driver on a FixturePort. The fixture generates the train in its
// firmware and timestamps every edge itself.
#pragma once

#include <memory>

#include "fixture_port.h"
#include "port_driver.h"
#include "run_backend.h"

namespace hwbridge {
class VirtualFixture;
}

namespace engine {

class FixtureRunBackend final : public RunBackend {
public:
    // Owns the transport when `owned` is set; `transport` is the one to use either way.
    FixtureRunBackend(std::unique_ptr<hwbridge::Transport> owned, hwbridge::Transport& transport,
                      const Scenario& scenario);
    ~FixtureRunBackend() override;

    RunSource source(const Scenario& scenario) const override;
    driver::ContractDriver& driver() override { return driver_; }
    routines::ClientFactory clientFactory() override;
    void attach(driver::InterruptObserver* interrupts,
                driver::ResponseObserver* responses) override;
    void startTrain(const StimulusSpec& stimulus, std::uint64_t planned) override;
    void stopTrain() override;
    void synchronizeInterruptPath() override { port_->synchronizeInterruptPath(); }
    std::uint64_t stimuliSent(std::uint64_t received, bool train_complete,
                              const Scenario& scenario) override;
    std::optional<std::uint64_t> stimuliLostAtTail() const override;
    bool numbersStimuli() const override { return port_->numbersStimuli(); }
    std::string endReason() const override;
    void fillCounters(RunCounters& counters) const override;
    StimulusLateness stimulusLateness() const override;
    bool attached() const override { return port_->attached(); }
    void trackClock() override;
    hwbridge::VirtualFixture* virtualFixture() override { return virtual_fixture_; }

private:
    StimulusLateness latenessFrom(const driver::FixtureStreamCounts& stream) const;

    std::unique_ptr<hwbridge::Transport> owned_;
    hwbridge::VirtualFixture* const virtual_fixture_;
    // Where the fixture numbers and counts its stimuli: the run's counts are taken from the
    // train's start; `counted_` is the fixture's own count over the run, once the train is over.
    std::optional<std::uint64_t> countedByTheFixture();

    std::unique_ptr<driver::FixturePort> port_;
    driver::PortDriver driver_;
    std::optional<std::uint32_t> counter_at_start_;
    driver::FixtureStreamCounts stream_at_start_;
    std::optional<std::uint64_t> counted_;
};

// Opens the scenario's fixture (virtual or USB); throws RunError.
std::unique_ptr<RunBackend> openFixtureRunBackend(const Scenario& scenario);

}  // namespace engine
