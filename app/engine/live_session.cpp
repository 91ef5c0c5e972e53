#include "live_session.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <thread>

#include "clock_tracking_schedule.h"
#include "contract/ntstatus.h"
#include "life_cycle_requests.h"
#include "live_recorder.h"
#include "monotonic_clock.h"
#include "run_backend.h"
#include "thread_name.h"
#include "virtual_fixture.h"

namespace engine {
namespace {

constexpr std::size_t kLogKept = 1000;
constexpr auto kDrainEvery = std::chrono::milliseconds(2);

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
std::uint64_t informationOf(const driver::ContractDriver& driver, std::uint64_t after,
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

std::uint64_t newestRequestNumber(const driver::ContractDriver& driver) {
    const std::vector<driver::RequestLogEntry> newest = driver.requestLog(1);
    return newest.empty() ? 0 : newest.back().number;
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

// What the back end reads of a scenario: the port, the plug and the ISRs.
Scenario liveScenario(const LiveOptions& options) {
    Scenario scenario;
    scenario.name = "live session";
    scenario.backend = options.backend;
    scenario.wiring = options.wiring;
    scenario.isrs = options.isrs;
    return scenario;
}

}  // namespace

LiveSession::LiveSession(LiveOptions options)
    : options_(std::move(options)),
      scenario_(liveScenario(options_)),
      backend_(openRunBackend(scenario_, options_.transport)) {
    requests_ = std::make_unique<LifeCycleRequests>(backend_->driver(), backend_->clientFactory(),
                                                    options_.isrs,
                                                    LifeCycleRequests::DisconnectPolicy::EveryIsr);
    recorder_ =
        std::make_unique<LiveRecorder>(hwbridge::monotonicNowNs(), backend_->numbersStimuli());
    backend_->attach(recorder_.get(), recorder_.get());
    engine_thread_ = std::thread([this] { engineThreadMain(); });
}

LiveSession::~LiveSession() {
    stopStimulus();
    stopping_.store(true, std::memory_order_release);
    engine_thread_.join();
    requests_.reset();  // disconnects what is still connected while the driver is there
    backend_->attach(nullptr, nullptr);  // waits out the interrupt path: the recorder is free
}

void LiveSession::engineThreadMain() {
    hwbridge::nameThisThread("isrb-engine");
    ClockTrackingSchedule clock_tracking(hwbridge::monotonicNowNs());
    while (!stopping_.load(std::memory_order_acquire)) {
        recorder_->drain();
        if (clock_tracking.due(hwbridge::monotonicNowNs())) {
            backend_->trackClock();
        }
        std::this_thread::sleep_for(kDrainEvery);
    }
    recorder_->drain();
}

LiveRequest LiveSession::logged(std::string request, std::string status,
                                std::uint64_t information) {
    LiveRequest entry{hwbridge::monotonicNowNs() - recorder_->startNs(), std::move(request),
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
    driver::ContractDriver& driver = backend_->driver();
    const PortState before = portStateOf(driver.state());
    recorder_->beginTransition(stateAfter(step, before),
                               hwbridge::monotonicNowNs() - recorder_->startNs());
    const std::uint64_t requests_before = newestRequestNumber(driver);
    const contract::NtStatus status = requests_->carryOut(step);
    backend_->synchronizeInterruptPath();  // no dispatch under the old state is still reporting
    recorder_->settleTo(portStateOf(driver.state()));
    return logged(std::string(stepName(step)), std::string(contract::statusName(status)),
                  informationOf(driver, requests_before, status));
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

// An endless periodic train, replaced by one at the new rate when one runs.
LiveRequest LiveSession::startStimulus(double rate_hz) {
    std::lock_guard lock(requests_mutex_);
    StimulusSpec stimulus;
    stimulus.rate_hz = std::clamp(rate_hz, 0.001, 100'000.0);
    std::string outcome = "ok";
    try {
        backend_->startTrain(stimulus, 0);
    } catch (const RunError& error) {
        outcome = error.what();
    }
    const bool started = outcome == "ok";
    stimulus_running_.store(started);
    rate_hz_ = started ? stimulus.rate_hz : 0;
    return logged("start_stimulus", outcome, static_cast<std::uint64_t>(stimulus.rate_hz));
}

LiveRequest LiveSession::stopStimulus() {
    std::lock_guard lock(requests_mutex_);
    backend_->stopTrain();
    stimulus_running_.store(false);
    return logged("stop_stimulus", "ok", 0);
}

bool LiveSession::isVirtual() const {
    return backend_->virtualFixture() != nullptr;
}

bool LiveSession::unplugFixture() {
    hwbridge::VirtualFixture* fixture = backend_->virtualFixture();
    if (fixture == nullptr) {
        return false;
    }
    fixture->unplug();
    stimulus_running_.store(false);  // the fixture lost power, and its train with it
    logged("unplug", "fixture unplugged", 0);
    return true;
}

bool LiveSession::replugFixture() {
    hwbridge::VirtualFixture* fixture = backend_->virtualFixture();
    if (fixture == nullptr) {
        return false;
    }
    fixture->replug();
    logged("replug", backend_->attached() ? "fixture attached" : "fixture did not come back", 0);
    return true;
}

LiveSnapshot LiveSession::snapshot(std::size_t columns, std::int64_t window_ns) const {
    LiveSnapshot snapshot;
    snapshot.now_ns = hwbridge::monotonicNowNs() - recorder_->startNs();
    snapshot.state = portStateOf(backend_->driver().state());
    snapshot.stimulus_running = stimulus_running_.load();
    snapshot.rate_hz = rate_hz_;
    const RunSource source = backend_->source(scenario_);
    snapshot.simulated = source.simulated;
    snapshot.source_label = source.label;
    snapshot.attached = backend_->attached();
    snapshot.clock_sync_error_ns = source.clock_sync_error_ns;
    {
        std::lock_guard lock(requests_mutex_);  // startStimulus may be replacing the train
        snapshot.lateness = backend_->stimulusLateness();
    }
    recorder_->fill(snapshot, columns, window_ns, snapshot.now_ns);
    const auto driver_counts = backend_->driver().counters();
    snapshot.violations += driver_counts.interrupts.violations + requests_->clientViolations();
    return snapshot;
}

std::vector<LiveRequest> LiveSession::requestLog() const {
    std::lock_guard lock(log_mutex_);
    return {log_.begin(), log_.end()};
}

}  // namespace engine
