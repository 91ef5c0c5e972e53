// The fixture as a device: what the firmware does, in software. It answers the vendor control
// requests of PROTOCOL.md, keeps the SPP registers and the loopback plug, timestamps edges on its
// own clock and produces numbered event records. Transport-neutral: the virtual fixture calls it
// directly, the USB emulator in the tests answers URBs with it.
#pragma once

#include <cstdint>
#include <mutex>
#include <span>
#include <string>

#include "loopback_plug.h"
#include "transport.h"
#include "wire.h"

namespace hwbridge {

struct FixtureModelOptions {
    std::string serial = "VIRTUAL-0001";
    std::uint16_t firmware_version = 0x0100;
    // The fixture's clock runs from its own epoch: host CLOCK_MONOTONIC plus this offset.
    std::int64_t clock_offset_ns = 1'000'000'000'000;
    // How much faster than the host the fixture's crystal runs, from the model's creation:
    // 50 is a fixture that gains 50 us a second.
    double clock_drift_ppm = 0;
    std::uint32_t max_burst = 100'000;
    bool is_virtual = true;
    // A broken stimulus counter (a fault drill): at the end of each train GET_STATUS's count
    // gains this many stimuli the fixture never made, which the run's accounting must catch.
    std::uint32_t stimulus_count_skew = 0;
};

// Where the model's records go (the report endpoint's queue). push() is called under the model's
// lock and returns false when full; recordsQueued() follows one or more pushes once that lock is
// released: the place to wake a reader, which would otherwise find the model still locked by the
// thread that woke it (a register read in the ISR it calls would wait for that thread).
class EventQueue {
public:
    // `host_ns`: the host clock when the fixture made the record, what a bus model delays it from.
    virtual bool push(const wire::EventRecord& record, std::int64_t host_ns) noexcept = 0;
    virtual void recordsQueued() noexcept {}

protected:
    ~EventQueue() = default;
};

// Runs stimulus trains on the fixture's time base; the model validates, the runner executes.
class StimulusRunner {
public:
    virtual bool start(const wire::StimulusBlock& stimulus) = 0;  // false: a train is running
    virtual void stop() = 0;

protected:
    ~StimulusRunner() = default;
};

class FixtureModel {
public:
    explicit FixtureModel(FixtureModelOptions options = {});

    void setEventQueue(EventQueue* queue);
    void setStimulusRunner(StimulusRunner* runner);

    // Endpoint 0. A refused request answers Stall and latches the reason for GET_STATUS.
    TransferResult controlIn(wire::Request request, std::uint16_t value, std::uint16_t index,
                             std::span<std::uint8_t> data);
    TransferResult controlOut(wire::Request request, std::uint16_t value, std::uint16_t index,
                              std::span<const std::uint8_t> data);

    // The stimulus line: one rising edge on nAck through the plug (low, then high). A train's
    // edge passes the host time it was due: one that leaves later than wire::kOnTimeToleranceNs
    // after it is preceded by a PLAN record with the due time, so that its wait counts as latency.
    // True when a PLAN record went out with it.
    bool pulseStimulusLine(std::int64_t due_host_ns = 0);
    // The train is over: a TRAIN_END record with the stimulus count, after its last edge.
    void endOfTrain();
    // Power-on state: registers clear, CheckIt wiring, no capture, sequence numbers from 1.
    void powerOn();

    std::uint64_t fixtureNow() const;
    // The fixture's clock at a host time: the truth a clock mapping is held to in the tests.
    std::uint64_t fixtureTimeAt(std::int64_t host_ns) const;
    const FixtureModelOptions& options() const { return options_; }
    wire::InfoBlock info() const;
    std::uint32_t eventsDropped() const;

private:
    class Lock;

    TransferResult stall(wire::ErrorCode reason);
    TransferResult writeRegisterLocked(std::uint16_t reg, std::uint8_t value);
    void setRegisterLocked(spp::Register reg, std::uint8_t value);
    void emitLocked(wire::EventRecord record, std::int64_t host_ns);
    bool emitPlanLocked(std::uint64_t due, std::int64_t host_ns);
    TransferResult startStimulus(std::span<const std::uint8_t> data);

    const FixtureModelOptions options_;
    const std::int64_t clock_epoch_ns_;  // host time the drift counts from
    mutable std::mutex mutex_;
    std::uint8_t data_ = 0;
    std::uint8_t control_ = 0;
    spp::LoopbackWiring wiring_ = spp::LoopbackWiring::CheckIt;
    bool capture_ = false;
    wire::ErrorCode last_error_ = wire::ErrorCode::None;
    std::uint32_t next_sequence_ = 1;
    std::uint32_t dropped_ = 0;
    std::uint32_t dropped_unreported_ = 0;
    std::uint64_t due_ = 0;      // fixture time the edge being pulsed was due (0: not a train's)
    bool planned_ = false;       // a PLAN record went out for it
    std::uint32_t stimuli_ = 0;  // stimulus edges made since power-up
    std::uint32_t counter_skew_ = 0;
    EventQueue* queue_ = nullptr;
    bool records_queued_ = false;  // pushed under the lock, not yet announced
    StimulusRunner* runner_ = nullptr;
};

}  // namespace hwbridge
