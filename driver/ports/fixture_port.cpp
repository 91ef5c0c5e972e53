#include "fixture_port.h"

#include <stdexcept>
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
        if (hwbridge::SequenceTracker::accepted(sequences_.observe(record.sequence))) {
            handleRecord(record, t_arrive_ns, sink);
        }
    }
    sink_gate_.exit();
    std::lock_guard lock(counts_mutex_);
    counts_.missing_records = sequences_.counts().missing;
    counts_.duplicate_records = sequences_.counts().duplicates;
    counts_.reordered_records = sequences_.counts().reordered;
}

void FixturePort::handleRecord(const EventRecord& record, std::int64_t t_arrive_ns,
                               InterruptSink* sink) noexcept {
    const auto to_host = [&](std::uint64_t fixture_ns) {
        const std::int64_t host_ns = report_clock_.toHost(fixture_ns);
        const double bound = report_clock_.errorBoundAt(host_ns);
        if (bound > worst_clock_error_ns_.load(std::memory_order_relaxed)) {
            worst_clock_error_ns_.store(bound, std::memory_order_relaxed);
        }
        return host_ns;
    };
    switch (record.type) {
        case RecordType::Edge:
            if (record.line() == Line::NAck && record.level()) {
                if (sink != nullptr) {
                    sink->onInterrupt({record.sequence, to_host(record.value), t_arrive_ns});
                }
                std::lock_guard lock(counts_mutex_);
                ++counts_.interrupts;
            } else if (record.line() == Line::NError) {
                if (auto* observer = response_observer_.load(std::memory_order_acquire)) {
                    observer->onResponseEdge(record.sequence, to_host(record.value));
                }
                std::lock_guard lock(counts_mutex_);
                ++counts_.response_edges;
                counts_.last_response_ns = to_host(record.value);
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
    }
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
