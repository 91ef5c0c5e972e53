#include "fixture_port.h"

#include <algorithm>
#include <stdexcept>
#include <utility>
#include <vector>

#include "codec.h"
#include "monotonic_clock.h"
#include "spp_registers.h"

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

thread_local const FixturePort* FixturePort::t_dispatching_ = nullptr;

FixturePort::FixturePort(hwbridge::Transport& transport, FixturePortOptions options)
    : transport_(transport), client_(transport), options_(options) {
    decoded_.reserve(hwbridge::codec::kMaxRecordsPerPacket);
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
    const std::uint64_t count = numbered ? require(client_.status(), "GET_STATUS").stimuli : 0;
    configured_stimulus_number_.store(count, std::memory_order_relaxed);
    tally_.stimulus_number.store(count, std::memory_order_relaxed);
    // Before capture is on: whatever the fixture reports from here on is the fresh stream.
    stream_epoch_.fetch_add(1, std::memory_order_release);
    const bool norton = options_.wiring == hwbridge::spp::LoopbackWiring::Norton;
    require(client_.setWiring(norton ? 1 : 0), "SET_WIRING");
    // Shadows and clock before capture: the first edges reported are read and mapped afresh.
    seedShadowRegisters();
    synchroniseClock();
    require(client_.setCapture(true), "SET_CAPTURE");
}

// What the port reads now, for an ISR to read later without a transfer.
void FixturePort::seedShadowRegisters() {
    for (const SppRegister reg : {SppRegister::Data, SppRegister::Status, SppRegister::Control}) {
        const auto value = client_.readRegister(static_cast<std::uint8_t>(reg));
        shadow_[static_cast<std::size_t>(reg)].store(value.ok() ? *value.value : 0xFF,
                                                     std::memory_order_relaxed);
    }
}

