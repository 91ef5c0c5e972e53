#include "fixture_run_backend.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <thread>

#include "builtin_routines.h"
#include "bus_model.h"
#include "fault_plan.h"
#include "libusb_transport.h"
#include "run_controller.h"
#include "virtual_fixture.h"

namespace engine {
namespace {

std::unique_ptr<driver::FixturePort> openPort(hwbridge::Transport& transport,
                                              const Scenario& scenario) {
    driver::FixturePortOptions port_options;
    port_options.wiring =
        hwbridge::spp::wiringFromName(scenario.wiring).value_or(port_options.wiring);
    try {
        return std::make_unique<driver::FixturePort>(transport, port_options);
    } catch (const std::runtime_error& error) {
        throw RunError(error.what());
    }
}

// A train longer than the fixture's longest runs endless (count 0) and is stopped by the run at
// its end, as every train is.
hwbridge::wire::StimulusBlock stimulusTrain(const StimulusSpec& stimulus, std::uint64_t planned,
                                            std::uint32_t max_burst) {
    const auto period_ns = static_cast<std::uint64_t>(std::llround(1e9 / stimulus.rate_hz));
    const bool random = stimulus.mode == StimulusMode::Random;
    return {random ? hwbridge::wire::StimulusMode::Random : hwbridge::wire::StimulusMode::Periodic,
            planned > 0 && planned <= max_burst ? static_cast<std::uint32_t>(planned) : 0u,
            std::max<std::uint64_t>(period_ns, 1), random ? 0x15Bu : 0u};
}

// STOP_STIMULUS does not wait for the train to end, and the fixture answers a new train with
// BUSY until it has: a train replaced at a new rate is retried for a short while.
hwbridge::FixtureResult<hwbridge::Unit> startPatiently(hwbridge::FixtureClient& client,
                                                       const hwbridge::wire::StimulusBlock& train) {
    constexpr auto kPatience = std::chrono::milliseconds(250);
    const auto give_up = std::chrono::steady_clock::now() + kPatience;
    while (true) {
        auto started = client.startStimulus(train);
        if (started.ok() || started.error.fixture != hwbridge::wire::ErrorCode::Busy ||
            std::chrono::steady_clock::now() >= give_up) {
            return started;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
}

std::unique_ptr<hwbridge::Transport> openVirtualFixture(const BackendSpec& spec) {
    hwbridge::VirtualFixtureOptions options;
    const auto bus = hwbridge::parseBusModel(spec.bus);
    const auto faults =
        spec.faults.empty() ? hwbridge::FaultPlan{} : hwbridge::parseFaultPlan(spec.faults);
    if (!bus || !faults) {  // the scenario parser checked both; a bug if it gets here
        throw RunError("the virtual fixture cannot use bus '" + spec.bus + "' / faults '" +
                       spec.faults + "'");
    }
    options.bus = *bus;
    options.faults = *faults;
    options.model.clock_drift_ppm = spec.clock_drift_ppm;
    options.share_one_cpu = spec.one_cpu;
    return std::make_unique<hwbridge::VirtualFixture>(options);
}

std::unique_ptr<hwbridge::Transport> openUsbFixture(const BackendSpec& spec) {
    hwbridge::LibusbTransportOptions options;
    options.serial = spec.serial;
    std::string error;
    auto usb = hwbridge::LibusbTransport::open(options, error);
    if (!usb) {
        throw RunError("no USB fixture" +
                       (spec.serial.empty() ? std::string() : " with serial " + spec.serial) +
                       ": " + error + " (isrbench devices lists the fixtures found)");
    }
    return usb;
}

}  // namespace

FixtureRunBackend::FixtureRunBackend(std::unique_ptr<hwbridge::Transport> owned,
                                     hwbridge::Transport& transport, const Scenario& scenario)
    : owned_(std::move(owned)),
      virtual_fixture_(dynamic_cast<hwbridge::VirtualFixture*>(&transport)),
      port_(openPort(transport, scenario)),
      driver_(*port_) {}

FixtureRunBackend::~FixtureRunBackend() {
    attach(nullptr, nullptr);
}

RunSource FixtureRunBackend::source(const Scenario& scenario) const {
    const hwbridge::DeviceIdentity identity = port_->identity();
    const hwbridge::ClockEstimate clock = port_->clock();
    RunSource source;
    source.simulated = identity.is_virtual;
    source.backend = identity.is_virtual ? "virtual-fixture" : "usb-fixture";
    source.serial = identity.serial;
    source.label = identity.is_virtual ? std::string(hwbridge::VirtualFixture::kLabel)
                                       : "USB fixture " + identity.serial;
    source.bus_model = identity.is_virtual ? scenario.backend.bus : identity.bus_speed;
    source.faults = identity.is_virtual ? scenario.backend.faults : std::string();
    source.wiring = scenario.wiring;
    source.firmware_version = port_->info().firmware_version;
    source.clock_sync_error_ns = clock.error_bound_ns;
    source.clock_sync_worst_error_ns = std::max(clock.error_bound_ns, port_->worstClockErrorNs());
    source.clock_drift_ppm = clock.drift * 1e6;
    source.clock_samples = clock.samples_used;
    return source;
}

// Only while attached: an unplugged fixture has no clock to read, and re-attach starts afresh.
void FixtureRunBackend::trackClock() {
    if (port_->attached()) {
        port_->trackClock();
    }
}

routines::ClientFactory FixtureRunBackend::clientFactory() {
    return routines::BuiltinClient::factoryFor(*port_);
}

// The driver calls its observer from inside the port's report callback, which
// setResponseObserver waits out: after both, the old observers are no longer reached.
void FixtureRunBackend::attach(driver::InterruptObserver* interrupts,
                               driver::ResponseObserver* responses) {
    driver_.setObserver(interrupts);
    port_->setResponseObserver(responses);
}

void FixtureRunBackend::startTrain(const StimulusSpec& stimulus, std::uint64_t planned) {
    if (!port_->client().setIrqEnable(true).ok()) {
        throw RunError("the fixture refused SET_IRQ_ENABLE");
    }
    port_->client().stopStimulus();  // a running train is replaced
    if (port_->numbersStimuli()) {
        counter_at_start_ = port_->stimulusCounter();
        stream_at_start_ = port_->counts();
    }
    const auto started =
        startPatiently(port_->client(), stimulusTrain(stimulus, planned, port_->info().max_burst));
    if (!started.ok()) {
        throw RunError("the fixture refused the stimulus train: " + started.error.text());
    }
}

void FixtureRunBackend::stopTrain() {
    port_->client().stopStimulus();
}

std::uint64_t FixtureRunBackend::stimuliSent(std::uint64_t received, bool train_complete,
                                             const Scenario& scenario) {
    counted_ = countedByTheFixture();
    if (counted_) {
        return *counted_;
    }
    if (virtual_fixture_ != nullptr) {
        return virtual_fixture_->counts().edges_generated;
    }
    // A real fixture does not report its edge count: the train's count if it ran to the end,
    // otherwise every edge that left a trace (received, a record number that went missing, or
    // an edge the fixture's own queue could not hold).
    const auto counts = port_->counts();
    const std::uint64_t traced = received + counts.missing_records + counts.overflow_lost;
    return train_complete ? std::max<std::uint64_t>(plannedStimuli(scenario), traced) : traced;
}

// The fixture's own count (GET_STATUS, 32 bits since power-up) over the run. A fixture that was
// unplugged restarted its count, and loss can then only be inferred.
std::optional<std::uint64_t> FixtureRunBackend::countedByTheFixture() {
    if (!counter_at_start_ || port_->counts().removals > stream_at_start_.removals) {
        return std::nullopt;
    }
    const auto now = port_->stimulusCounter();
    if (!now) {
        return std::nullopt;
    }
    return static_cast<std::uint32_t>(*now - *counter_at_start_);
}

// The stimuli after the last edge seen: the train's TRAIN_END record says where it ended; if
// that record went missing too, the fixture's count does.
std::optional<std::uint64_t> FixtureRunBackend::stimuliLostAtTail() const {
    if (!counted_) {
        return std::nullopt;
    }
    const driver::FixtureStreamCounts now = port_->counts();
    const std::uint64_t last_number = now.train_ends > stream_at_start_.train_ends
                                          ? now.train_end_number
                                          : stream_at_start_.stimulus_number + *counted_;
    return last_number > now.stimulus_number ? last_number - now.stimulus_number : 0;
}

std::string FixtureRunBackend::endReason() const {
    if (!port_->attached() || port_->counts().removals > 0) {
        return "the fixture was unplugged during the run";
    }
    return {};
}

void FixtureRunBackend::fillCounters(RunCounters& c) const {
    const auto stream = port_->counts();
    c.interrupts = stream.interrupts;
    c.stream_missing_records = stream.missing_records;
    c.stream_duplicate_records = stream.duplicate_records;
    c.stream_corrupt_records = stream.corrupt_records;
    c.stream_malformed_packets = stream.malformed_packets;
    c.stream_overflow_lost = stream.overflow_lost;
    c.report_errors = stream.report_errors;
    c.removals = stream.removals;
    c.isr_register_writes = stream.interrupt_level_writes;
    c.isr_register_writes_lost = stream.interrupt_level_writes_dropped +
                                 stream.interrupt_level_transfers.refused +
                                 stream.interrupt_level_transfers.failed;
    fillLateness(latenessFrom(stream), c);  // the same reading as the counts above
    if (const auto tail = stimuliLostAtTail()) {
        c.stimuli_lost_in_gaps = stream.stimuli_missing - stream_at_start_.stimuli_missing;
        c.stimuli_lost_at_tail = *tail;
    }
}

StimulusLateness FixtureRunBackend::stimulusLateness() const {
    return latenessFrom(port_->counts());
}

StimulusLateness FixtureRunBackend::latenessFrom(const driver::FixtureStreamCounts& stream) const {
    StimulusLateness lateness{.stimuli_left_late = stream.late_edges,  // from PLAN records
                              .stimulus_max_late_ns = stream.max_late_ns};
    if (virtual_fixture_ != nullptr) {
        const hwbridge::VirtualFixtureCounts generated = virtual_fixture_->counts();
        lateness.late_stimuli = generated.late_edges;
        lateness.stimulus_max_late_ns =
            std::max(lateness.stimulus_max_late_ns, generated.max_late_ns);
        // A PLAN record lost to an injected fault still left its edge late.
        lateness.stimuli_left_late = std::max(lateness.stimuli_left_late, lateness.late_stimuli);
    }
    return lateness;
}

std::unique_ptr<RunBackend> openFixtureRunBackend(const Scenario& scenario) {
    auto transport = scenario.backend.kind == BackendKind::VirtualFixture
                         ? openVirtualFixture(scenario.backend)
                         : openUsbFixture(scenario.backend);
    hwbridge::Transport& used = *transport;
    return std::make_unique<FixtureRunBackend>(std::move(transport), used, scenario);
}

}  // namespace engine
