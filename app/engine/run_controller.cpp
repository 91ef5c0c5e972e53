#include "run_controller.h"

#include <sys/utsname.h>
#include <unistd.h>

#include <QCryptographicHash>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <memory>
#include <optional>
#include <thread>

#include "clock_tracking_schedule.h"
#include "host_facts.h"
#include "life_cycle_requests.h"
#include "monotonic_clock.h"
#include "run_backend.h"
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

std::string kernelRelease() {
    utsname info{};
    return uname(&info) == 0 ? std::string(info.sysname) + " " + info.release
                             : std::string("unknown");
}

std::string readDmi(const char* field) {
    std::ifstream file(std::string("/sys/class/dmi/id/") + field);
    std::string value;
    std::getline(file, value);
    return value;
}

// The machine as its firmware names it; QEMU's says "QEMU".
void describeMachine(RunMetadata& meta) {
    const std::string vendor = readDmi("sys_vendor");
    const std::string product = readDmi("product_name");
    meta.machine = vendor.empty() && product.empty() ? "unknown" : vendor + " " + product;
    meta.emulated = vendor == "QEMU";
}

std::int64_t unixNowMs() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

RunMetadata describeRun(const RunOptions& options, const RunBackend& backend) {
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
    describeMachine(meta);
    meta.host_facts = readHostFacts();
    meta.started_unix_ms = unixNowMs();
    meta.planned_ms = options.scenario.duration_ms;
    meta.latency_from =
        options.scenario.stimulus.latency_from == LatencyOrigin::Edge ? "edge" : "intended";
    meta.source = backend.source(options.scenario);
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

// One run, from the port's configuration to the last stimulus accounted for.
class Run {
public:
    Run(const RunOptions& options, RunBackend& backend, const RealtimeGrant& realtime)
        : options_(options),
          realtime_(realtime),
          scenario_(options.scenario),
          phases_(scenario_.phases()),
          backend_(backend),
          requests_(backend_.driver(), backend_.clientFactory(), scenario_.isrs) {}

    ~Run() { backend_.attach(nullptr, nullptr); }

    RunResult execute();

private:
    std::int64_t sinceStart() const { return hwbridge::monotonicNowNs() - start_ns_; }
    bool stopRequested() const {
        return options_.stop != nullptr && options_.stop->load(std::memory_order_acquire);
    }
    void carryOutStepsDue(std::size_t& next_step);
    void tick();
    void stallGeneratorIfDue(std::int64_t now);
    void settleAndStop(RunResult& result);
    void fillCounters(RunResult& result);
    void fillPhaseWindows(RunResult& result) const;

    const RunOptions& options_;
    const RealtimeGrant realtime_;
    const Scenario& scenario_;
    const std::vector<Phase> phases_;
    RunBackend& backend_;
    LifeCycleRequests requests_;
    std::unique_ptr<RunRecorder> recorder_;
    driver::DriverCounters driver_at_start_;

    std::int64_t start_ns_ = 0;
    std::int64_t next_progress_ns_ = 0;
    ClockTrackingSchedule clock_tracking_{0};
    std::int64_t next_second_ns_ = kSecond;
    std::int64_t seconds_done_ = 0;
    std::int64_t last_p99_ns_ = 0;
    std::int64_t stopped_ns_ = 0;  // the stimulus train was stopped: the last phase ends
    bool train_complete_ = false;
    bool generator_stalled_ = false;
    std::uint64_t stimuli_sent_ = 0;
    std::vector<StepRecord> steps_;
    std::vector<std::int64_t> phase_starts_ns_;
};

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
        backend_.synchronizeInterruptPath();
        recorder_->settle(phase);
    }
}

// The scenario's fault drill: the virtual fixture's generator loses its CPU once.
void Run::stallGeneratorIfDue(std::int64_t now) {
    const BackendSpec& spec = scenario_.backend;
    if (generator_stalled_ || spec.generator_stall_ms == 0 ||
        now < spec.generator_stall_at_ms * kMillisecond) {
        return;
    }
    generator_stalled_ = true;
    if (hwbridge::VirtualFixture* fixture = backend_.virtualFixture()) {
        fixture->stallGenerator(spec.generator_stall_ms * kMillisecond);
    }
}

