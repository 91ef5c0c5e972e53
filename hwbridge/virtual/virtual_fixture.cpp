#include "virtual_fixture.h"

#include <pthread.h>
#include <sched.h>
#include <sys/prctl.h>

#include <algorithm>
#include <chrono>
#include <utility>

#include "codec.h"
#include "monotonic_clock.h"
#include "thread_name.h"

namespace hwbridge {
namespace {

// The generator waits out the last stretch before an edge awake: a sleeping thread wakes tens of
// microseconds late on an idle (virtual) CPU, and a firmware timer fires on time.
constexpr std::int64_t kSpinNs = 60'000;

// The bus model's times and the stimulus train's are what these threads sleep until: the
// default 50 us timer slack would be added to each of them.
void useExactTimers() {
    prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
}

// Best effort: a CPU set that excludes this CPU (containers) leaves the threads where they are.
void shareOneCpu(std::thread& a, std::thread& b) {
    const int cpu = sched_getcpu();
    if (cpu < 0) {
        return;
    }
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(cpu, &one);
    pthread_setaffinity_np(a.native_handle(), sizeof one, &one);
    pthread_setaffinity_np(b.native_handle(), sizeof one, &one);
}

FixtureModelOptions withCounterFault(FixtureModelOptions model, const FaultPlan& faults) {
    model.stimulus_count_skew += faults.miscount;
    return model;
}

}  // namespace

VirtualFixture::VirtualFixture(VirtualFixtureOptions options)
    : options_(std::move(options)),
      model_(withCounterFault(options_.model, options_.faults)),
      bus_clock_(options_.bus),
      fault_random_(options_.faults.seed),
      pending_(options_.queue_capacity) {
    model_.setEventQueue(this);
    model_.setStimulusRunner(this);
    report_thread_ = std::thread([this] { reportThreadMain(); });
    generator_thread_ = std::thread([this] { generatorThreadMain(); });
    if (options_.share_one_cpu) {
        shareOneCpu(report_thread_, generator_thread_);
    }
}

VirtualFixture::~VirtualFixture() {
    stopping_.store(true, std::memory_order_release);
    train_stop_.store(true, std::memory_order_release);
    {
        std::lock_guard lock(train_mutex_);
        train_ready_.notify_all();
    }
    doorbell_.ring();
    generator_thread_.join();
    report_thread_.join();
    model_.setStimulusRunner(nullptr);
    model_.setEventQueue(nullptr);
}

DeviceIdentity VirtualFixture::identity() const {
    return {options_.model.serial,
            wire::kVendorId,
            wire::kDefaultProductId,
            options_.bus.name(),
            true,
            "virtual"};
}

TransferResult VirtualFixture::controlIn(wire::Request request, std::uint16_t value,
                                         std::uint16_t index, std::span<std::uint8_t> data) {
    if (!plugged()) {
        return {TransferStatus::NoDevice, 0};
    }
    return model_.controlIn(request, value, index, data);
}

TransferResult VirtualFixture::controlOut(wire::Request request, std::uint16_t value,
                                          std::uint16_t index, std::span<const std::uint8_t> data) {
    if (!plugged()) {
        return {TransferStatus::NoDevice, 0};
    }
    return model_.controlOut(request, value, index, data);
}

bool VirtualFixture::submitControlOut(wire::Request request, std::uint16_t value,
                                      std::uint16_t index) noexcept {
    return interrupt_level_control_.submit(model_, plugged(), request, value, index);
}

AsyncControlCounts VirtualFixture::asyncControlCounts() const {
    return interrupt_level_control_.counts();
}

void VirtualFixture::setReportSink(ReportSink* sink) {
    sink_.store(sink, std::memory_order_release);
    sink_gate_.synchronize();
}

// The report thread is the only caller: one writer for the gate, no lock the host side can hold.
void VirtualFixture::callSink(auto&& call) {
    sink_gate_.enter();
    if (ReportSink* sink = sink_.load(std::memory_order_acquire)) {
        call(*sink);
    }
    sink_gate_.exit();
}

// ---- the report endpoint -------------------------------------------------------------------

bool VirtualFixture::push(const wire::EventRecord& record, std::int64_t host_ns) noexcept {
    std::lock_guard lock(pending_mutex_);
    if (pending_.full()) {
        return false;
    }
    pending_.push(bus_clock_.deliveryTime(host_ns), record);
    return true;
}

void VirtualFixture::recordsQueued() noexcept {
    doorbell_.ring();
}

// When the report thread must wake without being rung: a record's delivery time (a bus delay, the
// next frame) or a stall's end. A record due later is waited for asleep, not awake: a host learns
// of a packet only once it has arrived, so its wake-up comes on top of the bus's delay. (Waiting
// the last 60 us awake, as this did, let a delay overlap the wake-up: on a host that took 20-30 us
// to wake, a 30 us bus delay vanished from the median.)
std::int64_t VirtualFixture::nextWakeNs() {
    std::lock_guard lock(pending_mutex_);
    if (pending_.empty()) {
        return stall_until_ns_ > 0 ? stall_until_ns_ : Doorbell::kForever;
    }
    return std::max({pending_.top().due_ns, next_frame_ns_, stall_until_ns_});
}

void VirtualFixture::reportThreadMain() {
    hwbridge::nameThisThread("vfix-report");
    useExactTimers();
    due_.reserve(options_.queue_capacity);
    if (options_.faults.any()) {
        fault_in_.reserve(options_.bus.packetCapacity());
        fault_out_.reserve(2 * options_.bus.packetCapacity());  // every record duplicated
        packet_.reserve(wire::kPacketHeaderSize + 2 * 255 * wire::kRecordSize);
    }
    while (!stopping_.load(std::memory_order_acquire)) {
        doorbell_.waitUntil(nextWakeNs());
        const std::int64_t woke = monotonicNowNs();
        doorbell_.answer();  // what was pushed before this is delivered below
        carryOutPlugRequest();
        deliverDue(woke);
    }
}

// Looked at without the lock on every wake-up, sequentially consistent with the doorbell: a
// request stored before its ring is seen by the wake-up it causes, or by the next one if this
// wake-up answered the ring first. The request stays set until it is carried out: its caller
// waits for that.
void VirtualFixture::carryOutPlugRequest() {
    const PlugRequest request = plug_request_.load();
    if (request == PlugRequest::None) {
        return;
    }
    if (request == PlugRequest::Unplug && plugged()) {
        plugged_.store(false, std::memory_order_release);
        endTrain();  // power is gone: so is the train
        {
            // What was still on its way never arrives.
            std::lock_guard lock(pending_mutex_);
            counts_.lost_to_unplug.add(pending_.size());
            pending_.clear();
        }
        callSink([](ReportSink& sink) { sink.onDeviceGone(); });
    } else if (request == PlugRequest::Replug && !plugged()) {
        model_.powerOn();
        plugged_.store(true, std::memory_order_release);
        callSink([](ReportSink& sink) { sink.onDeviceBack(); });
    }
    std::lock_guard lock(pending_mutex_);
    plug_request_.store(PlugRequest::None);
    plug_done_.notify_all();
}

// Takes what is due off the queue (one packet per frame on frame buses) and sends it. While the
// endpoint is stalled nothing moves; the host hears of the stall once, and when it clears the
// backlog follows.
void VirtualFixture::deliverDue(std::int64_t now) {
    bool report_stall = false;
    due_.clear();
    {
        std::lock_guard lock(pending_mutex_);
        if (now < stall_until_ns_) {
            report_stall = !std::exchange(stall_reported_, true);
        } else if (now >= next_frame_ns_) {
            stall_until_ns_ = 0;
            stall_reported_ = false;
            const bool framed = options_.bus.frameNs() > 0;
            const std::size_t capacity = options_.bus.packetCapacity();
            while (!pending_.empty() && pending_.top().due_ns <= now &&
                   (!framed || due_.size() < capacity)) {
                due_.push_back(pending_.top().record);
                pending_.pop();
            }
            if (framed && !due_.empty()) {
                const std::int64_t frame = options_.bus.frameNs();
                next_frame_ns_ = (now / frame + 1) * frame;
            }
        }
    }
    if (report_stall) {
        counts_.stalls.increment();
        callSink([](ReportSink& sink) { sink.onReportError(TransferStatus::Stall); });
    }
    const std::size_t capacity = options_.bus.packetCapacity();
    const std::span<const wire::EventRecord> due(due_);
    for (std::size_t first = 0; first < due.size(); first += capacity) {
        send(due.subspan(first, std::min(capacity, due.size() - first)), now);
    }
}

std::size_t VirtualFixture::applyFaults(std::span<const wire::EventRecord> records) {
    const FaultPlan& plan = options_.faults;
    std::uniform_real_distribution<double> chance(0.0, 1.0);
    std::vector<wire::EventRecord>& in = fault_in_;
    std::vector<wire::EventRecord>& out = fault_out_;
    in.assign(records.begin(), records.end());
    out.clear();
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (chance(fault_random_) < plan.drop) {
            counts_.dropped_by_fault.increment();
            continue;
        }
        if (i + 1 < in.size() && chance(fault_random_) < plan.reorder) {
            std::swap(in[i], in[i + 1]);
            counts_.reordered_by_fault.increment();
        }
        out.push_back(in[i]);
        if (chance(fault_random_) < plan.duplicate) {
            out.push_back(in[i]);
            counts_.duplicated_by_fault.increment();
        }
    }
    codec::encodePacket(out, packet_);
    for (std::size_t r = 0; r < out.size(); ++r) {
        if (chance(fault_random_) < plan.corrupt) {
            const std::size_t bit = fault_random_() % (wire::kRecordSize * 8);
            packet_[wire::kPacketHeaderSize + r * wire::kRecordSize + bit / 8] ^=
                static_cast<std::uint8_t>(1u << (bit % 8));
            counts_.corrupted_by_fault.increment();
        }
    }
    return out.size();
}

