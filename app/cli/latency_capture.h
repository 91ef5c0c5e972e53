// Hands the latency of each serviced interrupt from the interrupt path to the console thread
// through a lock-free ring; a full ring loses the sample and counts it.
#pragma once

#include <atomic>
#include <cstdint>
#include <vector>

#include "interrupt_record.h"
#include "spsc_ring.h"

namespace cli {

class LatencyCapture final : public driver::InterruptObserver {
public:
    void onInterruptHandled(const driver::InterruptRecord& record) noexcept override {
        if (record.edge.sequence == 0) {  // no stimulus of ours behind it
            spurious_.store(spurious_.load(std::memory_order_relaxed) + 1,
                            std::memory_order_relaxed);
        } else if (record.outcome == driver::InterruptClass::Serviced &&
                   !ring_.push(record.t_isr_ns - record.edge.t_edge_ns)) {
            overflow_.store(overflow_.load(std::memory_order_relaxed) + 1,
                            std::memory_order_relaxed);
        }
    }

    // Consumer side: moves every available sample into `out`.
    void drainInto(std::vector<std::int64_t>& out) {
        while (auto sample = ring_.pop()) {
            out.push_back(*sample);
        }
    }
    std::uint64_t overflow() const { return overflow_.load(std::memory_order_relaxed); }
    // Interrupts with no stimulus behind them (sequence 0): no latency sample.
    std::uint64_t spurious() const { return spurious_.load(std::memory_order_relaxed); }

private:
    driver::SpscRing<std::int64_t, 1u << 16> ring_;
    std::atomic<std::uint64_t> overflow_{0};
    std::atomic<std::uint64_t> spurious_{0};
};

}  // namespace cli
