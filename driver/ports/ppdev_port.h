// A real parallel port through Linux's ppdev (/dev/parportN): the port back end for a
// motherboard or PCIe port with a loopback plug. The three SPP registers are ppdev's
// PPR/PPW{DATA,STATUS,CONTROL}; interrupts come from the kernel's parport interrupt, counted by
// ppdev, and reach the driver on this port's own interrupt thread, which sleeps in poll() and
// takes each wake-up as t_arrive. PPCLRIRQ says how many interrupts the wake-up stands for: more
// than one is booked as coalesced, never silently merged. A status read acknowledges each one
// (QEMU's emulated port re-raises its interrupt on every register write until the status is
// read; on real hardware the read is harmless).
//
// Stimuli are pulses of nInit (CheckIt plug: pin 16 -> nAck, pin 10), one at a time; an
// interrupt with no new pulse behind it reaches the driver with sequence 0 and is counted
// spurious. Optionally the ISR's response is written by the kernel itself on the next interrupt
// (PPWCTLONIRQ: nAutoFd toggled, with no user-space delay), re-armed after each one.
#pragma once

#include <atomic>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <thread>

#include "interrupt_gate.h"
#include "port_hardware.h"
#include "pulse_source.h"

namespace driver {

class PortOpenError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct PpdevOptions {
    bool respond_on_interrupt = false;  // PPWCTLONIRQ
};

struct PpdevCounts {
    std::uint64_t wakeups = 0;     // poll() returned with interrupts counted
    std::uint64_t interrupts = 0;  // the sum of PPCLRIRQ: the kernel's own count
    std::uint64_t coalesced = 0;   // interrupts beyond the first of one wake-up
    std::uint64_t spurious = 0;    // wake-ups with no new pulse behind them
    std::uint64_t delivered = 0;   // handed to the driver
    std::uint64_t pulses = 0;
    std::uint64_t io_errors = 0;  // a ppdev ioctl that failed (the port went away)
};

class PpdevPort final : public PortHardware, public PulseSource {
public:
    // Opens and claims the port; throws PortOpenError saying why it cannot (no such port,
    // permission and group lp, claimed by another parport client).
    explicit PpdevPort(std::string device, PpdevOptions options = {});
    ~PpdevPort() override;

    PpdevPort(const PpdevPort&) = delete;
    PpdevPort& operator=(const PpdevPort&) = delete;

    std::uint8_t readRegister(SppRegister reg) override;
    void writeRegister(SppRegister reg, std::uint8_t value) override;
    bool hasInterruptLine() const override { return irq_ >= 0; }
    void setInterruptSink(InterruptSink* sink) override;
    // Returns once the interrupt the thread was handling, if any, has been handled to the end.
    void synchronizeInterruptPath() { sink_gate_.synchronize(); }

    Pulse pulseStimulus(std::int64_t t_due_ns) override;
    std::uint64_t lastStimulusHandled() const override {
        return last_handled_.load(std::memory_order_acquire);
    }

    const std::string& device() const { return device_; }
    std::string label() const { return "ppdev " + device_; }
    int irq() const { return irq_; }
    PpdevCounts counts() const;

    // /proc/sys/dev/parport/parportN/<name> for the port behind a /dev/parportN path ("" if none).
    static std::string parportProcFile(const std::string& device, const std::string& name);

private:
    bool ioctlOk(unsigned long request, void* argument) noexcept;
    void armResponse() noexcept;
    void interruptThreadMain();
    void handleWakeup() noexcept;

    std::string device_;
    PpdevOptions options_;
    int fd_ = -1;
    int stop_fd_ = -1;
    int irq_ = -1;

    std::atomic<std::uint64_t> last_pulse_{0};
    std::atomic<std::int64_t> last_pulse_edge_ns_{0};
    std::atomic<std::int64_t> last_pulse_due_ns_{0};  // 0: it left on time
    std::atomic<std::uint64_t> last_handled_{0};

    hwbridge::InterruptGate sink_gate_;
    std::atomic<InterruptSink*> sink_{nullptr};

    // Single writers: the interrupt thread, except pulses (the pulsing thread) and io_errors.
    std::atomic<std::uint64_t> wakeups_{0};
    std::atomic<std::uint64_t> interrupts_{0};
    std::atomic<std::uint64_t> coalesced_{0};
    std::atomic<std::uint64_t> spurious_{0};
    std::atomic<std::uint64_t> delivered_{0};
    std::atomic<std::uint64_t> pulses_{0};
    std::atomic<std::uint64_t> io_errors_{0};

    std::thread interrupt_thread_;  // last: started once everything above exists
};

}  // namespace driver
