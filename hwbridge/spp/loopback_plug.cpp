#include "loopback_plug.h"

namespace hwbridge::spp {

std::string_view wiringName(LoopbackWiring wiring) {
    return wiring == LoopbackWiring::CheckIt ? "checkit" : "norton";
}

std::optional<LoopbackWiring> wiringFromName(std::string_view name) {
    if (name == "checkit") {
        return LoopbackWiring::CheckIt;
    }
    if (name == "norton") {
        return LoopbackWiring::Norton;
    }
    return std::nullopt;
}

OutputPins outputPins(std::uint8_t data_register, std::uint8_t control_register) {
    OutputPins pins;
    const bool drivers_off = (control_register & kControlDirectionInput) != 0;
    pins.data = drivers_off ? 0xFF : data_register;  // undriven lines float high
    pins.pin1_nstrobe = (control_register & kControlNStrobe) == 0;
    pins.pin14_nautofd = (control_register & kControlNAutoFd) == 0;
    pins.pin16_ninit = (control_register & kControlNInit) != 0;
    pins.pin17_nselectin = (control_register & kControlNSelectIn) == 0;
    return pins;
}

namespace {

std::uint8_t bitIf(bool level, std::uint8_t bit) {
    return level ? bit : 0;
}
bool dataPin(const OutputPins& pins, int d) {
    return (pins.data >> d) & 1u;
}

// Status bits from the levels on pins 15, 13, 12, 10 and 11 (Busy is inverted by the hardware).
std::uint8_t statusFromPins(bool pin15, bool pin13, bool pin12, bool pin10, bool pin11) {
    return bitIf(pin15, kStatusNError) | bitIf(pin13, kStatusSelect) |
           bitIf(pin12, kStatusPaperEnd) | bitIf(pin10, kStatusNAck) | bitIf(!pin11, kStatusBusy);
}

}  // namespace

std::uint8_t loopbackStatus(LoopbackWiring wiring, const OutputPins& pins) {
    switch (wiring) {
        case LoopbackWiring::CheckIt:  // 1->13, 14->12, 16->10, 17->11, 2->15
            return statusFromPins(dataPin(pins, 0), pins.pin1_nstrobe, pins.pin14_nautofd,
                                  pins.pin16_ninit, pins.pin17_nselectin);
        case LoopbackWiring::Norton:  // 2->15, 3->13, 4->12, 5->10, 6->11
            return statusFromPins(dataPin(pins, 0), dataPin(pins, 1), dataPin(pins, 2),
                                  dataPin(pins, 3), dataPin(pins, 4));
    }
    return 0;
}

StimulusLine stimulusLine(LoopbackWiring wiring) {
    if (wiring == LoopbackWiring::CheckIt) {
        return {Register::Control, kControlNInit};  // pin 16, not inverted
    }
    return {Register::Data, 1u << 3};  // D3, pin 5
}

}  // namespace hwbridge::spp
