// The port back end on a fixture (USB or virtual, through hwbridge's Transport): register access
// by control transfers, interrupts from the fixture's nAck event stream with fixture timestamps
// mapped to host time, response edges from nError, and unplug / re-attach mapped to the
// driver's removal row. Every anomaly of the stream is counted, nothing is trusted.
//
// The report thread is the interrupt path: from a report's arrival (a packet, or the virtual
// fixture's records) to the ISR call it takes no lock and allocates nothing. Port access from there
// (an ISR's register read or write) never waits for the bus: writes are queued and go out as
// asynchronous control transfers once the report's dispatch is done; reads answer from the port's
// shadow registers (hwbridge/PROTOCOL.md, "Port access from interrupt level").
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "clock_sync.h"
#include "fixture_client.h"
#include "interrupt_gate.h"
#include "loopback_plug.h"
#include "port_hardware.h"
#include "published_clock.h"
#include "sequence_tracker.h"
#include "single_writer_counter.h"
#include "transport.h"

namespace driver {

struct FixtureStreamCounts {
    std::uint64_t packets = 0;
    std::uint64_t malformed_packets = 0;
    std::uint64_t corrupt_records = 0;
    std::uint64_t unknown_records = 0;
    std::uint64_t missing_records = 0;  // sequence gaps not filled later
    std::uint64_t duplicate_records = 0;
    std::uint64_t reordered_records = 0;
    std::uint64_t overflow_lost = 0;  // events the fixture itself could not queue
    std::uint64_t error_records = 0;
    std::uint64_t report_errors = 0;  // stalls, timeouts on the report endpoint
    std::uint64_t interrupts = 0;     // nAck edges handed to the driver
    std::uint64_t response_edges = 0;
    std::uint64_t late_edges = 0;  // nAck edges that came with a PLAN record: they left late
    std::int64_t max_late_ns = 0;  // the latest one's lateness
    // A fixture that numbers its stimuli (capability kStimulusNumbers): the highest stimulus
    // number seen (from the count at configuration), the numbers that went missing (less the
    // ones that arrived late after all), and the count its last TRAIN_END record gave.
    std::uint64_t stimulus_number = 0;
    std::int64_t stimuli_missing = 0;
    std::uint64_t train_ends = 0;
    std::uint64_t train_end_number = 0;
    std::int64_t last_response_ns = 0;  // host time of the last ISR response edge
    std::uint64_t control_failures = 0;
    std::uint64_t removals = 0;
    // Port access from interrupt level: register writes an ISR made, those the queue had no room
    // for, and what became of the control transfers that carried them (the transport's count).
    std::uint64_t interrupt_level_writes = 0;
    std::uint64_t interrupt_level_writes_dropped = 0;
    std::uint64_t interrupt_level_reads = 0;  // answered from the shadow registers
    hwbridge::AsyncControlCounts interrupt_level_transfers;
};

// Receives the response edges (nError) the fixture captured, on the report thread, in order:
// must not block or allocate. `sequence` is the fixture's record number.
class ResponseObserver {
public:
    virtual void onResponseEdge(std::uint32_t sequence, std::int64_t t_host_ns) noexcept = 0;

protected:
    ~ResponseObserver() = default;
};

struct FixturePortOptions {
    hwbridge::spp::LoopbackWiring wiring = hwbridge::spp::LoopbackWiring::CheckIt;
    int clock_samples = 16;    // GET_CLOCK round trips when the clocks are first related
    int tracking_samples = 4;  // and at each trackClock() during a run
};

class FixturePort final : public PortHardware, private hwbridge::ReportSink {
public:
    // Configures the fixture (wiring, response capture) and synchronises the clocks; throws
    // std::runtime_error with the fixture's reason if it cannot.
    explicit FixturePort(hwbridge::Transport& transport, FixturePortOptions options = {});
    ~FixturePort() override;

    FixturePort(const FixturePort&) = delete;
    FixturePort& operator=(const FixturePort&) = delete;

