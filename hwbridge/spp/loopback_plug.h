// The loopback plugs of ../shared/spec/isr-contract.md ("Loopback plug"): which status lines the
// plug drives from the data and control outputs, which output line makes the stimulus edge on
// nAck, and which carries the ISR's response (D0 to nError on both plugs).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "spp_registers.h"

namespace hwbridge::spp {

enum class LoopbackWiring : std::uint8_t { CheckIt, Norton };

std::string_view wiringName(LoopbackWiring wiring);
std::optional<LoopbackWiring> wiringFromName(std::string_view name);

// Logic levels on the output pins, after the hardware inversions.
struct OutputPins {
    std::uint8_t data = 0;     // pins 2-9 (D0-D7); 0xFF when the drivers are off (direction=input)
    bool pin1_nstrobe = true;  // pins 1, 14, 16, 17
    bool pin14_nautofd = true;
    bool pin16_ninit = false;
    bool pin17_nselectin = true;
};

OutputPins outputPins(std::uint8_t data_register, std::uint8_t control_register);

// The status register as the port reads it through the plug.
std::uint8_t loopbackStatus(LoopbackWiring wiring, const OutputPins& pins);

// The register writes that make one rising edge on nAck through this plug: first the low level,
// then the high one. Applied to the current register values.
struct StimulusLine {
    Register reg;
    std::uint8_t mask;
};
StimulusLine stimulusLine(LoopbackWiring wiring);

}  // namespace hwbridge::spp
