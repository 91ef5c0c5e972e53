// DESIGN.md "Every stimulus is accounted for": each stimulus ends in exactly one outcome, decided
// by what the driver did with its interrupt and the life-cycle phase in force when the interrupt
// reached the driver. What the driver did must agree with the phase (serviced only while active,
// suppressed only while inactive, unclaimed only while disconnected); a disagreement is a contract
// violation, as is any routine call the driver itself flagged.
//
// While a life-cycle request is being carried out the port is between two phases: an interrupt
// that arrives then may rightly be handled as either. The engine stamps such interrupts "in
// transition" and the classifier attributes them to whichever side their handling matches.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "interrupt_record.h"
#include "sample.h"
#include "scenario.h"

namespace engine {

// The phase the engine had published when the interrupt reached the driver.
struct PhaseStamp {
    std::uint16_t phase = 0;
    bool in_transition = false;  // the request that leads from phase - 1 into phase was running
};

struct Classification {
    Outcome outcome = Outcome::Lost;
    std::uint16_t phase = 0;  // the phase the stimulus is counted in
};

// `handled`: what the driver reported for the stimulus's interrupt, none if it never arrived.
Classification classify(const std::vector<Phase>& phases, PhaseStamp stamp,
                        std::optional<driver::InterruptClass> handled, bool routine_violation);

// What a phase's state expects the driver to do with an interrupt.
driver::InterruptClass expectedHandling(PortState state);

}  // namespace engine
