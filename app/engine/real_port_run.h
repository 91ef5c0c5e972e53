// What the runs on a real parallel port (ppdev, the kernel module) share: they make their own
// stimulus (PulseTrain), prove before the run that an interrupt comes back at all, and are
// checked against the kernel's own count of the port's interrupt line.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "pulse_source.h"
#include "run_result.h"

namespace engine {

// One pulse before the run; throws RunError, naming `port` and what it read back, when no
// interrupt is handled within a second (no port behind the device, no plug, no IRQ line): a run
// that could only report invented figures never starts.
void proveAnInterruptComesBack(driver::PulseSource& source, const std::string& port,
                               std::uint8_t status_register);

// The interrupt line's count in /proc/interrupts against the port's own count, over the run.
class InterruptLineWindow {
public:
    void open(int irq, std::uint64_t port_count);
    void close(std::uint64_t port_count, RunCounters& counters) const;

private:
    int irq_ = -1;
    std::optional<std::uint64_t> host_start_;
    std::uint64_t port_start_ = 0;
};

}  // namespace engine
