// The stimulus train a real port's host makes (ppdev, the kernel module), against a fake port:
// every pulse counted, one at a time behind its answer, an unanswered pulse counted and passed,
// a port that goes away named; and the kernel's interrupt count read from /proc/interrupts text.
#include "pulse_train.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

#include "host_interrupts.h"

namespace {

// A port whose interrupts are handled at once, never, or that is gone after `fails_after`.
class FakePort final : public driver::PulseSource {
public:
    bool answers = true;
    std::uint64_t fails_after = 0;  // 0: never
    std::uint64_t stalls_on = 0;    // this pulse takes `stall` to send (0: none does)
    std::chrono::milliseconds stall{0};
    std::atomic<std::uint64_t> in_flight_max{0};
    std::atomic<std::int64_t> first_due_ns{0};
    std::atomic<std::int64_t> last_due_ns{0};

    driver::Pulse pulseStimulus(std::int64_t t_due_ns) override {
        const std::uint64_t number = pulses_.load() + 1;
        if (number == 1) {
            first_due_ns.store(t_due_ns);
        }
        last_due_ns.store(t_due_ns);
        if (fails_after != 0 && number > fails_after) {
            throw std::runtime_error("the port went away");
        }
        // Waiting for the previous answer means at most one pulse is ever unanswered.
        const std::uint64_t unanswered = number - 1 - handled_.load();
        if (unanswered > in_flight_max.load()) {
            in_flight_max.store(unanswered);
        }
        if (number == stalls_on) {
            std::this_thread::sleep_for(stall);
        }
        pulses_.store(number);
        if (answers) {
            handled_.store(number);
        }
        return {number, 1};
    }
    std::uint64_t lastStimulusHandled() const override { return handled_.load(); }
    std::uint64_t pulses() const { return pulses_.load(); }

private:
    std::atomic<std::uint64_t> pulses_{0};
    std::atomic<std::uint64_t> handled_{0};
};

engine::StimulusSpec at(double rate_hz,
                        engine::StimulusMode mode = engine::StimulusMode::Periodic) {
    engine::StimulusSpec stimulus;
    stimulus.rate_hz = rate_hz;
    stimulus.mode = mode;
    return stimulus;
}

TEST(PulseTrain, SendsEveryPlannedPulseEachBehindTheAnswerToThePrevious) {
    for (const auto mode : {engine::StimulusMode::Periodic, engine::StimulusMode::Random}) {
        FakePort port;
        engine::PulseTrain train(port, at(20'000, mode), 50);
        train.start();
        for (int i = 0; i < 10000 && train.counts().sent < 50; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        train.stop();
        EXPECT_EQ(train.counts().sent, 50u);
        EXPECT_EQ(port.pulses(), 50u);
        EXPECT_EQ(train.counts().unanswered, 0u);
        EXPECT_EQ(port.in_flight_max.load(), 0u);
        EXPECT_TRUE(train.failure().empty());
    }
}

// Each pulse is handed its place on the train's timebase, not the time it happened to leave:
// the 50th of a 20 kHz periodic train was due 49 periods after the first, however late it left.
TEST(PulseTrain, EachPulseCarriesItsPlaceOnTheTrainsTimebase) {
    FakePort port;
    engine::PulseTrain train(port, at(20'000), 50);
    train.start();
    for (int i = 0; i < 10000 && train.counts().sent < 50; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    train.stop();
    ASSERT_EQ(train.counts().sent, 50u);
    EXPECT_NE(port.first_due_ns.load(), 0);
    EXPECT_EQ(port.last_due_ns.load() - port.first_due_ns.load(), 49 * 50'000);
}

// A port that took 3 ms to send the 5th pulse of a 1 kHz train: the 6th left at least 2 ms (two
// periods) after its place, the 7th at least 1 ms. Lower bounds only: a busy host can only make
// pulses later.
TEST(PulseTrain, PulsesThatLeftLateAreCountedWithTheLatestLateness) {
    FakePort port;
    port.stalls_on = 5;
    port.stall = std::chrono::milliseconds(3);
    engine::PulseTrain train(port, at(1000), 10);
    train.start();
    for (int i = 0; i < 10000 && train.counts().sent < 10; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    train.stop();
    const engine::PulseTrainCounts counts = train.counts();
    ASSERT_EQ(counts.sent, 10u);
    EXPECT_GE(counts.late, 2u);  // the 6th and the 7th: a period or more
    EXPECT_GE(counts.left_late, counts.late);
    EXPECT_GE(counts.max_late_ns, 2'000'000);
}

TEST(PulseTrain, APulseWithNoAnswerIsCountedAndTheTrainGoesOn) {
    FakePort port;
    port.answers = false;
    engine::PulseTrain train(port, at(1000), 3);
    train.start();
    for (int i = 0; i < 10000 && train.counts().unanswered < 3; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    train.stop();
    EXPECT_EQ(train.counts().sent, 3u);
    EXPECT_EQ(train.counts().unanswered, 3u);
}

TEST(PulseTrain, APortThatGoesAwayEndsTheTrainAndSaysWhy) {
    FakePort port;
    port.fails_after = 4;
    engine::PulseTrain train(port, at(10'000), 0);  // endless
    train.start();
    for (int i = 0; i < 10000 && train.failure().empty(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    train.stop();
    EXPECT_EQ(train.counts().sent, 4u);
    EXPECT_EQ(train.failure(), "the port went away");
}

TEST(PulseTrain, AnEndlessTrainStopsWhenAsked) {
    FakePort port;
    engine::PulseTrain train(port, at(10'000), 0);
    train.start();
    for (int i = 0; i < 10000 && port.pulses() < 10; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    train.stop();
    const std::uint64_t sent = train.counts().sent;
    EXPECT_GE(sent, 10u);
    EXPECT_EQ(port.pulses(), sent);  // nothing leaves after stop() returned
}

constexpr const char* kProcInterrupts =
    "           CPU0       CPU1       \n"
    "  0:         45          0   IO-APIC   2-edge      timer\n"
    "  7:       1200        34   IO-APIC   7-edge      parport0\n"
    " 17:          0          9   IO-APIC  17-fasteoi   ehci_hcd:usb1\n"
    "NMI:          0          0   Non-maskable interrupts\n";

TEST(HostInterrupts, ALineIsSummedOverEveryCpu) {
    EXPECT_EQ(engine::interruptCountIn(kProcInterrupts, 7), 1234u);
    EXPECT_EQ(engine::interruptCountIn(kProcInterrupts, 17), 9u);
}

TEST(HostInterrupts, ALineNotListedOrNoLineAtAllIsNoCount) {
    EXPECT_FALSE(engine::interruptCountIn(kProcInterrupts, 5).has_value());
    EXPECT_FALSE(engine::interruptCountIn(kProcInterrupts, -1).has_value());
    EXPECT_FALSE(engine::interruptCountIn("", 7).has_value());
}

}  // namespace