// `t_arrive_ns` is when the host side woke to the completion: when it learnt of the records.
// They go over as records, with nothing to encode here or decode there, unless a fault plan is in
// force: then they go as the USB fixture's packet would, so that the faults meet the whole USB
// path (corruption flips bits in it).
void VirtualFixture::send(std::span<const wire::EventRecord> records, std::int64_t t_arrive_ns) {
    std::size_t sent = records.size();
    if (options_.faults.any()) {
        packet_.clear();
        sent = applyFaults(records);
        callSink([&](ReportSink& sink) { sink.onReport(packet_, t_arrive_ns); });
    } else {
        callSink([&](ReportSink& sink) { sink.onRecords(records, t_arrive_ns); });
    }
    counts_.records_delivered.add(sent);
    counts_.packets.increment();
}

void VirtualFixture::unplug() {
    changePlug(PlugRequest::Unplug);
}

void VirtualFixture::replug() {
    changePlug(PlugRequest::Replug);
}

// One request at a time, carried out by the report thread; returns once it has been.
void VirtualFixture::changePlug(PlugRequest request) {
    const auto none = [this] { return plug_request_.load() == PlugRequest::None; };
    std::unique_lock lock(pending_mutex_);
    plug_done_.wait(lock, none);
    plug_request_.store(request);
    doorbell_.ring();
    plug_done_.wait(lock, none);
}

