#include "run_controller.h"

#include <sys/utsname.h>
#include <unistd.h>

#include <QCryptographicHash>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <optional>
#include <thread>

#include "bus_model.h"
#include "fault_plan.h"
#include "fixture_port.h"
#include "libusb_transport.h"
#include "life_cycle_requests.h"
#include "monotonic_clock.h"
#include "port_driver.h"
#include "scenario_json.h"
#include "virtual_fixture.h"

namespace engine {
namespace {

constexpr std::int64_t kMillisecond = 1'000'000;
constexpr std::int64_t kTick = 5 * kMillisecond;  // the engine drains this often
constexpr std::int64_t kProgressEvery = 100 * kMillisecond;
constexpr std::int64_t kSecond = 1000 * kMillisecond;
// After the last stimulus, how long records may still be on their way before they count as lost.
constexpr std::int64_t kSettleNs = 250 * kMillisecond;

// The fixture a run uses: the scenario's back end, or a transport handed in (tests).
struct Backend {
    std::unique_ptr<hwbridge::Transport> owned;
    hwbridge::Transport* transport = nullptr;
    hwbridge::VirtualFixture* virtual_fixture = nullptr;
};

Backend openVirtualFixture(const BackendSpec& spec) {
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
    auto fixture = std::make_unique<hwbridge::VirtualFixture>(options);
    Backend backend;
    backend.virtual_fixture = fixture.get();
    backend.transport = fixture.get();
    backend.owned = std::move(fixture);
    return backend;
}

Backend openUsbFixture(const BackendSpec& spec) {
    hwbridge::LibusbTransportOptions options;
    options.serial = spec.serial;
    std::string error;
    auto usb = hwbridge::LibusbTransport::open(options, error);
    if (!usb) {
        throw RunError("no USB fixture" +
                       (spec.serial.empty() ? std::string() : " with serial " + spec.serial) +
                       ": " + error + " (isrbench devices lists the fixtures found)");
    }
    Backend backend;
    backend.transport = usb.get();
    backend.owned = std::move(usb);
    return backend;
}

Backend openBackend(const RunOptions& options) {
    if (options.transport != nullptr) {
        Backend backend;
        backend.transport = options.transport;
        backend.virtual_fixture = dynamic_cast<hwbridge::VirtualFixture*>(options.transport);
        return backend;
    }
    const BackendSpec& spec = options.scenario.backend;
    return spec.kind == BackendKind::VirtualFixture ? openVirtualFixture(spec)
                                                    : openUsbFixture(spec);
}

std::string hostName() {
    char name[256] = {};
    return gethostname(name, sizeof name - 1) == 0 ? std::string(name) : std::string("unknown");
}

std::string kernelRelease() {
    utsname info{};
    return uname(&info) == 0 ? std::string(info.sysname) + " " + info.release
                             : std::string("unknown");
}

std::int64_t unixNowMs() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

RunSource describeSource(const Scenario& scenario, const driver::FixturePort& port) {
    const hwbridge::DeviceIdentity identity = port.identity();
    const hwbridge::ClockEstimate clock = port.clock();
    RunSource source;
    source.simulated = identity.is_virtual;
    source.backend = identity.is_virtual ? "virtual-fixture" : "usb-fixture";
    source.serial = identity.serial;
    source.label = identity.is_virtual ? std::string(hwbridge::VirtualFixture::kLabel)
                                       : "USB fixture " + identity.serial;
    source.bus_model = identity.is_virtual ? scenario.backend.bus : identity.bus_speed;
    source.faults = identity.is_virtual ? scenario.backend.faults : std::string();
    source.wiring = scenario.wiring;
    source.firmware_version = port.info().firmware_version;
    source.clock_sync_error_ns = clock.error_bound_ns;
    source.clock_drift_ppm = clock.drift * 1e6;
    return source;
}

RunMetadata describeRun(const RunOptions& options, const driver::FixturePort& port) {
    RunMetadata meta;
    meta.tool_version = options.tool_version;
    meta.scenario_name = options.scenario.name;
    meta.scenario_file = options.scenario_file;
    meta.scenario_json = scenarioToJson(options.scenario);
    meta.scenario_hash = QCryptographicHash::hash(QByteArray::fromStdString(meta.scenario_json),
                                                  QCryptographicHash::Sha256)
                             .toHex()
                             .toStdString();
    meta.host = hostName();
    meta.kernel = kernelRelease();
    meta.started_unix_ms = unixNowMs();
    meta.planned_ms = options.scenario.duration_ms;
    meta.source = describeSource(options.scenario, port);
    return meta;
}

// The index of the phase a group of steps at `at_ms` leads into (phases() drops empty ones).
std::uint16_t phaseStartingAt(const std::vector<Phase>& phases, std::int64_t at_ms) {
    for (std::size_t i = 0; i < phases.size(); ++i) {
        if (phases[i].start_ms >= at_ms) {
            return static_cast<std::uint16_t>(i);
        }
    }
    return static_cast<std::uint16_t>(phases.empty() ? 0 : phases.size() - 1);
}

// A train longer than the fixture's longest runs endless (count 0) and is stopped by the run at
// its end, as every train is.
hwbridge::wire::StimulusBlock stimulusTrain(const Scenario& scenario, std::uint32_t max_burst) {
    const auto period_ns =
        static_cast<std::uint64_t>(std::llround(1e9 / scenario.stimulus.rate_hz));
    const bool random = scenario.stimulus.mode == StimulusMode::Random;
    const std::uint64_t planned = plannedStimuli(scenario);
    return {random ? hwbridge::wire::StimulusMode::Random : hwbridge::wire::StimulusMode::Periodic,
            planned <= max_burst ? static_cast<std::uint32_t>(planned) : 0u,
            std::max<std::uint64_t>(period_ns, 1), random ? 0x15Bu : 0u};
}

// One run, from the fixture's configuration to the last stimulus accounted for.
class Run {
public:
    Run(const RunOptions& options, hwbridge::Transport& transport,
        hwbridge::VirtualFixture* virtual_fixture)
        : options_(options),
          scenario_(options.scenario),
          phases_(scenario_.phases()),
          virtual_fixture_(virtual_fixture),
          port_(openPort(transport, scenario_)),
          driver_(*port_),
          requests_(driver_, *port_, scenario_.isrs) {}

