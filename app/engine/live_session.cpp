#include "live_session.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <thread>

#include "builtin_routines.h"
#include "bus_model.h"
#include "contract/ntstatus.h"
#include "fault_plan.h"
#include "fixture_port.h"
#include "libusb_transport.h"
#include "life_cycle_requests.h"
#include "live_recorder.h"
#include "monotonic_clock.h"
#include "port_driver.h"
#include "run_controller.h"
#include "virtual_fixture.h"

namespace engine {
namespace {

constexpr std::size_t kLogKept = 1000;
constexpr auto kDrainEvery = std::chrono::milliseconds(2);

std::unique_ptr<hwbridge::Transport> openTransport(const BackendSpec& spec) {
    if (spec.kind == BackendKind::UsbFixture) {
        hwbridge::LibusbTransportOptions options;
        options.serial = spec.serial;
        std::string error;
        auto usb = hwbridge::LibusbTransport::open(options, error);
        if (!usb) {
            throw RunError("no USB fixture: " + error);
        }
        return usb;
    }
    hwbridge::VirtualFixtureOptions options;
    const auto bus = hwbridge::parseBusModel(spec.bus);
    const auto faults =
        spec.faults.empty() ? hwbridge::FaultPlan{} : hwbridge::parseFaultPlan(spec.faults);
    if (!bus || !faults) {
        throw RunError("the virtual fixture cannot use bus '" + spec.bus + "' / faults '" +
                       spec.faults + "'");
    }
    options.bus = *bus;
    options.faults = *faults;
    return std::make_unique<hwbridge::VirtualFixture>(options);
}

// The state a successful request leaves the port in, for the recorder's phase stamp.
PortState stateAfter(StepKind step, PortState before) {
    switch (step) {
        case StepKind::Connect:
            return before == PortState::Disconnected ? PortState::Active : before;
        case StepKind::ReportActive:
            return PortState::Active;
        case StepKind::ReportInactive:
            return PortState::Inactive;
        case StepKind::Disconnect:
            return PortState::Disconnected;  // every connected ISR of the session goes
        case StepKind::FreePort:
            return before;
    }
    return before;
}

// The Information the driver completed the step with: that of the newest request logged since
// `after` with the step's status (a step sends one request per ISR; it answers with the first
// status that was not a success, or with the last success).
std::uint64_t informationOf(const driver::PortDriver& driver, std::uint64_t after,
                            contract::NtStatus status) {
    constexpr std::size_t kLookBack = 64;  // more than the requests of one step (16 ISRs)
    const std::vector<driver::RequestLogEntry> newest = driver.requestLog(kLookBack);
    for (auto entry = newest.rbegin(); entry != newest.rend() && entry->number > after; ++entry) {
        if (entry->status == status) {
            return entry->information;
        }
    }
    return 0;
}

std::uint64_t newestRequestNumber(const driver::PortDriver& driver) {
    const std::vector<driver::RequestLogEntry> newest = driver.requestLog(1);
    return newest.empty() ? 0 : newest.back().number;
}

// STOP_STIMULUS does not wait for the train to end, and the fixture answers a new train with
// BUSY until it has: a train replaced at a new rate is retried for a short while.
hwbridge::FixtureResult<hwbridge::Unit> startTrain(hwbridge::FixtureClient& client,
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

PortState portStateOf(driver::ConnectionState state) {
    switch (state) {
        case driver::ConnectionState::ConnectedActive:
            return PortState::Active;
        case driver::ConnectionState::ConnectedInactive:
            return PortState::Inactive;
        case driver::ConnectionState::NoClient:
            return PortState::Disconnected;
    }
    return PortState::Disconnected;
}

}  // namespace

LiveSession::LiveSession(LiveOptions options) : options_(std::move(options)) {
    if (options_.transport != nullptr) {
        transport_ = options_.transport;
    } else {
        owned_transport_ = openTransport(options_.backend);
        transport_ = owned_transport_.get();
    }
    virtual_fixture_ = dynamic_cast<hwbridge::VirtualFixture*>(transport_);
    driver::FixturePortOptions port_options;
    port_options.wiring =
        hwbridge::spp::wiringFromName(options_.wiring).value_or(port_options.wiring);
    try {
        port_ = std::make_unique<driver::FixturePort>(*transport_, port_options);
    } catch (const std::runtime_error& error) {
        throw RunError(error.what());
    }
    driver_ = std::make_unique<driver::PortDriver>(*port_);
    requests_ = std::make_unique<LifeCycleRequests>(
        *driver_, routines::BuiltinClient::factoryFor(*port_), options_.isrs,
        LifeCycleRequests::DisconnectPolicy::EveryIsr);
    recorder_ = std::make_unique<LiveRecorder>(driver::monotonicNowNs());
    driver_->setObserver(recorder_.get());
    port_->setResponseObserver(recorder_.get());
    if (!port_->client().setIrqEnable(true).ok()) {
        throw RunError("the fixture refused SET_IRQ_ENABLE");
    }
    engine_thread_ = std::thread([this] { engineThreadMain(); });
}

LiveSession::~LiveSession() {
    stopStimulus();
    stopping_.store(true, std::memory_order_release);
    engine_thread_.join();
    requests_.reset();  // disconnects what is still connected while the driver is there
    driver_->setObserver(nullptr);
    port_->setResponseObserver(nullptr);  // waits out the report thread: the recorder is free
}

void LiveSession::engineThreadMain() {
    while (!stopping_.load(std::memory_order_acquire)) {
        recorder_->drain();
        std::this_thread::sleep_for(kDrainEvery);
    }
    recorder_->drain();
}

LiveRequest LiveSession::logged(std::string request, std::string status,
                                std::uint64_t information) {
    LiveRequest entry{driver::monotonicNowNs() - recorder_->startNs(), std::move(request),
                      std::move(status), information};
    std::lock_guard lock(log_mutex_);
    log_.push_back(entry);
    if (log_.size() > kLogKept) {
        log_.pop_front();
    }
    return entry;
}

// The request is sent whatever the state: an error status is an answer worth seeing.
LiveRequest LiveSession::carryOut(StepKind step) {
    std::lock_guard lock(requests_mutex_);
    const PortState before = portStateOf(driver_->state());
    recorder_->beginTransition(stateAfter(step, before),
                               driver::monotonicNowNs() - recorder_->startNs());
    const std::uint64_t requests_before = newestRequestNumber(*driver_);
    const contract::NtStatus status = requests_->carryOut(step);
    port_->synchronizeInterruptPath();  // no dispatch under the old state is still reporting
    recorder_->settleTo(portStateOf(driver_->state()));
    return logged(std::string(stepName(step)), std::string(contract::statusName(status)),
                  informationOf(*driver_, requests_before, status));
}

LiveRequest LiveSession::connect() {
    return carryOut(StepKind::Connect);
}
LiveRequest LiveSession::disconnect() {
    return carryOut(StepKind::Disconnect);
}
LiveRequest LiveSession::reportInactive() {
    return carryOut(StepKind::ReportInactive);
}
LiveRequest LiveSession::reportActive() {
    return carryOut(StepKind::ReportActive);
}
LiveRequest LiveSession::freePort() {
    return carryOut(StepKind::FreePort);
}

LiveRequest LiveSession::startStimulus(double rate_hz) {
    std::lock_guard lock(requests_mutex_);
    const double rate = std::clamp(rate_hz, 0.001, 100'000.0);
    auto& client = port_->client();
    if (stimulus_running_.load()) {
        client.stopStimulus();
    }
    const auto period = static_cast<std::uint64_t>(std::llround(1e9 / rate));
    const auto started = startTrain(client, {hwbridge::wire::StimulusMode::Periodic, 0, period, 0});
    stimulus_running_.store(started.ok());
    rate_hz_ = started.ok() ? rate : 0;
    return logged("start_stimulus", started.ok() ? "ok" : started.error.text(),
                  static_cast<std::uint64_t>(rate));
}

LiveRequest LiveSession::stopStimulus() {
    std::lock_guard lock(requests_mutex_);
    const auto stopped = port_->client().stopStimulus();
    stimulus_running_.store(false);
    return logged("stop_stimulus", stopped.ok() ? "ok" : stopped.error.text(), 0);
}

bool LiveSession::isVirtual() const {
    return virtual_fixture_ != nullptr;
}

bool LiveSession::unplugFixture() {
    if (virtual_fixture_ == nullptr) {
        return false;
    }
    virtual_fixture_->unplug();
    stimulus_running_.store(false);  // the fixture lost power, and its train with it
    logged("unplug", "fixture unplugged", 0);
    return true;
}

bool LiveSession::replugFixture() {
    if (virtual_fixture_ == nullptr) {
        return false;
    }
    virtual_fixture_->replug();
    logged("replug", port_->attached() ? "fixture attached" : "fixture did not come back", 0);
    return true;
}

LiveSnapshot LiveSession::snapshot(std::size_t columns, std::int64_t window_ns) const {
    LiveSnapshot snapshot;
    snapshot.now_ns = driver::monotonicNowNs() - recorder_->startNs();
    snapshot.state = portStateOf(driver_->state());
    snapshot.stimulus_running = stimulus_running_.load();
    snapshot.rate_hz = rate_hz_;
    const hwbridge::DeviceIdentity identity = port_->identity();
    snapshot.simulated = identity.is_virtual;
    snapshot.source_label = identity.is_virtual ? std::string(hwbridge::VirtualFixture::kLabel)
                                                : "USB fixture " + identity.serial;
    snapshot.attached = port_->attached();
    snapshot.clock_sync_error_ns = port_->clock().error_bound_ns;
    recorder_->fill(snapshot, columns, window_ns, snapshot.now_ns);
    const auto driver_counts = driver_->counters();
    snapshot.violations += driver_counts.interrupts.violations + requests_->clientViolations();
    return snapshot;
}

std::vector<LiveRequest> LiveSession::requestLog() const {
    std::lock_guard lock(log_mutex_);
    return {log_.begin(), log_.end()};
}

}  // namespace engine