void VirtualFixture::stallReports(std::int64_t duration_ns) {
    {
        std::lock_guard lock(pending_mutex_);
        stall_until_ns_ = monotonicNowNs() + duration_ns;
    }
    doorbell_.ring();
}

void VirtualFixture::stallGenerator(std::int64_t duration_ns) {
    generator_stall_ns_.store(duration_ns, std::memory_order_release);
}

VirtualFixtureCounts VirtualFixture::counts() const {
    const LiveCounts& c = counts_;
    return {.records_delivered = c.records_delivered.read(),
            .packets = c.packets.read(),
            .dropped_by_fault = c.dropped_by_fault.read(),
            .duplicated_by_fault = c.duplicated_by_fault.read(),
            .reordered_by_fault = c.reordered_by_fault.read(),
            .corrupted_by_fault = c.corrupted_by_fault.read(),
            .lost_to_unplug = c.lost_to_unplug.read(),
            .stalls = c.stalls.read(),
            .edges_generated = c.edges_generated.read(),
            .late_edges = c.late_edges.read(),
            .max_late_ns = c.max_late_ns.read(),
            .plan_records = c.plan_records.read()};
}

// ---- the stimulus generator ----------------------------------------------------------------

bool VirtualFixture::start(const wire::StimulusBlock& stimulus) {
    std::lock_guard lock(train_mutex_);
    if (train_ || train_running_.load(std::memory_order_acquire)) {
        return false;
    }
    train_stop_.store(false, std::memory_order_release);
    train_ = stimulus;
    train_running_.store(true, std::memory_order_release);
    train_ready_.notify_one();
    return true;
}

