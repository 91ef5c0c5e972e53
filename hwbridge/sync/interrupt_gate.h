// Synchronisation between the interrupt path and the request path, in the manner of Linux's
// synchronize_irq() and user-space RCU:
//
//  - the interrupt path brackets each dispatch with enter()/exit(); these are plain stores by the
//    single interrupt context (no read-modify-write, no lock, no allocation);
//  - the request path publishes a new state and then calls synchronize(), which returns only once
//    every dispatch that could have seen the old state has left.
//
// The store-load ordering that enter() needs is supplied asymmetrically: the request path issues
// membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED), which forces a full barrier on every thread of the
// process, so the interrupt path only needs a compiler barrier. Where membarrier is unavailable
// (old kernel, or a ThreadSanitizer build, which does not model it) both sides use seq_cst fences.
#pragma once

#include <atomic>
#include <cstdint>

namespace hwbridge {

class InterruptGate {
public:
    InterruptGate();

    InterruptGate(const InterruptGate&) = delete;
    InterruptGate& operator=(const InterruptGate&) = delete;

    // Interrupt path, single context only.
    void enter() noexcept {
        entered_.store(entered_.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
        if (asymmetric_) {
            std::atomic_signal_fence(std::memory_order_seq_cst);
        } else {
            std::atomic_thread_fence(std::memory_order_seq_cst);
        }
    }

    void exit() noexcept {
        exited_.store(exited_.load(std::memory_order_relaxed) + 1, std::memory_order_release);
    }

    // Request path: call after publishing a change; waits out every dispatch that began before it.
    void synchronize();

    bool usesMembarrier() const { return asymmetric_; }

private:
    // One line: what enter() reads and what enter()/exit() write, all by the interrupt context.
    alignas(64) const bool asymmetric_;
    std::atomic<std::uint64_t> entered_{0};
    std::atomic<std::uint64_t> exited_{0};
};

}  // namespace hwbridge
