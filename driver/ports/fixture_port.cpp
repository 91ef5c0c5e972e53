#include "fixture_port.h"

#include <algorithm>
#include <stdexcept>
#include <utility>
#include <vector>

#include "codec.h"
#include "monotonic_clock.h"

namespace driver {

using hwbridge::wire::EventRecord;
using hwbridge::wire::Line;
using hwbridge::wire::RecordType;

namespace {

std::runtime_error fixtureFailure(const std::string& what, const hwbridge::FixtureError& error) {
    return std::runtime_error("fixture: " + what + ": " + error.text());
}

template <typename T>
T require(hwbridge::FixtureResult<T> result, const char* what) {
    if (!result.ok()) {
        throw fixtureFailure(what, result.error);
    }
    return *result.value;
}

}  // namespace

FixturePort::FixturePort(hwbridge::Transport& transport, FixturePortOptions options)
    : transport_(transport), client_(transport), options_(options) {
    decoded_.reserve(64);
    configure();
    transport_.setReportSink(this);
}

FixturePort::~FixturePort() {
    transport_.setReportSink(nullptr);
}

void FixturePort::configure() {
    const auto info = require(client_.info(), "GET_INFO");
    if (info.protocol_version != hwbridge::wire::kProtocolVersion) {
        throw std::runtime_error("fixture: protocol version " +
                                 std::to_string(info.protocol_version) + ", this host speaks " +
                                 std::to_string(hwbridge::wire::kProtocolVersion));
    }
    {
        std::lock_guard lock(config_mutex_);
        info_ = info;
    }
    has_interrupt_line_.store((info.capabilities & hwbridge::wire::capability::kIrqEvents) != 0,
                              std::memory_order_release);
    const bool numbered = (info.capabilities & hwbridge::wire::capability::kStimulusNumbers) != 0;
    numbered_.store(numbered, std::memory_order_release);
    if (numbered) {
        stimulus_number_ = require(client_.status(), "GET_STATUS").stimuli;
        std::lock_guard lock(counts_mutex_);
        counts_.stimulus_number = stimulus_number_;
    }
    const bool norton = options_.wiring == hwbridge::spp::LoopbackWiring::Norton;
    require(client_.setWiring(norton ? 1 : 0), "SET_WIRING");
    require(client_.setCapture(true), "SET_CAPTURE");
    synchroniseClock();
}

namespace {

// `count` GET_CLOCK round trips, each bracketed by host readings.
std::vector<hwbridge::ClockSample> sampleClock(hwbridge::FixtureClient& client, int count) {
    std::vector<hwbridge::ClockSample> samples;
    for (int i = 0; i < count; ++i) {
        const std::int64_t before = monotonicNowNs();
        const auto fixture = client.clock();
        const std::int64_t after = monotonicNowNs();
        if (fixture.ok()) {
            samples.push_back({before, *fixture.value, after});
        }
    }
    return samples;
}

}  // namespace

void FixturePort::synchroniseClock() {
    hwbridge::ClockSync fresh;
    for (const hwbridge::ClockSample& sample : sampleClock(client_, options_.clock_samples)) {
        fresh.add(sample);
    }
    const auto estimate = fresh.estimate();
    if (!estimate.valid) {
        throw std::runtime_error("fixture: no GET_CLOCK answer, the clocks cannot be related");
    }
    std::lock_guard lock(clock_mutex_);
    clock_samples_ = std::move(fresh);
    ++clock_generation_;
    clock_ = estimate;
    published_clock_.publish(estimate);
}

bool FixturePort::trackClock() {
    std::uint64_t generation = 0;
    {
        std::lock_guard lock(clock_mutex_);
        generation = clock_generation_;
    }
    const auto samples = sampleClock(client_, options_.tracking_samples);
    if (samples.empty()) {
        std::lock_guard lock(counts_mutex_);
        ++counts_.control_failures;
        return false;
    }
    std::lock_guard lock(clock_mutex_);
    if (generation != clock_generation_) {
        return false;  // the fixture came back meanwhile, its clock restarted: these are stale
    }
    for (const hwbridge::ClockSample& sample : samples) {
        clock_samples_.add(sample);
    }
    clock_ = clock_samples_.estimate();
    published_clock_.publish(clock_);
    return true;
}

hwbridge::wire::InfoBlock FixturePort::info() const {
    std::lock_guard lock(config_mutex_);
    return info_;
}

hwbridge::ClockEstimate FixturePort::clock() const {
    std::lock_guard lock(clock_mutex_);
    return clock_;
}

std::uint8_t FixturePort::readRegister(SppRegister reg) {
    const auto value = client_.readRegister(static_cast<std::uint8_t>(reg));
    if (!value.ok()) {
        std::lock_guard lock(counts_mutex_);
        ++counts_.control_failures;
        return 0xFF;  // what an absent port reads
    }
    return *value.value;
}

void FixturePort::writeRegister(SppRegister reg, std::uint8_t value) {
    if (!client_.writeRegister(static_cast<std::uint8_t>(reg), value).ok()) {
        std::lock_guard lock(counts_mutex_);
        ++counts_.control_failures;
    }
}

void FixturePort::setInterruptSink(InterruptSink* sink) {
    sink_.store(sink, std::memory_order_release);
    sink_gate_.synchronize();
}

void FixturePort::setResponseObserver(ResponseObserver* observer) {
    response_observer_.store(observer, std::memory_order_release);
    sink_gate_.synchronize();
}

FixtureStreamCounts FixturePort::counts() const {
    std::lock_guard lock(counts_mutex_);
    FixtureStreamCounts c = counts_;
    return c;
}

// The transport's event thread: one packet at a time, in order of arrival.
void FixturePort::onReport(std::span<const std::uint8_t> packet,
                           std::int64_t t_arrive_ns) noexcept {
    decoded_.clear();
    const auto summary = hwbridge::codec::decodePacket(packet, decoded_);
    {
        std::lock_guard lock(counts_mutex_);
        ++counts_.packets;
        counts_.malformed_packets += summary.error != hwbridge::codec::PacketError::None;
        counts_.corrupt_records += summary.corrupt;
        counts_.unknown_records += summary.unknown;
    }
    sink_gate_.enter();
    InterruptSink* sink = sink_.load(std::memory_order_acquire);
    published_clock_.tryRead(report_clock_);  // the fit in force for this packet's records
    for (const EventRecord& record : decoded_) {
        if (record.type == RecordType::Plan) {  // numbered as the edge it precedes
            due_ = {record.sequence, record.value};
        } else if (const auto verdict = sequences_.observe(record.sequence);
                   hwbridge::SequenceTracker::accepted(verdict)) {
            handleRecord(record, verdict == hwbridge::SequenceVerdict::Late, t_arrive_ns, sink);
        }
    }
    sink_gate_.exit();
    std::lock_guard lock(counts_mutex_);
    counts_.missing_records = sequences_.counts().missing;
    counts_.duplicate_records = sequences_.counts().duplicates;
    counts_.reordered_records = sequences_.counts().reordered;
}

// The stimulus count rides on each train edge mod 256. An edge in order is `delta` stimuli on
// from the last one seen: delta - 1 went missing (a dropped or corrupt record, the fixture's full
// queue), and 0 means no stimulus at all (an edge a register write made). A late edge is one
// that was counted missing when a later one came first.
std::int32_t FixturePort::countStimulus(std::uint8_t tag, bool late) noexcept {
    const auto delta = static_cast<std::uint8_t>(tag - stimulus_number_);
    if (late) {
        return delta == 0 ? 0 : -1;
    }
    stimulus_number_ += delta;
    return delta == 0 ? 0 : delta - 1;
}

// TRAIN_END gives the count (32 bits, since power-up) after the train's last stimulus: the ones
// after the last edge seen went missing at the tail.
void FixturePort::handleTrainEnd(std::uint64_t count) noexcept {
    const auto ahead = static_cast<std::uint32_t>(count - stimulus_number_);
    std::lock_guard lock(counts_mutex_);
    ++counts_.train_ends;
    counts_.train_end_number = stimulus_number_ + ahead;
}

bool FixturePort::numbersStimuli() const {
    return numbered_.load(std::memory_order_acquire);
}

std::optional<std::uint32_t> FixturePort::stimulusCounter() {
    const auto status = client_.status();
    if (!status.ok()) {
        return std::nullopt;
    }
    return status.value->stimuli;
}

// The fit in force for this packet; keeps the largest bound it gave any timestamp.
std::int64_t FixturePort::toHost(std::uint64_t fixture_ns) noexcept {
    const std::int64_t host_ns = report_clock_.toHost(fixture_ns);
    const double bound = report_clock_.errorBoundAt(host_ns);
    if (bound > worst_clock_error_ns_.load(std::memory_order_relaxed)) {
        worst_clock_error_ns_.store(bound, std::memory_order_relaxed);
    }
    return host_ns;
}

void FixturePort::handleRecord(const EventRecord& record, bool late, std::int64_t t_arrive_ns,
                               InterruptSink* sink) noexcept {
    switch (record.type) {
        case RecordType::Edge:
            if (record.line() == Line::NAck && record.level()) {
                const std::int64_t t_edge = toHost(record.value);
                const std::int64_t t_due = dueTimeOf(record, t_edge);
                const std::int32_t missed = numbered_.load(std::memory_order_relaxed)
                                                ? countStimulus(record.stimulus, late)
                                                : 0;
                if (sink != nullptr) {
                    sink->onInterrupt({record.sequence, t_edge, t_arrive_ns, t_due, missed});
                }
                std::lock_guard lock(counts_mutex_);
                ++counts_.interrupts;
                counts_.stimulus_number = stimulus_number_;
                counts_.stimuli_missing += missed;
                if (t_due != 0) {
                    ++counts_.late_edges;
                    counts_.max_late_ns = std::max(counts_.max_late_ns, t_edge - t_due);
                }
            } else if (record.line() == Line::NError) {
                if (auto* observer = response_observer_.load(std::memory_order_acquire)) {
                    observer->onResponseEdge(record.sequence, toHost(record.value));
                }
                std::lock_guard lock(counts_mutex_);
                ++counts_.response_edges;
                counts_.last_response_ns = toHost(record.value);
            }
            return;
        case RecordType::Overflow: {
            std::lock_guard lock(counts_mutex_);
            counts_.overflow_lost += record.value;
            return;
        }
        case RecordType::Error: {
            std::lock_guard lock(counts_mutex_);
            ++counts_.error_records;
            return;
        }
        case RecordType::Plan:  // taken before the sequence check
            return;
        case RecordType::TrainEnd:
            handleTrainEnd(record.value);
            return;
    }
}

// A PLAN record belongs to the edge with its number, which follows it; a PLAN record that went
// missing or came after its edge leaves the edge timed from when it left.
std::int64_t FixturePort::dueTimeOf(const EventRecord& edge, std::int64_t t_edge_ns) noexcept {
    if (due_.sequence != edge.sequence) {
        return 0;  // kept: a PLAN record reordered ahead of an earlier edge still finds its own
    }
    const std::uint64_t due_ns = std::exchange(due_, {}).fixture_ns;
    return std::min(toHost(due_ns), t_edge_ns);
}

void FixturePort::onReportError(hwbridge::TransferStatus) noexcept {
    std::lock_guard lock(counts_mutex_);
    ++counts_.report_errors;
}

void FixturePort::onDeviceGone() noexcept {
    attached_.store(false, std::memory_order_release);
    {
        std::lock_guard lock(counts_mutex_);
        ++counts_.removals;
    }
    sink_gate_.enter();
    if (InterruptSink* sink = sink_.load(std::memory_order_acquire)) {
        sink->onPortRemoved();
    }
    sink_gate_.exit();
}

// A fixture that comes back has forgotten its configuration and its clock may have restarted.
void FixturePort::onDeviceBack() noexcept {
    sequences_ = {};  // a powered-up fixture numbers its records from 1 again
    due_ = {};
    try {
        configure();
    } catch (const std::exception&) {
        std::lock_guard lock(counts_mutex_);
        ++counts_.control_failures;
        return;  // stays removed: requests keep answering DELETE_PENDING
    }
    attached_.store(true, std::memory_order_release);
    sink_gate_.enter();
    if (InterruptSink* sink = sink_.load(std::memory_order_acquire)) {
        sink->onPortRestored();
    }
    sink_gate_.exit();
}

}  // namespace driver