void Run::tick() {
    recorder_->drain();
    const std::int64_t now = sinceStart();
    stallGeneratorIfDue(now);
    if (clock_tracking_.due(now)) {
        backend_.trackClock();
    }
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

// The train has ended (or was cut short): whatever is still on its way gets kSettleNs.
void Run::settleAndStop(RunResult& result) {
    stopped_ns_ = sinceStart();
    if (stopRequested()) {
        result.meta.interrupted = true;
        result.meta.end_reason = "interrupted by the user";
    }
    if (const std::string reason = backend_.endReason(); !reason.empty()) {
        result.meta.interrupted = true;
        result.meta.end_reason = reason;
    }
    train_complete_ = !result.meta.interrupted;
    backend_.stopTrain();
    const std::int64_t settle_until = sinceStart() + kSettleNs;
    while (sinceStart() < settle_until) {
        recorder_->drain();
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    // Time with stimuli flowing; the settle after it is not part of the run's length.
    result.meta.elapsed_ms = stopped_ns_ / kMillisecond;
    stimuli_sent_ = backend_.stimuliSent(recorder_->received(), train_complete_, scenario_);
    recorder_->finish(stimuli_sent_, backend_.stimuliLostAtTail());
    // The last, partial second, with the stimuli booked lost at the end.
    if (options_.on_second) {
        options_.on_second(recorder_->takeSecond(seconds_done_++));
    }
}

RunResult Run::execute() {
    const std::int64_t planned_ns = scenario_.duration_ms * kMillisecond;
    RunResult result;
    result.meta = describeRun(options_, backend_);
    result.meta.realtime = realtime_;
    if (options_.on_start) {  // before time zero: opening files must not eat into phase 0
        options_.on_start(result.meta, phases_);
    }
    start_ns_ = hwbridge::monotonicNowNs();
    result.meta.start_monotonic_ns = start_ns_;
    if (options_.on_time_zero) {
        options_.on_time_zero(start_ns_);
    }
    recorder_ = std::make_unique<RunRecorder>(phases_, start_ns_, planned_ns,
                                              scenario_.stimulus.latency_from);
    recorder_->setSampleSink(options_.on_sample);
    phase_starts_ns_.assign(phases_.size(), 0);
    for (std::size_t i = 0; i < phases_.size(); ++i) {
        phase_starts_ns_[i] = phases_[i].start_ms * kMillisecond;
    }
    backend_.attach(recorder_.get(), recorder_.get());
    driver_at_start_ = backend_.driver().counters();

    std::size_t next_step = 0;
    carryOutStepsDue(next_step);  // the steps at 0 ms, before the first stimulus
    backend_.startTrain(scenario_.stimulus, plannedStimuli(scenario_));
    while (sinceStart() < planned_ns && !stopRequested() && backend_.endReason().empty()) {
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
    backend_.attach(nullptr, nullptr);
    result.meta.source = backend_.source(scenario_);  // the clock's fit and bound over the run

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

// The driver's counts are taken over the run only: a real port's driver has seen interrupts
// before it (the port's claim, the probe pulse).
void Run::fillCounters(RunResult& result) {
    RunCounters& c = result.counters;
    const auto driver_counts = backend_.driver().counters();
    c.stimuli = stimuli_sent_;
    c.received = recorder_->received();
    c.spurious = recorder_->spurious();
    c.driver_interrupts =
        driver_counts.interrupts.interrupts - driver_at_start_.interrupts.interrupts;
    c.dropped_responses = recorder_->droppedResponses();
    c.ring_overflow = recorder_->ringOverflow();
    c.unmatched_responses = recorder_->unmatchedResponses();
    c.bad_phase_samples = result.statistics.badPhaseSamples();
    c.driver_violations =
        driver_counts.interrupts.violations - driver_at_start_.interrupts.violations;
    c.client_violations = requests_.clientViolations();
    c.rejected_requests = static_cast<std::uint64_t>(
        std::count_if(steps_.begin(), steps_.end(),
                      [](const StepRecord& s) { return s.status != "STATUS_SUCCESS"; }));
    backend_.fillCounters(c);
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
    // Asked for before the port's threads exist, so that they inherit it; undone last.
    const RealtimeScope realtime(options.scenario.realtime);
    const std::unique_ptr<RunBackend> backend = openRunBackend(options.scenario, options.transport);
    Run run(options, *backend, realtime.grant());
    return run.execute();
}

}  // namespace engine
