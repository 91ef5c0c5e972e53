#include "doorbell.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "monotonic_clock.h"

namespace {

using hwbridge::Doorbell;
using hwbridge::monotonicNowNs;

// Long enough never to pass on a loaded sanitizer tree; a lost ring shows as a false return.
constexpr std::int64_t kPatienceNs = 10'000'000'000;

TEST(Doorbell, ARingBeforeTheSleeperWaitsIsNotLost) {
    Doorbell doorbell;
    doorbell.ring();
    EXPECT_TRUE(doorbell.waitUntil(monotonicNowNs() + kPatienceNs));
}

TEST(Doorbell, ARingStaysUntilAnswered) {
    Doorbell doorbell;
    doorbell.ring();
    EXPECT_TRUE(doorbell.waitUntil(monotonicNowNs() + kPatienceNs));
    EXPECT_TRUE(doorbell.waitUntil(monotonicNowNs() + kPatienceNs));
}

TEST(Doorbell, AnAnsweredRingNoLongerWakesAndTheDeadlineEndsTheWait) {
    Doorbell doorbell;
    doorbell.ring();
    doorbell.answer();
    const std::int64_t deadline = monotonicNowNs() + 2'000'000;
    EXPECT_FALSE(doorbell.waitUntil(deadline));
    EXPECT_GE(monotonicNowNs(), deadline);  // an absolute timer: never before its time
}

TEST(Doorbell, ADeadlineAlreadyPastReturnsUnrung) {
    Doorbell doorbell;
    EXPECT_FALSE(doorbell.waitUntil(monotonicNowNs() - 1));
}

// Rings from another thread, each once the sleeper has answered the last: every interleaving of
// ring() with the sleeper's check and its sleep must wake it. A lost ring would leave the sleeper
// asleep until its deadline, seconds away.
TEST(Doorbell, EveryRingFromAnotherThreadWakesTheSleeper) {
    constexpr int kRings = 2000;
    constexpr std::int64_t kDeadlineNs = 5'000'000'000;
    Doorbell doorbell;
    std::atomic<int> answered{0};
    std::atomic<bool> slept_to_deadline{false};
    std::thread sleeper([&] {
        for (int i = 0; i < kRings && !slept_to_deadline.load(); ++i) {
            const std::int64_t deadline = monotonicNowNs() + kDeadlineNs;
            doorbell.waitUntil(deadline);
            slept_to_deadline.store(monotonicNowNs() >= deadline);
            doorbell.answer();
            answered.store(i + 1);
        }
    });
    for (int i = 0; i < kRings && !slept_to_deadline.load(); ++i) {
        while (answered.load() < i && !slept_to_deadline.load()) {
            std::this_thread::yield();
        }
        doorbell.ring();
    }
    sleeper.join();
    EXPECT_FALSE(slept_to_deadline.load());
    EXPECT_EQ(answered.load(), kRings);
}

TEST(Doorbell, ASleeperWithoutDeadlineWakesOnARing) {
    Doorbell doorbell;
    std::atomic<bool> woken{false};
    std::thread sleeper([&] { woken.store(doorbell.waitUntil(Doorbell::kForever)); });
    doorbell.ring();
    sleeper.join();
    EXPECT_TRUE(woken.load());
}

}  // namespace