namespace {

// `count` GET_CLOCK round trips, each bracketed by host readings.
std::vector<hwbridge::ClockSample> sampleClock(hwbridge::FixtureClient& client, int count) {
    std::vector<hwbridge::ClockSample> samples;
    for (int i = 0; i < count; ++i) {
        const std::int64_t before = hwbridge::monotonicNowNs();
        const auto fixture = client.clock();
        const std::int64_t after = hwbridge::monotonicNowNs();
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
        tally_.control_failures.fetch_add(1, std::memory_order_relaxed);
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
    if (onInterruptPath()) {
        return readAtInterruptLevel(reg);
    }
    const auto value = client_.readRegister(static_cast<std::uint8_t>(reg));
    if (!value.ok()) {
        tally_.control_failures.fetch_add(1, std::memory_order_relaxed);
        return 0xFF;  // what an absent port reads
    }
    shadow_[static_cast<std::size_t>(reg)].store(*value.value, std::memory_order_relaxed);
    return *value.value;
}

void FixturePort::writeRegister(SppRegister reg, std::uint8_t value) {
    if (onInterruptPath()) {
        writeAtInterruptLevel(reg, value);
        return;
    }
    if (!client_.writeRegister(static_cast<std::uint8_t>(reg), value).ok()) {
        tally_.control_failures.fetch_add(1, std::memory_order_relaxed);
        return;
    }
    shadow_[static_cast<std::size_t>(reg)].store(value, std::memory_order_relaxed);
}

// ---- port access from interrupt level (the report thread) -----------------------------------

// A synchronous transfer here would wait for the very thread that runs this ISR. The data and
// control registers hold what the host last put there (bits the fixture's own stimulus drives,
// Norton's D3, as last read); status is as the stream last reported nAck and nError.
std::uint8_t FixturePort::readAtInterruptLevel(SppRegister reg) noexcept {
    tally_.interrupt_level_reads.increment();
    const std::uint8_t shadow =
        shadow_[static_cast<std::size_t>(reg)].load(std::memory_order_relaxed);
    if (reg != SppRegister::Status) {
        return shadow;
    }
    const std::uint8_t reported = stream_line_mask_.load(std::memory_order_relaxed);
    return static_cast<std::uint8_t>(
        (shadow & ~reported) | (stream_line_levels_.load(std::memory_order_relaxed) & reported));
}

// Queued in order; sent when the packet's dispatch is done (sendQueuedWrites). Status is
// read-only (the fixture would stall the write), and the queue holds 32: the rest are dropped.
void FixturePort::writeAtInterruptLevel(SppRegister reg, std::uint8_t value) noexcept {
    tally_.interrupt_level_writes.increment();
    if (reg == SppRegister::Status || queued_write_count_ == queued_writes_.size()) {
        tally_.interrupt_level_writes_dropped.increment();
        return;
    }
    auto& shadow = shadow_[static_cast<std::size_t>(reg)];
    queued_writes_[queued_write_count_++] = {reg, value, shadow.load(std::memory_order_relaxed)};
    shadow.store(value, std::memory_order_relaxed);
}

// Asynchronous WRITE_REGISTER transfers, completed by the transport's event loop; their outcome
// is the transport's count. A register whose writes were all refused gets its shadow back; one
// with a write that went out keeps the last such value.
void FixturePort::sendQueuedWrites() noexcept {
    std::array<std::optional<std::uint8_t>, 3> settled;
    for (std::size_t i = 0; i < queued_write_count_; ++i) {
        const QueuedWrite& queued = queued_writes_[i];
        auto& value = settled[static_cast<std::size_t>(queued.reg)];
        if (transport_.submitControlOut(hwbridge::wire::Request::WriteRegister, queued.value,
                                        static_cast<std::uint16_t>(queued.reg))) {
            value = queued.value;
        } else if (!value) {
            value = queued.previous;
        }
    }
    for (std::size_t reg = 0; reg < settled.size(); ++reg) {
        if (settled[reg]) {
            shadow_[reg].store(*settled[reg], std::memory_order_relaxed);
        }
    }
    queued_write_count_ = 0;
}

// In order only: a late (reordered) edge is older than the level already noted.
void FixturePort::noteLineLevel(const EventRecord& edge) noexcept {
    const std::uint8_t bit =
        edge.line() == Line::NAck ? hwbridge::spp::kStatusNAck : hwbridge::spp::kStatusNError;
    const std::uint8_t levels = stream_line_levels_.load(std::memory_order_relaxed);
    stream_line_levels_.store(edge.level() ? (levels | bit) : (levels & ~bit),
                              std::memory_order_relaxed);
    stream_line_mask_.store(stream_line_mask_.load(std::memory_order_relaxed) | bit,
                            std::memory_order_relaxed);
}

void FixturePort::setInterruptSink(InterruptSink* sink) {
    std::lock_guard lock(lifecycle_mutex_);
    sink_.store(sink, std::memory_order_release);
    sink_gate_.synchronize();
}

void FixturePort::setResponseObserver(ResponseObserver* observer) {
    response_observer_.store(observer, std::memory_order_release);
    sink_gate_.synchronize();
}

FixtureStreamCounts FixturePort::counts() const {
    const auto value = [](const auto& stored) { return stored.load(std::memory_order_relaxed); };
    const Tally& t = tally_;
    FixtureStreamCounts c;
    c.packets = t.packets.read();
    c.malformed_packets = t.malformed_packets.read();
    c.corrupt_records = t.corrupt_records.read();
    c.unknown_records = t.unknown_records.read();
    c.missing_records = value(t.missing_records);
    c.duplicate_records = value(t.duplicate_records);
    c.reordered_records = value(t.reordered_records);
    c.overflow_lost = t.overflow_lost.read();
    c.error_records = t.error_records.read();
    c.report_errors = value(t.report_errors);
    c.interrupts = t.interrupts.read();
    c.response_edges = t.response_edges.read();
    c.late_edges = t.late_edges.read();
    c.max_late_ns = t.max_late_ns.read();
    c.stimulus_number = value(t.stimulus_number);
    c.stimuli_missing = value(t.stimuli_missing);
    c.train_ends = t.train_ends.read();
    c.train_end_number = value(t.train_end_number);
    c.last_response_ns = value(t.last_response_ns);
    c.control_failures = value(t.control_failures);
    c.removals = value(t.removals);
    c.interrupt_level_writes = t.interrupt_level_writes.read();
    c.interrupt_level_writes_dropped = t.interrupt_level_writes_dropped.read();
    c.interrupt_level_reads = t.interrupt_level_reads.read();
    c.interrupt_level_transfers = transport_.asyncControlCounts();
    return c;
}

// The transport's event thread: one packet at a time, in order of arrival. Decoding is on the
// interrupt path too: no lock, no allocation (decoded_ has room for the largest packet). What
// the decoder found is counted before the packet is (onRecords): a reader that sees the packet
// counted sees it.
void FixturePort::onReport(std::span<const std::uint8_t> packet,
                           std::int64_t t_arrive_ns) noexcept {
    t_dispatching_ = this;
    decoded_.clear();
    const auto summary = hwbridge::codec::decodePacket(packet, decoded_);
    tally_.malformed_packets.add(summary.error != hwbridge::codec::PacketError::None ? 1 : 0);
    tally_.corrupt_records.add(summary.corrupt);
    tally_.unknown_records.add(summary.unknown);
    onRecords(decoded_, t_arrive_ns);
}

// One report's records, in order (a packet's, or the virtual fixture's as it queued them). From
// here to the ISR call: no lock, no allocation, and the report's counters only after it.
void FixturePort::onRecords(std::span<const EventRecord> records,
                            std::int64_t t_arrive_ns) noexcept {
    t_dispatching_ = this;
    if (const auto epoch = stream_epoch_.load(std::memory_order_acquire); epoch != report_epoch_) {
        report_epoch_ = epoch;
        adoptFreshStream();
    }
    sink_gate_.enter();
    InterruptSink* sink = sink_.load(std::memory_order_acquire);
    published_clock_.tryRead(report_clock_);  // the fit in force for this packet's records
    for (const EventRecord& record : records) {
        if (record.type == RecordType::Plan) {  // numbered as the edge it precedes
            due_ = {record.sequence, record.value};
        } else if (const auto verdict = sequences_.observe(record.sequence);
                   hwbridge::SequenceTracker::accepted(verdict)) {
            handleRecord(record, verdict == hwbridge::SequenceVerdict::Late, t_arrive_ns, sink);
        }
    }
    sink_gate_.exit();
    t_dispatching_ = nullptr;
    sendQueuedWrites();
    tally_.packets.increment();
    const hwbridge::SequenceCounts& now = sequences_.counts();
    tally_.missing_records.store(earlier_streams_.missing + now.missing, std::memory_order_relaxed);
    tally_.duplicate_records.store(earlier_streams_.duplicates + now.duplicates,
                                   std::memory_order_relaxed);
    tally_.reordered_records.store(earlier_streams_.reordered + now.reordered,
                                   std::memory_order_relaxed);
}

// A powered-up fixture numbers its records from 1 again and counts its stimuli from where
// configure() read them; what the earlier stream's sequence numbers told is kept.
void FixturePort::adoptFreshStream() noexcept {
    const hwbridge::SequenceCounts& before = sequences_.counts();
    earlier_streams_.missing += before.missing;
    earlier_streams_.duplicates += before.duplicates;
    earlier_streams_.reordered += before.reordered;
    sequences_ = {};
    due_ = {};
    stimulus_number_ = configured_stimulus_number_.load(std::memory_order_relaxed);
    stream_line_mask_.store(0, std::memory_order_relaxed);  // status as configure() read it
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
    // The number first: a reader that sees the count also sees the number it came with.
    tally_.train_end_number.store(stimulus_number_ + ahead, std::memory_order_relaxed);
    tally_.train_ends.increment();
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
            if (!late) {
                noteLineLevel(record);
            }
            if (record.line() == Line::NAck && record.level()) {
                const std::int64_t t_edge = toHost(record.value);
                const std::int64_t t_due = dueTimeOf(record, t_edge);
                const std::int32_t missed = numbered_.load(std::memory_order_relaxed)
                                                ? countStimulus(record.stimulus, late)
                                                : 0;
                if (sink != nullptr) {
                    sink->onInterrupt({record.sequence, t_edge, t_arrive_ns, t_due, missed});
                }
                tally_.interrupts.increment();
                tally_.stimulus_number.store(stimulus_number_, std::memory_order_relaxed);
                stimuli_missing_ += missed;
                tally_.stimuli_missing.store(stimuli_missing_, std::memory_order_relaxed);
                if (t_due != 0) {
                    tally_.late_edges.increment();
                    tally_.max_late_ns.offer(t_edge - t_due);
                }
            } else if (record.line() == Line::NError) {
                const std::int64_t t_response = toHost(record.value);
                if (auto* observer = response_observer_.load(std::memory_order_acquire)) {
                    observer->onResponseEdge(record.sequence, t_response);
                }
                tally_.response_edges.increment();
                tally_.last_response_ns.store(t_response, std::memory_order_relaxed);
            }
            return;
        case RecordType::Overflow:
            tally_.overflow_lost.add(record.value);
            return;
        case RecordType::Error:
            tally_.error_records.increment();
            return;
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
    tally_.report_errors.fetch_add(1, std::memory_order_relaxed);
}

void FixturePort::onDeviceGone() noexcept {
    attached_.store(false, std::memory_order_release);
    tally_.removals.fetch_add(1, std::memory_order_relaxed);
    std::lock_guard lock(lifecycle_mutex_);
    if (InterruptSink* sink = sink_.load(std::memory_order_acquire)) {
        sink->onPortRemoved();
    }
}

// A fixture that comes back has forgotten its configuration and its clock may have restarted.
// Called off the report thread (its control transfers need that thread): the report thread's
// own state is started afresh by the report thread itself, at the next packet (adoptFreshStream).
void FixturePort::onDeviceBack() noexcept {
    try {
        configure();
    } catch (const std::exception&) {
        tally_.control_failures.fetch_add(1, std::memory_order_relaxed);
        return;  // stays removed: requests keep answering DELETE_PENDING
    }
    attached_.store(true, std::memory_order_release);
    std::lock_guard lock(lifecycle_mutex_);
    if (InterruptSink* sink = sink_.load(std::memory_order_acquire)) {
        sink->onPortRestored();
    }
}

}  // namespace driver
