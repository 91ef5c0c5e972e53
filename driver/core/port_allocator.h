// Ownership of the port, shared between request-level allocations and the interrupt-level
// TryAllocatePortAtInterruptLevel / FreePortFromInterruptLevel handed out by CONNECT.
//
// One counter carries the whole state, as in Microsoft's parallel-port driver:
//   -1  the port is free;  0  allocated, nobody waiting;  n > 0  allocated, n allocations waiting.
// The interrupt-level functions never block: a free from interrupt level while allocations are
// waiting cannot hand the port over there, so it is deferred to request level (a DPC on Windows).
#pragma once

#include <atomic>
#include <cstdint>

namespace driver {

class PortAllocator {
public:
    struct AllocateResult {
        bool granted = false;
        int queue_position = 0;  // 1-based when queued
    };

    // Request level.
    AllocateResult allocate();
    // Frees the port or hands it to the next waiter; true if a waiter got it.
    bool free();
    // A free requested from interrupt level that still has to be carried out; request level.
    bool takeDeferredFree();
    int waiting() const;
    bool allocated() const { return count_.load(std::memory_order_acquire) >= 0; }

    // Interrupt level (PARALLEL_INTERRUPT_INFORMATION; context is the allocator).
    static bool tryAllocateAtInterruptLevel(void* context);
    static void freeFromInterruptLevel(void* context);

private:
    static constexpr int kFree = -1;
    std::atomic<int> count_{kFree};
    std::atomic<bool> deferred_free_{false};
};

}  // namespace driver
