#include "virtual_port.h"

#include "monotonic_clock.h"
#include "thread_name.h"

namespace driver {

VirtualPort::VirtualPort(VirtualPortOptions options) : options_(options) {
    interrupt_thread_ = std::thread([this] { interruptThreadMain(); });
}

VirtualPort::~VirtualPort() {
    stopping_.store(true, std::memory_order_release);
    doorbell_.ring();
    interrupt_thread_.join();
}

std::uint8_t VirtualPort::statusLocked() const {
    return spp::loopbackStatus(options_.wiring,
                               spp::outputPins(registers_.data, registers_.control));
}

std::uint8_t VirtualPort::readRegister(SppRegister reg) {
    if (unplugged()) {
        return 0xFF;
    }
    std::lock_guard lock(registers_mutex_);
    switch (reg) {
        case SppRegister::Data:
            // With the drivers off (direction = input) the register reads the floating pins.
            return spp::outputPins(registers_.data, registers_.control).data;
        case SppRegister::Status:
            return statusLocked();
        case SppRegister::Control:
            return registers_.control;
    }
    return 0xFF;
}

void VirtualPort::writeRegister(SppRegister reg, std::uint8_t value) {
    if (unplugged() || reg == SppRegister::Status) {
        return;  // the status register is read-only
    }
    bool raised = false;
    {
        std::lock_guard lock(registers_mutex_);
        const std::uint8_t before = statusLocked();
        (reg == SppRegister::Data ? registers_.data : registers_.control) = value;
        const std::uint8_t after = statusLocked();
        const std::int64_t now = hwbridge::monotonicNowNs();

        const bool nack_rose = !(before & spp::kStatusNAck) && (after & spp::kStatusNAck);
        if (nack_rose && (registers_.control & spp::kControlIrqEnable)) {
            edges_raised_.fetch_add(1, std::memory_order_relaxed);
            InterruptEdge edge;
            edge.sequence = next_sequence_++;
            edge.t_edge_ns = now;
            edge.t_due_ns = dueIfLate(pulse_due_ns_.load(std::memory_order_relaxed), now);
            last_raised_edge_ns_.store(now, std::memory_order_relaxed);
            last_raised_.store(edge.sequence, std::memory_order_relaxed);
            raised = pending_.push(edge);
            if (!raised) {
                edges_dropped_.fetch_add(1, std::memory_order_relaxed);
            }
        }
        if ((before ^ after) & spp::kStatusNError) {
            response_edges_.fetch_add(1, std::memory_order_relaxed);
            last_response_ns_.store(now, std::memory_order_relaxed);
        }
    }
    if (raised) {
        doorbell_.ring();
    }
}

void VirtualPort::setInterruptSink(InterruptSink* sink) {
    sink_.store(sink, std::memory_order_release);
    sink_gate_.synchronize();
}

void VirtualPort::setWiring(spp::LoopbackWiring wiring) {
    std::lock_guard lock(registers_mutex_);
    options_.wiring = wiring;
}

spp::LoopbackWiring VirtualPort::wiring() const {
    std::lock_guard lock(registers_mutex_);
    return options_.wiring;
}

void VirtualPort::setUnplugged(bool unplugged) {
    unplugged_.store(unplugged, std::memory_order_release);
}

Pulse VirtualPort::pulseStimulus(std::int64_t t_due_ns) {
    const spp::StimulusLine line = spp::stimulusLine(wiring());
    const std::uint8_t value = readRegister(line.reg);
    writeRegister(line.reg, static_cast<std::uint8_t>(value & ~line.mask));
    const std::uint64_t before = last_raised_.load(std::memory_order_relaxed);
    pulse_due_ns_.store(t_due_ns, std::memory_order_relaxed);
    writeRegister(line.reg, static_cast<std::uint8_t>(value | line.mask));
    pulse_due_ns_.store(0, std::memory_order_relaxed);
    const std::uint64_t raised = last_raised_.load(std::memory_order_relaxed);
    if (raised == before) {
        return {};  // IRQ enable off, or unplugged: no edge
    }
    return {raised, last_raised_edge_ns_.load(std::memory_order_relaxed)};
}

VirtualPortCounts VirtualPort::counts() const {
    return {edges_raised_.load(std::memory_order_relaxed),
            edges_delivered_.load(std::memory_order_relaxed),
            edges_dropped_.load(std::memory_order_relaxed),
            response_edges_.load(std::memory_order_relaxed),
            last_response_ns_.load(std::memory_order_relaxed)};
}

void VirtualPort::interruptThreadMain() {
    hwbridge::nameThisThread("vport-irq");
    while (!stopping_.load(std::memory_order_acquire)) {
        doorbell_.answer();  // every edge pushed before this is delivered next
        deliverPending();
        if (!edgeWithinPollWindow()) {
            doorbell_.waitUntil(hwbridge::Doorbell::kForever);
        }
    }
}

// Busy-polls for the next edge a little while before sleeping, as a threaded interrupt handler
// under load does: at 100 k edges/s the next one is microseconds away and a sleep and wake-up
// per edge would cost more than the period. At a slower rate the thread sleeps between edges,
// so their latency is a real wake-up.
bool VirtualPort::edgeWithinPollWindow() const {
    const std::int64_t until = hwbridge::monotonicNowNs() + kPollBeforeSleepNs;
    while (pending_.size() == 0) {
        if (stopping_.load(std::memory_order_acquire) || hwbridge::monotonicNowNs() >= until) {
            return false;
        }
    }
    return true;
}

// Edges reach the driver in order, one at a time, on this thread only: the driver's single
// interrupt context. An edge that arrives while the port is unplugged is lost.
void VirtualPort::deliverPending() {
    while (auto edge = pending_.pop()) {
        edge->t_arrive_ns = hwbridge::monotonicNowNs();
        sink_gate_.enter();
        InterruptSink* sink = sink_.load(std::memory_order_acquire);
        const bool deliver = sink != nullptr && !unplugged();
        if (deliver) {
            sink->onInterrupt(*edge);
        }
        sink_gate_.exit();
        last_handled_.store(edge->sequence, std::memory_order_release);
        auto& counter = deliver ? edges_delivered_ : edges_dropped_;
        counter.fetch_add(1, std::memory_order_relaxed);
    }
}

}  // namespace driver