    ~Run() {
        driver_.setObserver(nullptr);
        port_->setResponseObserver(nullptr);
    }

    RunResult execute();

private:
    static std::unique_ptr<driver::FixturePort> openPort(hwbridge::Transport& transport,
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

    std::int64_t sinceStart() const { return driver::monotonicNowNs() - start_ns_; }
    bool stopRequested() const {
        return options_.stop != nullptr && options_.stop->load(std::memory_order_acquire);
    }
    void startTrain();
    void carryOutStepsDue(std::size_t& next_step);
    void tick();
    void settleAndStop(RunResult& result);
    std::uint64_t stimuliSent();
    void fillCounters(RunResult& result);
    void fillPhaseWindows(RunResult& result) const;

    const RunOptions& options_;
    const Scenario& scenario_;
    const std::vector<Phase> phases_;
    hwbridge::VirtualFixture* const virtual_fixture_;
    std::unique_ptr<driver::FixturePort> port_;
    driver::PortDriver driver_;
    LifeCycleRequests requests_;
    std::unique_ptr<RunRecorder> recorder_;

    std::int64_t start_ns_ = 0;
    std::int64_t next_progress_ns_ = 0;
    std::int64_t next_second_ns_ = kSecond;
    std::int64_t seconds_done_ = 0;
    std::int64_t last_p99_ns_ = 0;
    std::int64_t stopped_ns_ = 0;  // the stimulus train was stopped: the last phase ends
    bool train_complete_ = false;
    std::vector<StepRecord> steps_;
    std::vector<std::int64_t> phase_starts_ns_;
};

void Run::startTrain() {
    if (!port_->client().setIrqEnable(true).ok()) {
        throw RunError("the fixture refused SET_IRQ_ENABLE");
    }
    const auto started =
        port_->client().startStimulus(stimulusTrain(scenario_, port_->info().max_burst));
    if (!started.ok()) {
        throw RunError("the fixture refused the stimulus train: " + started.error.text());
    }
}

// Every step whose time has come, as one group per instant: the recorder is told the phase the
// group leads into before the first request and that it is settled after the last.
void Run::carryOutStepsDue(std::size_t& next_step) {
    const auto& timeline = scenario_.timeline;
    while (next_step < timeline.size() &&
           timeline[next_step].at_ms * kMillisecond <= sinceStart()) {
        const std::int64_t at_ms = timeline[next_step].at_ms;
        const std::uint16_t phase = phaseStartingAt(phases_, at_ms);
        recorder_->drain();  // what arrived before the steps is noted in the phase it belongs to
        phase_starts_ns_[phase] = sinceStart();
        recorder_->beginTransition(phase);
        for (; next_step < timeline.size() && timeline[next_step].at_ms == at_ms; ++next_step) {
            StepRecord record;
            record.step = timeline[next_step];
            record.at_ns = sinceStart();
            const contract::NtStatus status = requests_.carryOut(record.step.step);
            record.took_ns = sinceStart() - record.at_ns;
            record.status = std::string(contract::statusName(status));
            steps_.push_back(record);
        }
        // The driver tells its observer after a dispatch has left the driver: wait out every
        // dispatch that began under the old state before declaring the new one settled.
        port_->synchronizeInterruptPath();
        recorder_->settle(phase);
    }
}

void Run::tick() {
    recorder_->drain();
    const std::int64_t now = sinceStart();
    if (now >= next_second_ns_) {
        const SecondTally tally = recorder_->takeSecond(seconds_done_++);
        last_p99_ns_ = tally.latency.p99;
        if (options_.on_second) {
            options_.on_second(tally);
        }
        next_second_ns_ += kSecond;
    }
    if (options_.on_progress && now >= next_progress_ns_) {
        const PhaseStatistics all = recorder_->statistics().overall();
        RunProgress progress;
        progress.elapsed_ms = now / kMillisecond;
        progress.planned_ms = scenario_.duration_ms;
        progress.phase = phases_.empty() ? "" : phases_[recorder_->currentPhase()].name;
        progress.interrupts = recorder_->received();
        progress.serviced = all.count(Outcome::Serviced);
        progress.violations = all.count(Outcome::Violation);
        progress.last_p99_ns = last_p99_ns_;
        options_.on_progress(progress);
        next_progress_ns_ = now + kProgressEvery;
    }
}

std::uint64_t Run::stimuliSent() {
    if (virtual_fixture_ != nullptr) {
        return virtual_fixture_->counts().edges_generated;
    }
    // A real fixture does not report its edge count: the train's count if it ran to the end,
    // otherwise every edge that left a trace (received, a record number that went missing, or
    // an edge the fixture's own queue could not hold).
    const auto counts = port_->counts();
    const std::uint64_t traced =
        recorder_->received() + counts.missing_records + counts.overflow_lost;
    return train_complete_ ? std::max<std::uint64_t>(plannedStimuli(scenario_), traced) : traced;
}

// The train has ended (or was cut short): whatever is still on its way gets kSettleNs.
void Run::settleAndStop(RunResult& result) {
    stopped_ns_ = sinceStart();
    if (stopRequested()) {
        result.meta.interrupted = true;
        result.meta.end_reason = "interrupted by the user";
    }
    if (!port_->attached() || port_->counts().removals > 0) {
        result.meta.interrupted = true;
        result.meta.end_reason = "the fixture was unplugged during the run";
    }
    train_complete_ = !result.meta.interrupted;
    port_->client().stopStimulus();
    const std::int64_t settle_until = sinceStart() + kSettleNs;
    while (sinceStart() < settle_until) {
        recorder_->drain();
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    // Time with stimuli flowing; the settle after it is not part of the run's length.
    result.meta.elapsed_ms = stopped_ns_ / kMillisecond;
    recorder_->finish(stimuliSent());
    // The last, partial second, with the stimuli booked lost at the end.
    if (options_.on_second) {
        options_.on_second(recorder_->takeSecond(seconds_done_++));
    }
}

RunResult Run::execute() {
    const std::int64_t planned_ns = scenario_.duration_ms * kMillisecond;
    RunResult result;
    result.meta = describeRun(options_, *port_);
    if (options_.on_start) {  // before time zero: opening files must not eat into phase 0
        options_.on_start(result.meta, phases_);
    }
    start_ns_ = driver::monotonicNowNs();
    result.meta.start_monotonic_ns = start_ns_;
    if (options_.on_time_zero) {
        options_.on_time_zero(start_ns_);
    }
    recorder_ = std::make_unique<RunRecorder>(phases_, start_ns_, planned_ns);
    recorder_->setSampleSink(options_.on_sample);
    phase_starts_ns_.assign(phases_.size(), 0);
    for (std::size_t i = 0; i < phases_.size(); ++i) {
        phase_starts_ns_[i] = phases_[i].start_ms * kMillisecond;
    }
    driver_.setObserver(recorder_.get());
    port_->setResponseObserver(recorder_.get());

    std::size_t next_step = 0;
    carryOutStepsDue(next_step);  // the steps at 0 ms, before the first stimulus
    startTrain();
    while (sinceStart() < planned_ns && !stopRequested()) {
        carryOutStepsDue(next_step);
        tick();
        const std::int64_t next_step_ns = next_step < scenario_.timeline.size()
                                              ? scenario_.timeline[next_step].at_ms * kMillisecond
                                              : planned_ns;
        const std::int64_t wait = std::min(next_step_ns, sinceStart() + kTick) - sinceStart();
        if (wait > 0) {
            std::this_thread::sleep_for(std::chrono::nanoseconds(wait));
        }
    }
    settleAndStop(result);
    // The driver calls its observer from inside the port's report callback, which
    // setResponseObserver waits out: after both, the recorder is no longer reached.
    driver_.setObserver(nullptr);
    port_->setResponseObserver(nullptr);

    result.steps = steps_;
    result.statistics = recorder_->statistics();
    result.timeline = recorder_->timeline();
    fillPhaseWindows(result);
    fillCounters(result);
    checkInvariants(result);
    return result;
}

// Phases the run never reached (cut short) begin and end where it stopped, with nothing in them.
void Run::fillPhaseWindows(RunResult& result) const {
    for (std::size_t i = 0; i < phases_.size(); ++i) {
        PhaseWindow window;
        window.phase = phases_[i];
        window.actual_start_ns = std::min(phase_starts_ns_[i], stopped_ns_);
        window.actual_end_ns =
            i + 1 < phases_.size() ? std::min(phase_starts_ns_[i + 1], stopped_ns_) : stopped_ns_;
        result.phases.push_back(window);
    }
}

void Run::fillCounters(RunResult& result) {
    RunCounters& c = result.counters;
    const auto stream = port_->counts();
    const auto driver_counts = driver_.counters();
    c.stimuli = stimuliSent();
    c.interrupts = stream.interrupts;
    c.received = recorder_->received();
    c.driver_interrupts = driver_counts.interrupts.interrupts;
    c.dropped_responses = recorder_->droppedResponses();
    c.ring_overflow = recorder_->ringOverflow();
    c.unmatched_responses = recorder_->unmatchedResponses();
    c.bad_phase_samples = result.statistics.badPhaseSamples();
    c.driver_violations = driver_counts.interrupts.violations;
    c.client_violations = requests_.clientViolations();
    c.rejected_requests = static_cast<std::uint64_t>(
        std::count_if(steps_.begin(), steps_.end(),
                      [](const StepRecord& s) { return s.status != "STATUS_SUCCESS"; }));
    c.stream_missing_records = stream.missing_records;
    c.stream_duplicate_records = stream.duplicate_records;
    c.stream_corrupt_records = stream.corrupt_records;
    c.stream_malformed_packets = stream.malformed_packets;
    c.stream_overflow_lost = stream.overflow_lost;
    c.report_errors = stream.report_errors;
    c.removals = stream.removals;
}

}  // namespace

std::uint64_t plannedStimuli(const Scenario& scenario) {
    if (scenario.stimulus.count > 0) {
        return static_cast<std::uint64_t>(scenario.stimulus.count);
    }
    const double fits =
        scenario.stimulus.rate_hz * static_cast<double>(scenario.duration_ms) / 1000;
    return static_cast<std::uint64_t>(std::max(1.0, std::floor(fits)));
}

RunResult runScenario(const RunOptions& options) {
    Backend backend = openBackend(options);
    Run run(options, *backend.transport, backend.virtual_fixture);
    return run.execute();
}

}  // namespace engine