    std::uint8_t readRegister(SppRegister reg) override;
    void writeRegister(SppRegister reg, std::uint8_t value) override;
    bool hasInterruptLine() const override {
        return has_interrupt_line_.load(std::memory_order_acquire);
    }
    void setInterruptSink(InterruptSink* sink) override;
    // Response edges go to `observer` from now on (nullptr: nowhere). Returns when no call into
    // the previous observer is in flight.
    void setResponseObserver(ResponseObserver* observer);
    // Returns once every report the port was handling has been handled to the end, its
    // interrupts' dispatch and the driver's observer calls included.
    void synchronizeInterruptPath() { sink_gate_.synchronize(); }

    hwbridge::FixtureClient& client() { return client_; }
    hwbridge::DeviceIdentity identity() const { return transport_.identity(); }
    hwbridge::wire::InfoBlock info() const;
    // The current fit of the fixture's clock to the host's.
    hwbridge::ClockEstimate clock() const;
    // The largest error bound any mapped timestamp was given so far: the figure a report keeps.
    double worstClockErrorNs() const {
        return worst_clock_error_ns_.load(std::memory_order_relaxed);
    }
    FixtureStreamCounts counts() const;
    // The fixture numbers its stimuli (train edges, TRAIN_END, GET_STATUS's count).
    bool numbersStimuli() const;
    // True on the report thread while it decodes and dispatches a report of this port to the
    // driver and the ISRs: the interrupt path (the queued writes go out after it).
    bool onInterruptPath() const { return t_dispatching_ == this; }
    // Whether this thread is dispatching any fixture port's report (allocation tests).
    static bool anyInterruptPathOnThisThread() { return t_dispatching_ != nullptr; }
    // The fixture's own count of stimuli made since power-up (GET_STATUS), if it answers.
    std::optional<std::uint32_t> stimulusCounter();
    bool attached() const { return attached_.load(std::memory_order_acquire); }
    // A fresh clock estimate (before a run, or after re-attach).
    void synchroniseClock();
    // A few more GET_CLOCK round trips added to the fit, which is refitted and published to the
    // interrupt path: called a few times a second during a run, so that the drift is fitted
    // over the run and the bound follows it. Returns false if the fixture did not answer.
    bool trackClock();

private:
    void configure();
    void onReport(std::span<const std::uint8_t> packet, std::int64_t t_arrive_ns) noexcept override;
    void onRecords(std::span<const hwbridge::wire::EventRecord> records,
                   std::int64_t t_arrive_ns) noexcept override;
    void onReportError(hwbridge::TransferStatus status) noexcept override;
    void onDeviceGone() noexcept override;
    void onDeviceBack() noexcept override;
    std::int64_t toHost(std::uint64_t fixture_ns) noexcept;
    std::int64_t dueTimeOf(const hwbridge::wire::EventRecord& edge,
                           std::int64_t t_edge_ns) noexcept;
    void handleRecord(const hwbridge::wire::EventRecord& record, bool late,
                      std::int64_t t_arrive_ns, InterruptSink* sink) noexcept;
    std::int32_t countStimulus(std::uint8_t tag, bool late) noexcept;
    void handleTrainEnd(std::uint64_t count) noexcept;
    void adoptFreshStream() noexcept;
    void noteLineLevel(const hwbridge::wire::EventRecord& edge) noexcept;
    std::uint8_t readAtInterruptLevel(SppRegister reg) noexcept;
    void writeAtInterruptLevel(SppRegister reg, std::uint8_t value) noexcept;
    void sendQueuedWrites() noexcept;
    void seedShadowRegisters();

