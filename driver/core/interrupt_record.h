// What the driver core reports about each interrupt it handled.
#pragma once

#include <cstdint>
#include <string_view>

#include "port_hardware.h"

namespace driver {

// DESIGN.md "Every stimulus is accounted for": the class an interrupt ends in, decided by the
// connection state when the interrupt reached the driver. Lost and violation are decided elsewhere
// (lost: by whoever raised the stimulus; violation: per call, see InterruptCounters::violations).
enum class InterruptClass : std::uint8_t { Serviced, Suppressed, Unclaimed };

constexpr std::string_view className(InterruptClass c) {
    switch (c) {
        case InterruptClass::Serviced:
            return "serviced";
        case InterruptClass::Suppressed:
            return "suppressed";
        case InterruptClass::Unclaimed:
            return "unclaimed";
    }
    return "?";
}

struct InterruptRecord {
    InterruptEdge edge;
    std::int64_t t_isr_ns = 0;  // entry of the first client ISR; 0 when none ran
    InterruptClass outcome = InterruptClass::Unclaimed;
    std::uint8_t routines_called = 0;
    std::uint8_t routines_returned_true = 0;
    std::uint8_t violations = 0;
};

// Receives one record per interrupt on the interrupt path: must not block or allocate.
class InterruptObserver {
public:
    virtual void onInterruptHandled(const InterruptRecord& record) noexcept = 0;

protected:
    ~InterruptObserver() = default;
};

struct InterruptCounts {
    std::uint64_t interrupts = 0;
    std::uint64_t serviced = 0;
    std::uint64_t suppressed = 0;
    std::uint64_t unclaimed = 0;
    // Calls that would have broken the contract: a routine reached through a list published
    // before its DISCONNECT returned, or any routine while REPORT INACTIVE had returned. The call
    // is not made; it is counted. Always a driver bug.
    std::uint64_t violations = 0;
    // Serviced interrupts where no routine returned true.
    std::uint64_t declined = 0;

    std::uint64_t classified() const { return serviced + suppressed + unclaimed; }
};

}  // namespace driver
