#include "fixture_model.h"

#include <time.h>

#include <algorithm>
#include <cmath>
#include <mutex>
#include <utility>

#include "codec.h"
#include "monotonic_clock.h"

namespace hwbridge {
namespace {

template <std::size_t N>
TransferResult reply(const std::array<std::uint8_t, N>& bytes, std::span<std::uint8_t> data) {
    const std::size_t length = std::min(N, data.size());
    std::copy_n(bytes.begin(), length, data.begin());
    return {TransferStatus::Ok, length};
}

constexpr std::uint32_t kCapabilities =
    wire::capability::kIrqEvents | wire::capability::kResponseCapture |
    wire::capability::kStimulusBurst | wire::capability::kStimulusPeriodic |
    wire::capability::kStimulusRandom | wire::capability::kNortonWiring |
    wire::capability::kStimulusPlan | wire::capability::kStimulusNumbers;

}  // namespace

// The model's lock for a call that may queue records: they are announced to the queue
// (EventQueue::recordsQueued) only once it is released.
class FixtureModel::Lock {
public:
    explicit Lock(FixtureModel& model) : model_(model), lock_(model.mutex_) {}
    ~Lock() {
        EventQueue* const queue =
            std::exchange(model_.records_queued_, false) ? model_.queue_ : nullptr;
        lock_.unlock();
        if (queue != nullptr) {
            queue->recordsQueued();
        }
    }
    Lock(const Lock&) = delete;
    Lock& operator=(const Lock&) = delete;

private:
    FixtureModel& model_;
    std::unique_lock<std::mutex> lock_;
};

FixtureModel::FixtureModel(FixtureModelOptions options)
    : options_(std::move(options)), clock_epoch_ns_(monotonicNowNs()) {}

void FixtureModel::setEventQueue(EventQueue* queue) {
    std::lock_guard lock(mutex_);
    queue_ = queue;
}

void FixtureModel::setStimulusRunner(StimulusRunner* runner) {
    std::lock_guard lock(mutex_);
    runner_ = runner;
}

std::uint64_t FixtureModel::fixtureNow() const {
    return fixtureTimeAt(monotonicNowNs());
}

std::uint64_t FixtureModel::fixtureTimeAt(std::int64_t host_ns) const {
    const auto gained = static_cast<std::int64_t>(std::llround(
        static_cast<double>(host_ns - clock_epoch_ns_) * options_.clock_drift_ppm * 1e-6));
    return static_cast<std::uint64_t>(host_ns + options_.clock_offset_ns + gained);
}

wire::InfoBlock FixtureModel::info() const {
    return {wire::kInfoMagic, wire::kProtocolVersion, options_.firmware_version,
            kCapabilities | (options_.is_virtual ? wire::capability::kVirtual : 0u),
            options_.max_burst};
}

std::uint32_t FixtureModel::eventsDropped() const {
    std::lock_guard lock(mutex_);
    return dropped_;
}

TransferResult FixtureModel::stall(wire::ErrorCode reason) {
    last_error_ = reason;
    return {TransferStatus::Stall, 0};
}

TransferResult FixtureModel::controlIn(wire::Request request, std::uint16_t, std::uint16_t index,
                                       std::span<std::uint8_t> data) {
    std::lock_guard lock(mutex_);
    switch (request) {
        case wire::Request::GetInfo:
            return reply(codec::encodeInfo(info()), data);
        case wire::Request::ReadRegister: {
            if (index > 2) {
                return stall(wire::ErrorCode::BadRegister);
            }
            const auto pins = spp::outputPins(data_, control_);
            const std::array<std::uint8_t, 1> value{index == 0 ? pins.data
                                                    : index == 1
                                                        ? spp::loopbackStatus(wiring_, pins)
                                                        : control_};
            return reply(value, data);
        }
        case wire::Request::GetClock:
            return reply(codec::encodeClock(fixtureNow()), data);
        case wire::Request::GetStatus:
            return reply(codec::encodeStatus({last_error_, dropped_, stimuli_ + counter_skew_}),
                         data);
        default:
            return stall(wire::ErrorCode::UnknownRequest);
    }
}

TransferResult FixtureModel::controlOut(wire::Request request, std::uint16_t value,
                                        std::uint16_t index, std::span<const std::uint8_t> data) {
    if (request == wire::Request::StartStimulus) {
        return startStimulus(data);
    }
    if (request == wire::Request::StopStimulus) {
        std::lock_guard lock(mutex_);
        if (runner_ != nullptr) {
            runner_->stop();
        }
        return {TransferStatus::Ok, 0};
    }
    const Lock lock(*this);
    switch (request) {
        case wire::Request::WriteRegister:
            return writeRegisterLocked(index, static_cast<std::uint8_t>(value));
        case wire::Request::SetIrqEnable:
            if (value > 1) {
                return stall(wire::ErrorCode::BadValue);
            }
            setRegisterLocked(spp::Register::Control, value ? control_ | spp::kControlIrqEnable
                                                            : control_ & ~spp::kControlIrqEnable);
            return {TransferStatus::Ok, 0};
        case wire::Request::SetWiring:
            if (value > 1) {
                return stall(wire::ErrorCode::BadValue);
            }
            wiring_ = value == 0 ? spp::LoopbackWiring::CheckIt : spp::LoopbackWiring::Norton;
            return {TransferStatus::Ok, 0};
        case wire::Request::SetCapture:
            if (value > 1) {
                return stall(wire::ErrorCode::BadValue);
            }
            capture_ = value == 1;
            return {TransferStatus::Ok, 0};
        default:
            return stall(wire::ErrorCode::UnknownRequest);
    }
}

TransferResult FixtureModel::startStimulus(std::span<const std::uint8_t> data) {
    const auto stimulus = codec::decodeStimulus(data);
    std::lock_guard lock(mutex_);
    if (!stimulus) {
        return stall(wire::ErrorCode::BadValue);
    }
    const bool needs_period =
        stimulus->mode != wire::StimulusMode::Single &&
        !(stimulus->mode == wire::StimulusMode::Burst && stimulus->count == 1);
    const bool needs_count =
        stimulus->mode == wire::StimulusMode::Single || stimulus->mode == wire::StimulusMode::Burst;
    if ((needs_period && stimulus->period_ns == 0) || (needs_count && stimulus->count == 0) ||
        (stimulus->mode == wire::StimulusMode::Single && stimulus->count != 1) ||
        stimulus->count > options_.max_burst) {
        return stall(wire::ErrorCode::BadValue);
    }
    if (runner_ == nullptr) {
        return stall(wire::ErrorCode::Unsupported);
    }
    if (!runner_->start(*stimulus)) {
        return stall(wire::ErrorCode::Busy);
    }
    return {TransferStatus::Ok, 0};
}

TransferResult FixtureModel::writeRegisterLocked(std::uint16_t reg, std::uint8_t value) {
    if (reg != 0 && reg != 2) {
        return stall(wire::ErrorCode::BadRegister);  // status is read-only
    }
    setRegisterLocked(reg == 0 ? spp::Register::Data : spp::Register::Control, value);
    return {TransferStatus::Ok, 0};
}

// Every register change goes through here: the plug turns it into status-line edges, and the
// edges the host asked for become records. The clock is read only for a record: a stimulus's
// falling half, and the rising half's work after its timestamp, are on the way to the ISR.
void FixtureModel::setRegisterLocked(spp::Register reg, std::uint8_t value) {
    const std::uint8_t before = spp::loopbackStatus(wiring_, spp::outputPins(data_, control_));
    (reg == spp::Register::Data ? data_ : control_) = value;
    const std::uint8_t after = spp::loopbackStatus(wiring_, spp::outputPins(data_, control_));
    const bool nack_rose = !(before & spp::kStatusNAck) && (after & spp::kStatusNAck);
    const bool interrupt = nack_rose && (control_ & spp::kControlIrqEnable);
    const bool captured = capture_ && ((before ^ after) & spp::kStatusNError);
    if (!interrupt && !captured) {
        return;
    }
    const std::int64_t host_now = monotonicNowNs();
    const std::uint64_t now = fixtureTimeAt(host_now);
    if (interrupt) {
        if (due_ != 0 && now > due_ + static_cast<std::uint64_t>(wire::kOnTimeToleranceNs)) {
            planned_ = emitPlanLocked(due_, host_now);
        }
        emitLocked(wire::EventRecord::edge(0, wire::Line::NAck, true, now,
                                           static_cast<std::uint8_t>(stimuli_)),
                   host_now);
    }
    if (captured) {
        emitLocked(
            wire::EventRecord::edge(0, wire::Line::NError, (after & spp::kStatusNError) != 0, now),
            host_now);
    }
}

// A PLAN record carries the number of the edge it precedes and takes none of its own: the
// stream's numbering stays one per event. Sent only with room to spare for its edge.
bool FixtureModel::emitPlanLocked(std::uint64_t due, std::int64_t host_ns) {
    if (queue_ == nullptr || dropped_unreported_ > 0) {
        return false;
    }
    records_queued_ = true;
    return queue_->push(wire::EventRecord::plan(next_sequence_, due), host_ns);
}

// Numbers the record and queues it. A full queue drops it; the loss is reported in an OVERFLOW
// record as soon as there is room again.
void FixtureModel::emitLocked(wire::EventRecord record, std::int64_t host_ns) {
    if (queue_ == nullptr) {
        ++dropped_;
        return;
    }
    records_queued_ = true;
    if (dropped_unreported_ > 0) {
        const wire::EventRecord overflow{wire::RecordType::Overflow, 0, next_sequence_,
                                         dropped_unreported_};
        if (!queue_->push(overflow, host_ns)) {
            ++dropped_;
            ++dropped_unreported_;
            return;
        }
        ++next_sequence_;
        dropped_unreported_ = 0;
    }
    record.sequence = next_sequence_;
    if (queue_->push(record, host_ns)) {
        ++next_sequence_;
    } else {
        ++dropped_;
        ++dropped_unreported_;
    }
}

void FixtureModel::powerOn() {
    std::lock_guard lock(mutex_);
    data_ = 0;
    control_ = 0;
    wiring_ = spp::LoopbackWiring::CheckIt;
    capture_ = false;
    last_error_ = wire::ErrorCode::None;
    next_sequence_ = 1;
    dropped_unreported_ = 0;
    stimuli_ = 0;
    counter_skew_ = 0;
}

void FixtureModel::endOfTrain() {
    const Lock lock(*this);
    emitLocked({wire::RecordType::TrainEnd, 0, 0, stimuli_}, monotonicNowNs());
    counter_skew_ += options_.stimulus_count_skew;
}

bool FixtureModel::pulseStimulusLine(std::int64_t due_host_ns) {
    const Lock lock(*this);
    due_ = due_host_ns != 0 ? fixtureTimeAt(due_host_ns) : 0;
    planned_ = false;
    ++stimuli_;  // counted whether or not IRQ enable lets it become an event
    const spp::StimulusLine line = spp::stimulusLine(wiring_);
    std::uint8_t& reg = line.reg == spp::Register::Data ? data_ : control_;
    const std::uint8_t high = reg | line.mask;
    setRegisterLocked(line.reg, static_cast<std::uint8_t>(reg & ~line.mask));
    setRegisterLocked(line.reg, high);
    due_ = 0;
    return planned_;
}

}  // namespace hwbridge
