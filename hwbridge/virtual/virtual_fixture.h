// The virtual fixture: the fixture model behind the same Transport interface as a USB device,
// with a report endpoint timed by a bus model and a stimulus generator on the fixture's time
// base. Its reports reach the sink as records (ReportSink::onRecords), or as the USB fixture's
// packet bytes when a fault plan is in force. The product's embedded default; always labelled
// "virtual fixture".
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <random>
#include <span>
#include <thread>
#include <vector>

#include "bus_model.h"
#include "delivery_queue.h"
#include "doorbell.h"
#include "fault_plan.h"
#include "fixture_model.h"
#include "immediate_control.h"
#include "interrupt_gate.h"
#include "single_writer_counter.h"
#include "transport.h"

namespace hwbridge {

struct VirtualFixtureOptions {
    FixtureModelOptions model;
    BusModel bus;
    FaultPlan faults;
    std::size_t queue_capacity = 65536;  // records waiting for the bus
    // The fixture's stimulus generator and the host's report thread share one CPU, so that the
    // edge-to-host hand-off is a same-CPU wake-up, as an interrupt completion taken on the event
    // thread's CPU is (left to the scheduler, it is sometimes a wake-up of another, idle CPU,
    // which on a virtual machine costs 15-30 us). Not the default: on one CPU a host stall also
    // stops the generator, so the stall makes no late edges and never shows as latency.
    bool share_one_cpu = false;
};

struct VirtualFixtureCounts {
    std::uint64_t records_delivered = 0;
    std::uint64_t packets = 0;
    std::uint64_t dropped_by_fault = 0;
    std::uint64_t duplicated_by_fault = 0;
    std::uint64_t reordered_by_fault = 0;
    std::uint64_t corrupted_by_fault = 0;
    std::uint64_t lost_to_unplug = 0;
    std::uint64_t stalls = 0;
    std::uint64_t edges_generated = 0;
    // Edges that left a period or more after their place on the train's timebase (the generator
    // lost its CPU), and the latest one's lateness: a stall shows here, not as missing edges.
    std::uint64_t late_edges = 0;
    std::int64_t max_late_ns = 0;
    std::uint64_t plan_records = 0;  // edges that left over 1 us late and said when they were due
};

class VirtualFixture final : public Transport, private EventQueue, private StimulusRunner {
public:
    static constexpr const char* kLabel = "virtual fixture";

    explicit VirtualFixture(VirtualFixtureOptions options = {});
    ~VirtualFixture() override;

    VirtualFixture(const VirtualFixture&) = delete;
    VirtualFixture& operator=(const VirtualFixture&) = delete;

    DeviceIdentity identity() const override;
    TransferResult controlIn(wire::Request request, std::uint16_t value, std::uint16_t index,
                             std::span<std::uint8_t> data) override;
    TransferResult controlOut(wire::Request request, std::uint16_t value, std::uint16_t index,
                              std::span<const std::uint8_t> data) override;
    bool submitControlOut(wire::Request request, std::uint16_t value,
                          std::uint16_t index) noexcept override;
    AsyncControlCounts asyncControlCounts() const override;
    void setReportSink(ReportSink* sink) override;

    // Faults in time. Each returns once the report thread has carried it out.
    void unplug();
    void replug();
    void stallReports(std::int64_t duration_ns);
    // The generator loses its CPU for `duration_ns` before its next edge (a train must be
    // running); the edges due meanwhile leave late, back to back, and are counted late.
    void stallGenerator(std::int64_t duration_ns);
    bool plugged() const { return plugged_.load(std::memory_order_acquire); }
    // A train in progress, for tests and progress displays.
    bool stimulusRunning() const { return train_running_.load(std::memory_order_acquire); }

    FixtureModel& model() { return model_; }
    const VirtualFixtureOptions& options() const { return options_; }
    VirtualFixtureCounts counts() const;

private:
    enum class PlugRequest : std::uint8_t { None, Unplug, Replug };

    bool push(const wire::EventRecord& record, std::int64_t host_ns) noexcept override;
    void recordsQueued() noexcept override;
    bool start(const wire::StimulusBlock& stimulus) override;
    void stop() override;

    void reportThreadMain();
    void carryOutPlugRequest();
    void changePlug(PlugRequest request);
    std::int64_t nextWakeNs();
    void deliverDue(std::int64_t now);
    void send(std::span<const wire::EventRecord> records, std::int64_t t_arrive_ns);
    std::size_t applyFaults(std::span<const wire::EventRecord> records);  // records in packet_
    void callSink(auto&& call);

    void generatorThreadMain();
    void runTrain(const wire::StimulusBlock& train);
    bool waitForNextEdge(std::int64_t t_ns);  // false: the train is to stop
    void countEdge(std::int64_t late_ns, std::int64_t period_ns, bool planned);
    void endTrain();  // stops the train and waits until it has

    const VirtualFixtureOptions options_;
    FixtureModel model_;
    BusClock bus_clock_;
    std::mt19937_64 fault_random_;

    mutable std::mutex pending_mutex_;
    DeliveryQueue pending_;
    std::int64_t next_frame_ns_ = 0;  // frame buses: one packet per frame
    std::int64_t stall_until_ns_ = 0;
    bool stall_reported_ = false;
    // Set and cleared under pending_mutex_ (the requester waits on plug_done_ until it is
    // carried out); the report thread looks at it without the lock on every wake-up.
    std::atomic<PlugRequest> plug_request_{PlugRequest::None};
    std::condition_variable plug_done_;
    std::atomic<bool> plugged_{true};

    InterruptGate sink_gate_;  // entered by the report thread around each sink call
    std::atomic<ReportSink*> sink_{nullptr};
    ImmediateControl interrupt_level_control_;

    std::mutex train_mutex_;
    std::condition_variable train_ready_;  // a train to run, or a stop
    std::condition_variable train_idle_;
    std::optional<wire::StimulusBlock> train_;
    std::atomic<bool> train_running_{false};
    std::atomic<bool> train_stop_{false};
    std::atomic<std::int64_t> generator_stall_ns_{0};

    // Each counter has one writer, the report thread or the generator: neither takes a lock to
    // count, and counts() reads them from any thread.
    struct LiveCounts {
        SingleWriterCounter records_delivered, packets, dropped_by_fault, duplicated_by_fault,
            reordered_by_fault, corrupted_by_fault, lost_to_unplug, stalls;
        SingleWriterCounter edges_generated, late_edges, plan_records;
        SingleWriterMax max_late_ns;
    };
    LiveCounts counts_;

    // The report thread's own buffers, reused: a delivery allocates nothing once they are grown.
    std::vector<wire::EventRecord> due_;
    std::vector<wire::EventRecord> fault_in_, fault_out_;  // applyFaults' working copies
    std::vector<std::uint8_t> packet_;                     // with faults: the packet they acted on

    // Rung for each push and plug request. A ring costs a system call only when the report thread
    // is asleep: pushes while it works only raise the flag (at 100 k edges/s an eventfd write per
    // record was most of the bench's system time).
    Doorbell doorbell_;
    std::atomic<bool> stopping_{false};
    std::thread report_thread_;
    std::thread generator_thread_;
};

}  // namespace hwbridge
