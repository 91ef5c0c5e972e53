#include "port_allocator.h"

namespace driver {

PortAllocator::AllocateResult PortAllocator::allocate() {
    int count = count_.load(std::memory_order_acquire);
    while (true) {
        const int next = count == kFree ? 0 : count + 1;
        if (count_.compare_exchange_weak(count, next, std::memory_order_acq_rel)) {
            return next == 0 ? AllocateResult{true, 0} : AllocateResult{false, next};
        }
    }
}

bool PortAllocator::free() {
    int count = count_.load(std::memory_order_acquire);
    while (true) {
        const bool hand_over = count > 0;
        const int next = hand_over ? count - 1 : kFree;
        if (count_.compare_exchange_weak(count, next, std::memory_order_acq_rel)) {
            return hand_over;
        }
    }
}

bool PortAllocator::takeDeferredFree() {
    return deferred_free_.exchange(false, std::memory_order_acq_rel);
}

int PortAllocator::waiting() const {
    const int count = count_.load(std::memory_order_acquire);
    return count > 0 ? count : 0;
}

bool PortAllocator::tryAllocateAtInterruptLevel(void* context) {
    auto* self = static_cast<PortAllocator*>(context);
    int expected = kFree;
    return self->count_.compare_exchange_strong(expected, 0, std::memory_order_acq_rel);
}

void PortAllocator::freeFromInterruptLevel(void* context) {
    auto* self = static_cast<PortAllocator*>(context);
    int expected = 0;
    if (self->count_.compare_exchange_strong(expected, kFree, std::memory_order_acq_rel)) {
        return;
    }
    if (expected > 0) {
        self->deferred_free_.store(true, std::memory_order_release);
    }
}

}  // namespace driver
