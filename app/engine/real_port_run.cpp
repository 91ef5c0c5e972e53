#include "real_port_run.h"

#include <chrono>
#include <cstdio>
#include <thread>

#include "host_interrupts.h"
#include "run_backend.h"

namespace engine {

void proveAnInterruptComesBack(driver::PulseSource& source, const std::string& port,
                               std::uint8_t status_register) {
    const driver::Pulse pulse = source.pulseStimulus(0);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
    while (source.lastStimulusHandled() < pulse.stimulus) {
        if (std::chrono::steady_clock::now() > deadline) {
            char status[8];
            std::snprintf(status, sizeof status, "0x%02X", status_register);
            throw RunError("no interrupt came back from " + port +
                           " within 1 s of a test pulse (status register " + status +
                           "; 0xFF: no port behind it): is the loopback plug in, and the "
                           "port's IRQ line configured (parport_pc irq=)?");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
}

void InterruptLineWindow::open(int irq, std::uint64_t port_count) {
    irq_ = irq;
    host_start_ = hostInterruptCount(irq);
    port_start_ = port_count;
}

void InterruptLineWindow::close(std::uint64_t port_count, RunCounters& counters) const {
    counters.port_irqs = port_count - port_start_;
    const auto host_end = hostInterruptCount(irq_);
    if (host_start_ && host_end) {
        counters.host_irqs = *host_end - *host_start_;
    }
}

}  // namespace engine
