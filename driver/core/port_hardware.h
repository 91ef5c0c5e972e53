// The only way driver/core touches port hardware. Back ends in driver/ports implement it.
#pragma once

#include <cstdint>

#include "spp_registers.h"

namespace driver {

// The SPP registers are the port's; their numbers live with the fixture model in hwbridge.
using SppRegister = hwbridge::spp::Register;
namespace spp = hwbridge::spp;

// One interrupt as the back end delivers it. Times are host CLOCK_MONOTONIC nanoseconds.
struct InterruptEdge {
    std::uint64_t sequence = 0;    // the back end's edge counter, 1-based, gap-free per port
    std::int64_t t_edge_ns = 0;    // nAck asserted (fixture clock mapped to host time)
    std::int64_t t_arrive_ns = 0;  // the host learned of it
    std::int64_t t_due_ns = 0;     // a train's edge that left late: when it was due (0: on time)
    // A fixture that numbers its stimuli: stimuli whose edges went missing right before this one
    // (-1: this one was counted missing when a later one came first).
    std::int32_t stimuli_missed = 0;
};

// Receives interrupts. Called from the back end's single interrupt context, never re-entered.
class InterruptSink {
public:
    virtual void onInterrupt(const InterruptEdge& edge) noexcept = 0;
    // The port's hardware went away (fixture unplugged) / came back. From the back end's thread.
    virtual void onPortRemoved() noexcept {}
    virtual void onPortRestored() noexcept {}

protected:
    ~InterruptSink() = default;
};

class PortHardware {
public:
    virtual ~PortHardware() = default;

    virtual std::uint8_t readRegister(SppRegister reg) = 0;
    virtual void writeRegister(SppRegister reg, std::uint8_t value) = 0;

    // False for a port wired without an interrupt line (contract row 3).
    virtual bool hasInterruptLine() const = 0;

    // Every edge the port sees is handed to the sink from now on (nullptr: none). Returns only
    // when no call into the previous sink is in flight.
    virtual void setInterruptSink(InterruptSink* sink) = 0;
};

}  // namespace driver
