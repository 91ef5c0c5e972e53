#include "kernel_console_port.h"

#include "kernel_routine_client.h"
#include "request_fields.h"

namespace cli {

KernelConsolePort::KernelConsolePort(const std::string& device) : driver_(device) {}

routines::ClientFactory KernelConsolePort::clientFactory() {
    return routines::KernelRoutineClient::factoryFor(driver_);
}

void KernelConsolePort::setWiring(hwbridge::spp::LoopbackWiring wiring) {
    if (wiring != hwbridge::spp::LoopbackWiring::CheckIt) {
        throw ConsoleError("the kernel module pulses nInit: only the checkit wiring");
    }
}

void KernelConsolePort::setInterruptLine(bool present) {
    if (present != interruptLine()) {
        throw ConsoleError(
            "a kernel port's interrupt line is the hardware's: open a port without one instead "
            "(parport_pc irq=none)");
    }
}

}  // namespace cli
