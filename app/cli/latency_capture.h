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
        if (record.outcome == driver::InterruptClass::Serviced &&
            !ring_.push(record.t_isr_ns - record.edge.t_edge_ns)) {
            overflow_.store(overflow_.load(std::memory_order_relaxed) + 1,
                            std::memory_order_relaxed);
        }
        // Release: whoever sees this count also sees the sample above and everything the routines
        // did for this interrupt (the observer is the last step of a dispatch).
        handled_.store(handled_.load(std::memory_order_relaxed) + 1, std::memory_order_release);
    }

    // Interrupts whose dispatch has completed, whatever their class.
    std::uint64_t handled() const { return handled_.load(std::memory_order_acquire); }

    // Consumer side: moves every available sample into `out`.
    void drainInto(std::vector<std::int64_t>& out) {
        while (auto sample = ring_.pop()) {
            out.push_back(*sample);
        }
    }
    std::uint64_t overflow() const { return overflow_.load(std::memory_order_relaxed); }

private:
    driver::SpscRing<std::int64_t, 1u << 16> ring_;
    std::atomic<std::uint64_t> overflow_{0};
    std::atomic<std::uint64_t> handled_{0};
};

}  // namespace cli
