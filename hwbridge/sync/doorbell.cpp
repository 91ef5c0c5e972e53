#include "doorbell.h"

#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "monotonic_clock.h"

namespace hwbridge {
namespace {

static_assert(sizeof(std::atomic<std::uint32_t>) == sizeof(std::uint32_t) &&
                  std::atomic<std::uint32_t>::is_always_lock_free,
              "the futex word is the atomic's own storage");

std::uint32_t* wordOf(std::atomic<std::uint32_t>& atomic) {
    return reinterpret_cast<std::uint32_t*>(&atomic);
}

// Sleeps while `*word` is `expected` (the kernel compares under its own lock, so a store and
// wake between our check and the sleep still wakes us), until the absolute CLOCK_MONOTONIC
// time `until` if given.
void futexWait(std::uint32_t* word, std::uint32_t expected, const timespec* until) {
    if (until == nullptr) {
        syscall(SYS_futex, word, FUTEX_WAIT_PRIVATE, expected, nullptr, nullptr, 0);
    } else {
        syscall(SYS_futex, word, FUTEX_WAIT_BITSET_PRIVATE, expected, until, nullptr,
                FUTEX_BITSET_MATCH_ANY);
    }
}

void futexWakeOne(std::uint32_t* word) {
    syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, 1, nullptr, nullptr, 0);
}

}  // namespace

void Doorbell::ring() noexcept {
    rung_.store(1);
    if (asleep_.load()) {
        futexWakeOne(wordOf(rung_));
    }
}

bool Doorbell::waitUntil(std::int64_t until_ns) noexcept {
    asleep_.store(true);
    if (rung_.load() == 0) {
        if (until_ns == kForever) {
            futexWait(wordOf(rung_), 0, nullptr);
        } else if (until_ns > monotonicNowNs()) {
            const timespec until = timespecOf(until_ns);
            futexWait(wordOf(rung_), 0, &until);
        }
    }
    asleep_.store(false);
    return rung_.load() != 0;
}

}  // namespace hwbridge
