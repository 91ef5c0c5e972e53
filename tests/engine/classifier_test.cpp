#include "classifier.h"

#include <gtest/gtest.h>

namespace {

using driver::InterruptClass;
using engine::Outcome;
using engine::PortState;

const std::vector<engine::Phase> kPhases = {{"0 disconnected", 0, 10, PortState::Disconnected},
                                            {"1 active", 10, 20, PortState::Active},
                                            {"2 inactive", 20, 30, PortState::Inactive},
                                            {"3 active", 30, 40, PortState::Active},
                                            {"4 disconnected", 40, 50, PortState::Disconnected}};

Outcome expectedOutcome(PortState state, InterruptClass handled) {
    if (state == PortState::Active && handled == InterruptClass::Serviced) {
        return Outcome::Serviced;
    }
    if (state == PortState::Inactive && handled == InterruptClass::Suppressed) {
        return Outcome::Suppressed;
    }
    if (state == PortState::Disconnected && handled == InterruptClass::Unclaimed) {
        return Outcome::Unclaimed;
    }
    return Outcome::Violation;  // the driver did what the phase forbids
}

TEST(Classifier, EveryPhaseTimesEveryHandlingOutsideTransitions) {
    for (std::uint16_t phase = 0; phase < kPhases.size(); ++phase) {
        for (const auto handled :
             {InterruptClass::Serviced, InterruptClass::Suppressed, InterruptClass::Unclaimed}) {
            const auto c = engine::classify(kPhases, {phase, false}, handled, false);
            EXPECT_EQ(c.outcome, expectedOutcome(kPhases[phase].state, handled))
                << kPhases[phase].name << " handled " << driver::className(handled);
            EXPECT_EQ(c.phase, phase);
        }
    }
}

TEST(Classifier, ANeverArrivedInterruptIsLostInItsPhaseAndAFlaggedCallIsAViolation) {
    for (std::uint16_t phase = 0; phase < kPhases.size(); ++phase) {
        const auto lost = engine::classify(kPhases, {phase, false}, std::nullopt, false);
        EXPECT_EQ(lost.outcome, Outcome::Lost);
        EXPECT_EQ(lost.phase, phase);
        const auto flagged = engine::classify(kPhases, {phase, false},
                                              engine::expectedHandling(kPhases[phase].state), true);
        EXPECT_EQ(flagged.outcome, Outcome::Violation);
    }
}

TEST(Classifier, DuringATransitionEitherSideIsRightAndCountedOnItsSide) {
    // REPORT INACTIVE running (1 active -> 2 inactive): serviced belongs to phase 1.
    auto c = engine::classify(kPhases, {2, true}, InterruptClass::Serviced, false);
    EXPECT_EQ(c.outcome, Outcome::Serviced);
    EXPECT_EQ(c.phase, 1);
    c = engine::classify(kPhases, {2, true}, InterruptClass::Suppressed, false);
    EXPECT_EQ(c.outcome, Outcome::Suppressed);
    EXPECT_EQ(c.phase, 2);
    // ...but unclaimed fits neither side.
    EXPECT_EQ(engine::classify(kPhases, {2, true}, InterruptClass::Unclaimed, false).outcome,
              Outcome::Violation);
    // Once the request returned, the old side is no longer acceptable.
    EXPECT_EQ(engine::classify(kPhases, {2, false}, InterruptClass::Serviced, false).outcome,
              Outcome::Violation);
}

TEST(Classifier, AStampBeyondTheLastPhaseCountsInTheLastPhase) {
    const auto c = engine::classify(kPhases, {99, false}, InterruptClass::Unclaimed, false);
    EXPECT_EQ(c.outcome, Outcome::Unclaimed);
    EXPECT_EQ(c.phase, 4);
}

}  // namespace
