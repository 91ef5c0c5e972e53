#include "virtual_console_port.h"

#include "builtin_routines.h"

namespace cli {

VirtualConsolePort::VirtualConsolePort(hwbridge::spp::LoopbackWiring wiring, bool interrupt_line) {
    port_.setWiring(wiring);
    port_.setHasInterruptLine(interrupt_line);
}

routines::ClientFactory VirtualConsolePort::clientFactory() {
    return routines::BuiltinClient::factoryFor(port_);
}

driver::Pulse VirtualConsolePort::pulse() {
    const std::uint8_t control = port_.readRegister(driver::SppRegister::Control);
    port_.writeRegister(driver::SppRegister::Control, control | driver::spp::kControlIrqEnable);
    return port_.pulseStimulus(0);
}

// The fixture is unplugged: the driver sees a removal (row 18) and the port raises nothing more.
void VirtualConsolePort::remove() {
    driver_.beginRemoval();
    port_.setUnplugged(true);
}

void VirtualConsolePort::reattach() {
    port_.setUnplugged(false);
    driver_.endRemoval();
}

}  // namespace cli