    // Read by counts() from any thread, no lock.
    struct Tally {
        // Counted by the report thread alone (the ISR's register accesses included).
        hwbridge::SingleWriterCounter packets, malformed_packets, corrupt_records, unknown_records,
            overflow_lost, error_records, interrupts, response_edges, late_edges, train_ends,
            interrupt_level_writes, interrupt_level_writes_dropped, interrupt_level_reads;
        hwbridge::SingleWriterMax max_late_ns;
        // What the stream says now, stored whole (configure() stores the stimulus count it read).
        std::atomic<std::uint64_t> missing_records{0}, duplicate_records{0}, reordered_records{0},
            stimulus_number{0}, train_end_number{0};
        std::atomic<std::int64_t> stimuli_missing{0}, last_response_ns{0};
        // Counted from more than one thread: control requests, the transport's threads.
        std::atomic<std::uint64_t> report_errors{0}, control_failures{0}, removals{0};
    };

    static thread_local const FixturePort* t_dispatching_;

    hwbridge::Transport& transport_;
    hwbridge::FixtureClient client_;
    const FixturePortOptions options_;
    std::atomic<bool> has_interrupt_line_{false};
    std::atomic<bool> attached_{true};

    mutable std::mutex config_mutex_;  // what configure() learnt
    hwbridge::wire::InfoBlock info_{};

    mutable std::mutex clock_mutex_;  // the fit's writers: configure, re-attach, trackClock
    hwbridge::ClockSync clock_samples_;
    std::uint64_t clock_generation_ = 0;  // +1 at each fresh synchronisation (a re-plug)
    hwbridge::ClockEstimate clock_;
    hwbridge::PublishedClock published_clock_;     // the interrupt path's copy of the mapping
    std::atomic<double> worst_clock_error_ns_{0};  // written by the report thread only

    // A fresh stream (configure: at opening and after a re-plug): the report thread starts its
    // own state afresh when it sees a new epoch, from the count configure() read.
    std::atomic<std::uint64_t> stream_epoch_{0};
    std::atomic<std::uint64_t> configured_stimulus_number_{0};

    // The report thread's own state (one thread: no lock).
    std::uint64_t report_epoch_ = 0;
    hwbridge::ClockEstimate report_clock_;  // the mapping it last read from published_clock_
    hwbridge::SequenceTracker sequences_;
    hwbridge::SequenceCounts earlier_streams_;  // the sequence counts before the last re-plug
    struct PendingDue {
        std::uint32_t sequence = 0;  // the number of the edge it belongs to
        std::uint64_t fixture_ns = 0;
    };
    PendingDue due_;                     // report thread only
    std::atomic<bool> numbered_{false};  // set by configure()
    std::uint64_t stimulus_number_ = 0;  // the highest stimulus number seen, unwrapped
    std::int64_t stimuli_missing_ = 0;   // less the late ones that turned up
    std::vector<hwbridge::wire::EventRecord> decoded_;  // room for the largest packet, reserved
    struct QueuedWrite {
        SppRegister reg;
        std::uint8_t value;
        std::uint8_t previous;  // the shadow before it: put back if the write is refused
    };
    std::array<QueuedWrite, 32> queued_writes_{};
    std::size_t queued_write_count_ = 0;

    // What the host last wrote or read (data, status, control); an ISR reads these. Status
    // follows the nAck and nError edges the stream reports.
    std::array<std::atomic<std::uint8_t>, 3> shadow_{};
    // The nAck and nError levels the stream last reported in order (the report thread alone
    // writes these; reset with each fresh stream), and which of the two it has reported yet.
    std::atomic<std::uint8_t> stream_line_levels_{0};
    std::atomic<std::uint8_t> stream_line_mask_{0};

    hwbridge::InterruptGate sink_gate_;  // entered by the report thread only
    std::atomic<InterruptSink*> sink_{nullptr};
    std::atomic<ResponseObserver*> response_observer_{nullptr};
    // Removal and re-attach come from the transport's event thread or its re-attach thread: not
    // the interrupt path, and not one writer, so a mutex (setInterruptSink takes it too).
    std::mutex lifecycle_mutex_;

    Tally tally_;
};

}  // namespace driver