// Never waits: the model calls it with its own lock held, and the generator needs that lock.
void VirtualFixture::stop() {
    std::lock_guard lock(train_mutex_);
    train_stop_.store(true, std::memory_order_release);
    train_ready_.notify_all();
}

void VirtualFixture::endTrain() {
    std::unique_lock lock(train_mutex_);
    train_stop_.store(true, std::memory_order_release);
    train_ready_.notify_all();
    train_idle_.wait(lock, [this] { return !train_running_.load(std::memory_order_acquire); });
}

// Sleeps until shortly before the edge is due and waits out the rest awake, as a firmware timer
// fires on time: a sleeping thread wakes tens of microseconds late, which would count as
// latency from the edge's due time. A stop wakes it at once. The condition variable waits on
// CLOCK_MONOTONIC (steady_clock), the clock every timestamp here uses.
bool VirtualFixture::waitForNextEdge(std::int64_t t_ns) {
    const auto wake =
        std::chrono::steady_clock::time_point(std::chrono::nanoseconds(t_ns - kSpinNs));
    // Within the last stretch already (at 100 k edges/s, always): a timed wait that is over
    // before it starts would still cost a futex call per edge.
    if (t_ns - kSpinNs > monotonicNowNs()) {
        std::unique_lock lock(train_mutex_);
        train_ready_.wait_until(lock, wake,
                                [this] { return train_stop_.load(std::memory_order_acquire); });
    }
    while (monotonicNowNs() < t_ns && !train_stop_.load(std::memory_order_acquire)) {
    }
    return !train_stop_.load(std::memory_order_acquire) && plugged();
}

void VirtualFixture::generatorThreadMain() {
    hwbridge::nameThisThread("vfix-generator");
    useExactTimers();
    while (true) {
        wire::StimulusBlock train;
        {
            std::unique_lock lock(train_mutex_);
            train_ready_.wait(lock, [this] {
                return train_.has_value() || stopping_.load(std::memory_order_acquire);
            });
            if (stopping_.load(std::memory_order_acquire)) {
                return;
            }
            train = *train_;
        }
        runTrain(train);
        if (plugged()) {
            model_.endOfTrain();
        }
        std::lock_guard lock(train_mutex_);
        train_.reset();
        train_running_.store(false, std::memory_order_release);
        train_idle_.notify_all();
    }
}

void VirtualFixture::runTrain(const wire::StimulusBlock& train) {
    std::mt19937_64 random(train.seed);
    std::exponential_distribution<double> interval(
        train.period_ns > 0 ? 1.0 / static_cast<double>(train.period_ns) : 1.0);
    const bool endless = train.count == 0;
    std::int64_t due = monotonicNowNs();
    for (std::uint64_t i = 0; endless || i < train.count; ++i) {
        if (const std::int64_t stall = generator_stall_ns_.exchange(0); stall > 0) {
            std::this_thread::sleep_for(std::chrono::nanoseconds(stall));
        }
        if (!waitForNextEdge(due)) {
            return;
        }
        const std::int64_t late = monotonicNowNs() - due;
        const bool planned = model_.pulseStimulusLine(due);
        // This thread stands for the fixture's own processor: the report thread it has just
        // woken, often on this CPU, runs now instead of after this thread's bookkeeping and its
        // next wait (measured: latency p50 7.2 -> 5.0 us, p99 23-750 -> 13-28 us at 1 kHz).
        sched_yield();
        countEdge(late, static_cast<std::int64_t>(train.period_ns), planned);
        due += train.mode == wire::StimulusMode::Random
                   ? static_cast<std::int64_t>(interval(random))
                   : static_cast<std::int64_t>(train.period_ns);
    }
}

void VirtualFixture::countEdge(std::int64_t late_ns, std::int64_t period_ns, bool planned) {
    counts_.edges_generated.increment();
    counts_.plan_records.add(planned ? 1 : 0);
    if (late_ns >= period_ns) {
        counts_.late_edges.increment();
    }
    counts_.max_late_ns.offer(late_ns);
}

}  // namespace hwbridge
