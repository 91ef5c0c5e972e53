// The kernel's own count of an interrupt line, from /proc/interrupts (all CPUs summed): the
// independent tally a run on a real port is checked against.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace engine {

// Empty when the line is not listed (no such IRQ, /proc not mounted).
std::optional<std::uint64_t> hostInterruptCount(int irq);

// The same, from a /proc/interrupts text (for tests).
std::optional<std::uint64_t> interruptCountIn(std::string_view proc_interrupts, int irq);

}  // namespace engine
