// The clock re-synchronisation schedule on injected time: rounds 25, 50, 100 and 200 ms after the
// start, then every 250 ms, each interval counted from the round actually taken.
#include "clock_tracking_schedule.h"

#include <gtest/gtest.h>

#include <vector>

namespace {

constexpr std::int64_t kMs = 1'000'000;

TEST(ClockTrackingSchedule, OftenAtFirstThenEveryQuarterSecond) {
    engine::ClockTrackingSchedule schedule(1000 * kMs);
    std::vector<std::int64_t> rounds;
    for (std::int64_t now = 1000 * kMs; now <= 2000 * kMs; now += kMs) {
        if (schedule.due(now)) {
            rounds.push_back(now / kMs - 1000);
        }
    }
    EXPECT_EQ(rounds, (std::vector<std::int64_t>{25, 50, 100, 200, 400, 650, 900}));
}

TEST(ClockTrackingSchedule, ALateRoundMovesTheNextOneWithIt) {
    engine::ClockTrackingSchedule schedule(0);
    EXPECT_FALSE(schedule.due(24 * kMs));
    EXPECT_TRUE(schedule.due(500 * kMs));  // the engine was busy: one round, not a burst
    EXPECT_FALSE(schedule.due(520 * kMs));
    EXPECT_TRUE(schedule.due(550 * kMs));
}

}  // namespace
