// A software SPP port with a loopback plug: the "virtual port" back end. It keeps the three
// registers, derives the status lines through the selected plug, raises an interrupt on every
// rising nAck edge while IRQ enable (control bit 4) is set, and delivers it on its own interrupt
// thread woken through a futex (hwbridge::Doorbell), so that latency figures are real host
// wake-up figures (under load, edges closer than 20 us apart find it still awake, polling, as a
// threaded handler is). Everything it reports is simulated and says so (kSourceLabel).
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <thread>

#include "doorbell.h"
#include "interrupt_gate.h"
#include "loopback_plug.h"
#include "port_hardware.h"
#include "pulse_source.h"
#include "spsc_ring.h"

namespace driver {

struct VirtualPortOptions {
    spp::LoopbackWiring wiring = spp::LoopbackWiring::CheckIt;
    bool has_interrupt_line = true;
};

struct VirtualPortCounts {
    std::uint64_t edges_raised = 0;     // rising nAck edges with IRQ enable set
    std::uint64_t edges_delivered = 0;  // handed to the interrupt sink
    std::uint64_t edges_dropped = 0;    // queue full or port unplugged: never reached the driver
    std::uint64_t response_edges = 0;   // edges on nError (the ISR's D0 response through the plug)
    std::int64_t last_response_ns = 0;
};

class VirtualPort final : public PortHardware, public PulseSource {
public:
    static constexpr const char* kSourceLabel = "virtual port (simulated loopback)";

    explicit VirtualPort(VirtualPortOptions options = {});
    ~VirtualPort() override;

    VirtualPort(const VirtualPort&) = delete;
    VirtualPort& operator=(const VirtualPort&) = delete;

    std::uint8_t readRegister(SppRegister reg) override;
    void writeRegister(SppRegister reg, std::uint8_t value) override;
    bool hasInterruptLine() const override { return options_.has_interrupt_line; }
    void setInterruptSink(InterruptSink* sink) override;

    // The fixture side.
    void setWiring(spp::LoopbackWiring wiring);
    spp::LoopbackWiring wiring() const;
    void setHasInterruptLine(bool present) { options_.has_interrupt_line = present; }
    // An unplugged port reads 0xFF, ignores writes and raises nothing.
    void setUnplugged(bool unplugged);
    bool unplugged() const { return unplugged_.load(std::memory_order_acquire); }
    // One rising edge on nAck through the plug (low, then high) on the calling thread.
    Pulse pulseStimulus(std::int64_t t_due_ns) override;
    std::uint64_t lastStimulusHandled() const override {
        return last_handled_.load(std::memory_order_acquire);
    }
    VirtualPortCounts counts() const;

private:
    struct Registers {
        std::uint8_t data = 0;
        std::uint8_t control = 0;
    };
    std::uint8_t statusLocked() const;
    void interruptThreadMain();
    bool edgeWithinPollWindow() const;
    void deliverPending();

    static constexpr std::int64_t kPollBeforeSleepNs = 20'000;

    VirtualPortOptions options_;
    mutable std::mutex registers_mutex_;  // held for a few instructions per register access
    Registers registers_;
    std::atomic<bool> unplugged_{false};

    SpscRing<InterruptEdge, 4096> pending_;  // producer: register writers (under the mutex)
    std::uint64_t next_sequence_ = 1;
    // Rung for each edge raised; an edge costs a system call only when the interrupt thread is
    // asleep. The destructor rings it to stop the thread.
    hwbridge::Doorbell doorbell_;
    std::atomic<bool> stopping_{false};

    hwbridge::InterruptGate sink_gate_;
    std::atomic<InterruptSink*> sink_{nullptr};

    std::atomic<std::uint64_t> edges_raised_{0};
    std::atomic<std::uint64_t> edges_delivered_{0};
    std::atomic<std::uint64_t> edges_dropped_{0};
    std::atomic<std::uint64_t> response_edges_{0};
    std::atomic<std::int64_t> last_response_ns_{0};
    std::atomic<std::uint64_t> last_raised_{0};  // the newest edge's sequence (0: none yet)
    std::atomic<std::int64_t> last_raised_edge_ns_{0};
    std::atomic<std::int64_t> pulse_due_ns_{0};   // the pulse being raised was due then
    std::atomic<std::uint64_t> last_handled_{0};  // the interrupt thread's

    std::thread interrupt_thread_;  // last: started once everything above exists
};

}  // namespace driver
