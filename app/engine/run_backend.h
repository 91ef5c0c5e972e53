// Where a run's interrupts come from, behind one face: a fixture (virtual or USB) with the
// user-space driver on it, a real parallel port through ppdev with the user-space driver, or
// the kernel module on a real port. The run controller (a scenario) and the live session (the
// window) carry out the life cycle and account for every stimulus the same way on each.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "contract_driver.h"
#include "interrupt_record.h"
#include "isr_client.h"
#include "run_result.h"
#include "scenario.h"
#include "stimulus_lateness.h"

namespace hwbridge {
class Transport;
class VirtualFixture;
}  // namespace hwbridge

namespace driver {
class ResponseObserver;
}

namespace engine {

// The run could not start (no fixture or port, one that refuses its configuration).
class RunError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class RunBackend {
public:
    virtual ~RunBackend() = default;

    virtual RunSource source(const Scenario& scenario) const = 0;
    virtual driver::ContractDriver& driver() = 0;
    virtual routines::ClientFactory clientFactory() = 0;

    // Every handled interrupt goes to `interrupts`, and every response edge, where the port
    // sees them, to `responses`, from now on; nullptrs detach, returning once the interrupt
    // path no longer reaches the previous ones.
    virtual void attach(driver::InterruptObserver* interrupts,
                        driver::ResponseObserver* responses) = 0;
    // `planned` stimuli of `stimulus` (0: until stopTrain). A running train is replaced. Throws
    // RunError if the port refuses the train.
    virtual void startTrain(const StimulusSpec& stimulus, std::uint64_t planned) = 0;
    // Returns once no stimulus of the train can leave any more.
    virtual void stopTrain() = 0;
    // Returns once every interrupt the port was handling has been handled to the end, the
    // recorder's call included.
    virtual void synchronizeInterruptPath() = 0;

    // The stimuli that left the port, once the train has stopped and the last interrupts had
    // time to arrive (a fixture that counts its stimuli is asked); `received` is what the engine
    // saw, `train_complete` whether the train ran to its end.
    virtual std::uint64_t stimuliSent(std::uint64_t received, bool train_complete,
                                      const Scenario& scenario) = 0;
    // The port numbers its stimuli, so that each lost one shows as a missing number
    // (InterruptEdge::stimuli_missed).
    virtual bool numbersStimuli() const { return false; }
    // A fixture that numbers its stimuli: how many went missing after the last edge seen (from
    // its TRAIN_END record, or its count); nullopt where loss can only be inferred.
    virtual std::optional<std::uint64_t> stimuliLostAtTail() const { return std::nullopt; }
    // Why the run had to end early (fixture unplugged, port gone), empty when it did not.
    virtual std::string endReason() const = 0;
    // The port is there now (a fixture can be unplugged and come back; a real port cannot).
    virtual bool attached() const = 0;
    // The virtual fixture's model, for fault drills (unplug, re-plug); nullptr on real hardware.
    virtual hwbridge::VirtualFixture* virtualFixture() { return nullptr; }
    // Called a few times a second while interrupts flow: a fixture re-synchronises its clock
    // with the host's (its timestamps are mapped to host time); a port stamped on the host
    // clock has nothing to do.
    virtual void trackClock() {}
    // The port's own counts (stream anomalies, interrupts, the host's IRQ count).
    virtual void fillCounters(RunCounters& counters) const = 0;
    // Read from where the stimuli are timed (the fixture's PLAN records and generator, the
    // host's pulse train), never from the device: the window asks for it a few times a second.
    virtual StimulusLateness stimulusLateness() const = 0;
};

class PulseTrain;

// Copies the lateness into a run's counters.
void fillLateness(const StimulusLateness& lateness, RunCounters& counters);
// A host-timed train's (ppdev, the kernel module); none before the first start (nullptr).
StimulusLateness latenessOf(const PulseTrain* train);
// The same train's stimuli left unanswered and its lateness, from one reading of its counts.
void fillTrainCounters(const PulseTrain* train, RunCounters& counters);

// The scenario's back end, or a fixture on `transport` when one is given (tests, not owned).
// Throws RunError saying why it cannot be opened.
std::unique_ptr<RunBackend> openRunBackend(const Scenario& scenario,
                                           hwbridge::Transport* transport);

}  // namespace engine
