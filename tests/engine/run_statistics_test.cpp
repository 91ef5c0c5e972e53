#include "run_statistics.h"

#include <gtest/gtest.h>

#include "sample_ring.h"

namespace {

using engine::Outcome;
using engine::Sample;

Sample serviced(std::uint16_t phase, std::int64_t edge, std::int64_t arrive, std::int64_t isr,
                std::int64_t resp = 0) {
    return {1, phase, Outcome::Serviced, edge, arrive, isr, resp};
}

TEST(RunStatistics, ServicedSamplesSplitLatencyIntoBusAndDispatch) {
    engine::RunStatistics run(2);
    run.add(serviced(1, 1'000, 1'250, 1'300, 2'000));
    const auto& phase = run.phase(1);
    EXPECT_EQ(phase.count(Outcome::Serviced), 1u);
    EXPECT_EQ(phase.latency.summary().max, 300);
    EXPECT_EQ(phase.bus.summary().max, 250);
    EXPECT_EQ(phase.dispatch.summary().max, 50);
    EXPECT_EQ(phase.round_trip.summary().max, 1'000);
    EXPECT_EQ(run.phase(0).stimuli(), 0u);
}

TEST(RunStatistics, EveryOutcomeIsCountedInItsPhaseAndOnlyServicedOnesHaveLatency) {
    engine::RunStatistics run(3);
    for (std::uint16_t phase = 0; phase < 3; ++phase) {
        for (int o = 0; o < engine::kOutcomeCount; ++o) {
            Sample s{1, phase, static_cast<Outcome>(o), 100, 150, 200, 0};
            for (int k = 0; k <= o; ++k) {
                run.add(s);
            }
        }
    }
    for (std::uint16_t phase = 0; phase < 3; ++phase) {
        for (int o = 0; o < engine::kOutcomeCount; ++o) {
            EXPECT_EQ(run.phase(phase).count(static_cast<Outcome>(o)),
                      static_cast<std::uint64_t>(o + 1));
        }
        EXPECT_EQ(run.phase(phase).latency.count(), 1u);  // the one serviced sample
    }
    const auto all = run.overall();
    EXPECT_EQ(all.stimuli(), 3u * (1 + 2 + 3 + 4 + 5));
    EXPECT_EQ(all.latency.count(), 3u);
}

TEST(RunStatistics, ASampleForAPhaseTheRunDoesNotHaveIsCountedNotRecorded) {
    engine::RunStatistics run(1);
    run.add(serviced(4, 0, 1, 2));
    EXPECT_EQ(run.badPhaseSamples(), 1u);
    EXPECT_EQ(run.overall().stimuli(), 0u);
}

TEST(SampleRing, AFullRingLosesAndCountsWithoutBlocking) {
    auto ring = std::make_unique<engine::SampleRing>();
    for (std::size_t i = 0; i < engine::SampleRing::kCapacity + 3; ++i) {
        ring->push(serviced(0, 0, 1, 2));
    }
    EXPECT_EQ(ring->overflow(), 3u);
    engine::RunStatistics run(1);
    EXPECT_EQ(ring->drainInto(run), engine::SampleRing::kCapacity);
    EXPECT_EQ(run.phase(0).count(Outcome::Serviced), engine::SampleRing::kCapacity);
}

}  // namespace
