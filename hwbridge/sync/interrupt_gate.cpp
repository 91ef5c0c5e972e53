#include "interrupt_gate.h"

#include <linux/membarrier.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <thread>

namespace hwbridge {
namespace {

#if defined(__SANITIZE_THREAD__)
constexpr bool kThreadSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
constexpr bool kThreadSanitizer = true;
#else
constexpr bool kThreadSanitizer = false;
#endif
#else
constexpr bool kThreadSanitizer = false;
#endif

long membarrier(int command) {
    return syscall(__NR_membarrier, command, 0, 0);
}

// Registration is per process and idempotent; done once.
bool registerMembarrier() {
    if (kThreadSanitizer) {
        return false;
    }
    static const bool registered = membarrier(MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED) == 0;
    return registered;
}

}  // namespace

InterruptGate::InterruptGate() : asymmetric_(registerMembarrier()) {}

void InterruptGate::synchronize() {
    if (asymmetric_) {
        membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED);
    } else {
        std::atomic_thread_fence(std::memory_order_seq_cst);
    }
    const std::uint64_t entered = entered_.load(std::memory_order_acquire);
    // A dispatch is in flight while entered > exited; it is short (the client ISRs), so spin
    // briefly, then yield so that a slow ISR on a loaded machine still gets the CPU.
    for (int spins = 0; exited_.load(std::memory_order_acquire) < entered; ++spins) {
        if (spins > 64) {
            std::this_thread::yield();
        }
    }
}

}  // namespace hwbridge
