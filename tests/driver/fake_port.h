// A port for driver tests: registers in memory and interrupts raised on the calling thread, so a
// test decides exactly when each interrupt happens. The thread that calls raise() is the driver's
// interrupt context; tests use one such thread at a time.
#pragma once

#include <array>
#include <atomic>

#include "port_hardware.h"

namespace testing_support {

class FakePort final : public driver::PortHardware {
public:
    std::uint8_t readRegister(driver::SppRegister reg) override {
        return registers_[static_cast<int>(reg)];
    }
    void writeRegister(driver::SppRegister reg, std::uint8_t value) override {
        registers_[static_cast<int>(reg)] = value;
    }
    bool hasInterruptLine() const override { return has_interrupt_line; }
    void setInterruptSink(driver::InterruptSink* sink) override {
        sink_.store(sink, std::memory_order_release);
    }

    // One interrupt, dispatched before this returns.
    void raise() {
        driver::InterruptEdge edge;
        edge.sequence = ++sequence_;
        deliver(edge);
    }
    void deliver(const driver::InterruptEdge& edge) {
        if (auto* sink = sink_.load(std::memory_order_acquire)) {
            sink->onInterrupt(edge);
        }
    }

    bool has_interrupt_line = true;

private:
    std::array<std::uint8_t, 3> registers_{};
    std::atomic<driver::InterruptSink*> sink_{nullptr};
    std::uint64_t sequence_ = 0;
};

}  // namespace testing_support
