// A fixture that streams at high rates: the fixture model with a producer thread that pulses the
// stimulus line at the train's rate in 1 ms batches and hands the records over in
// high-speed-sized packets, as a USB fixture does. The virtual fixture also carries 100 k edges/s,
// but its generator times each edge awake and so takes a whole CPU at that rate; this producer
// wakes once a millisecond, leaving the CPUs to the window. Everything after the report sink is
// the same path as the USB fixture's (the packets decoded, which the virtual fixture's records
// need not be). For load, never for latency: its edges are stamped in batches.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

#include "fixture_model.h"
#include "immediate_control.h"
#include "transport.h"

namespace bench {

class StreamingFixture final : public hwbridge::Transport,
                               private hwbridge::EventQueue,
                               private hwbridge::StimulusRunner {
public:
    StreamingFixture();
    ~StreamingFixture() override;
    StreamingFixture(const StreamingFixture&) = delete;
    StreamingFixture& operator=(const StreamingFixture&) = delete;

    hwbridge::DeviceIdentity identity() const override;
    hwbridge::TransferResult controlIn(hwbridge::wire::Request request, std::uint16_t value,
                                       std::uint16_t index, std::span<std::uint8_t> data) override;
    hwbridge::TransferResult controlOut(hwbridge::wire::Request request, std::uint16_t value,
                                        std::uint16_t index,
                                        std::span<const std::uint8_t> data) override;
    bool submitControlOut(hwbridge::wire::Request request, std::uint16_t value,
                          std::uint16_t index) noexcept override;
    hwbridge::AsyncControlCounts asyncControlCounts() const override;
    void setReportSink(hwbridge::ReportSink* sink) override;

private:
    bool push(const hwbridge::wire::EventRecord& record, std::int64_t host_ns) noexcept override;
    // Called by the model with its lock held: neither may wait for the producer.
    bool start(const hwbridge::wire::StimulusBlock& train) override;
    void stop() override;

    std::int64_t waitForTrain();  // the running train's period, or 0 once told to quit
    bool trainRunning();
    void produce();
    void deliver();

    hwbridge::FixtureModel model_;
    hwbridge::ImmediateControl interrupt_level_;
    std::mutex pending_mutex_;
    std::vector<hwbridge::wire::EventRecord> pending_;
    std::mutex sink_mutex_;
    hwbridge::ReportSink* sink_ = nullptr;
    std::mutex train_mutex_;
    std::condition_variable wake_;
    std::int64_t period_ns_ = 0;
    bool running_ = false;
    bool quit_ = false;
    std::thread producer_;
};

}  // namespace bench
