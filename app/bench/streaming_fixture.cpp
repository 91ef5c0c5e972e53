#include "streaming_fixture.h"

#include <algorithm>
#include <chrono>

#include "codec.h"
#include "monotonic_clock.h"

namespace bench {
namespace {

constexpr std::size_t kRecordsPerPacket =
    (hwbridge::wire::kHighSpeedPacket - hwbridge::wire::kPacketHeaderSize) /
    hwbridge::wire::kRecordSize;

}  // namespace

StreamingFixture::StreamingFixture() {
    model_.setEventQueue(this);
    model_.setStimulusRunner(this);
    producer_ = std::thread([this] { produce(); });
}

StreamingFixture::~StreamingFixture() {
    {
        std::lock_guard lock(train_mutex_);
        quit_ = true;
    }
    wake_.notify_all();
    producer_.join();
}

hwbridge::DeviceIdentity StreamingFixture::identity() const {
    return {"BENCH-STREAM",
            hwbridge::wire::kVendorId,
            hwbridge::wire::kDefaultProductId,
            "bench stream",
            true,
            "virtual"};
}

hwbridge::TransferResult StreamingFixture::controlIn(hwbridge::wire::Request request,
                                                     std::uint16_t value, std::uint16_t index,
                                                     std::span<std::uint8_t> data) {
    return model_.controlIn(request, value, index, data);
}

hwbridge::TransferResult StreamingFixture::controlOut(hwbridge::wire::Request request,
                                                      std::uint16_t value, std::uint16_t index,
                                                      std::span<const std::uint8_t> data) {
    return model_.controlOut(request, value, index, data);
}

bool StreamingFixture::submitControlOut(hwbridge::wire::Request request, std::uint16_t value,
                                        std::uint16_t index) noexcept {
    return interrupt_level_.submit(model_, true, request, value, index);
}

hwbridge::AsyncControlCounts StreamingFixture::asyncControlCounts() const {
    return interrupt_level_.counts();
}

void StreamingFixture::setReportSink(hwbridge::ReportSink* sink) {
    std::lock_guard lock(sink_mutex_);
    sink_ = sink;
}

bool StreamingFixture::push(const hwbridge::wire::EventRecord& record, std::int64_t) noexcept {
    std::lock_guard lock(pending_mutex_);
    pending_.push_back(record);
    return true;
}

bool StreamingFixture::start(const hwbridge::wire::StimulusBlock& train) {
    std::lock_guard lock(train_mutex_);
    period_ns_ = static_cast<std::int64_t>(std::max<std::uint64_t>(train.period_ns, 1));
    running_ = true;
    wake_.notify_all();
    return true;
}

void StreamingFixture::stop() {
    std::lock_guard lock(train_mutex_);
    running_ = false;
}

std::int64_t StreamingFixture::waitForTrain() {
    std::unique_lock lock(train_mutex_);
    wake_.wait(lock, [this] { return quit_ || running_; });
    return quit_ ? 0 : period_ns_;
}

bool StreamingFixture::trainRunning() {
    std::lock_guard lock(train_mutex_);
    return running_ && !quit_;
}

void StreamingFixture::produce() {
    while (const std::int64_t period = waitForTrain()) {
        std::int64_t next_edge = hwbridge::monotonicNowNs();
        while (trainRunning()) {
            for (const std::int64_t now = hwbridge::monotonicNowNs(); next_edge <= now;
                 next_edge += period) {
                model_.pulseStimulusLine();
            }
            deliver();
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        deliver();
    }
}

// Outside the queue's lock: the ISR's response edge comes back into push() from the sink.
void StreamingFixture::deliver() {
    std::vector<hwbridge::wire::EventRecord> records;
    {
        std::lock_guard lock(pending_mutex_);
        records.swap(pending_);
    }
    std::vector<std::uint8_t> packet;
    for (std::size_t at = 0; at < records.size(); at += kRecordsPerPacket) {
        const std::size_t n = std::min(kRecordsPerPacket, records.size() - at);
        packet.clear();
        hwbridge::codec::encodePacket({records.data() + at, n}, packet);
        std::lock_guard lock(sink_mutex_);
        if (sink_ != nullptr) {
            sink_->onReport(packet, hwbridge::monotonicNowNs());
        }
    }
}

}  // namespace bench
