// A wake-up for one sleeping thread on a futex word. ring() costs a system call only while the
// sleeper is asleep; the sleeper waits until rung or until an absolute CLOCK_MONOTONIC time
// (cyclictest's kind of timer: no drift from the time between two sleeps).
//
// Why not an eventfd: a futex wake-up is the kernel's shortest path from one thread to another
// (no file, no poll table, no read() after the wake), and it takes an absolute deadline in the
// same call. The virtual fixture's report thread sleeps here between reports, so this wake-up is
// its bus part's floor (`isrbench bench` prints it beside the bus part); the virtual port's
// interrupt thread sleeps here between edges.
#pragma once

#include <atomic>
#include <cstdint>

namespace hwbridge {

class Doorbell {
public:
    static constexpr std::int64_t kForever = -1;

    Doorbell() = default;
    Doorbell(const Doorbell&) = delete;
    Doorbell& operator=(const Doorbell&) = delete;

    // Any thread. A ring before the sleeper's next answer() is never lost: either the sleeper sees
    // it before it sleeps, or this sees the sleeper asleep and wakes it.
    void ring() noexcept;

    // The sleeper only. Returns once rung (at once if rung since the last answer()), at
    // `until_ns` on CLOCK_MONOTONIC (kForever: never), or on a signal; true if rung.
    bool waitUntil(std::int64_t until_ns) noexcept;

    // The sleeper only, before it looks for work: the rings before this are answered by that work.
    void answer() noexcept { rung_.store(0); }

private:
    // Both sequentially consistent: of ring()'s store-then-load and waitUntil()'s store-then-load,
    // at least one sees the other's store.
    std::atomic<std::uint32_t> rung_{0};  // the futex word: 1 once rung, until answered
    std::atomic<bool> asleep_{false};
};

}  // namespace hwbridge
