// The GUI's engine without the GUI: requests one by one (error statuses included), a train
// started and stopped, snapshots that follow the life cycle, and the fixture unplugged live.
#include "live_session.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "fault_plan.h"
#include "live_snapshots.h"
#include "virtual_fixture.h"

namespace {

using engine::Outcome;
using engine::PortState;
using namespace std::chrono_literals;
using test_support::count;
using test_support::waitFor;

TEST(LiveSession, FollowsTheLifeCyclePhaseByPhase) {
    engine::LiveSession session(engine::LiveOptions{});
    EXPECT_EQ(session.startStimulus(2000).status, "ok");

    auto s =
        waitFor(session, [](const auto& now) { return count(now.phase, Outcome::Unclaimed) > 50; });
    EXPECT_EQ(s.state, PortState::Disconnected);
    EXPECT_EQ(s.source_label, "virtual fixture");
    EXPECT_TRUE(s.simulated);

    EXPECT_EQ(session.connect().status, "STATUS_SUCCESS");
    s = waitFor(session, [](const auto& now) { return count(now.phase, Outcome::Serviced) > 100; });
    EXPECT_EQ(s.state, PortState::Active);
    EXPECT_EQ(count(s.phase, Outcome::Serviced), s.phase_latency.count);
    EXPECT_GT(s.phase_latency.p50, 0);
    s = waitFor(session, [](const auto& now) { return now.now_ns > 1'200'000'000; });
    // Counted over the last second: some, and never more than the train sends (a loaded host may
    // deliver fewer; how many is a benchmark's business, not a test's).
    EXPECT_GT(s.interrupts_per_second, 0.0);
    EXPECT_LE(s.interrupts_per_second, 2000.0 * 1.1);

    EXPECT_EQ(session.reportInactive().status, "STATUS_SUCCESS");
    s = waitFor(session,
                [](const auto& now) { return count(now.phase, Outcome::Suppressed) > 100; });
    EXPECT_EQ(s.state, PortState::Inactive);
    // The phase opens before REPORT INACTIVE is sent, so an interrupt dispatched while it was in
    // flight is a legal serviced one here; one serviced after it returned is a violation (below).
    EXPECT_LT(count(s.phase, Outcome::Serviced), count(s.phase, Outcome::Suppressed));
    EXPECT_EQ(s.violations, 0u);

    EXPECT_EQ(session.reportActive().status, "STATUS_SUCCESS");
    EXPECT_EQ(session.disconnect().status, "STATUS_SUCCESS");
    s = waitFor(session,
                [](const auto& now) { return count(now.phase, Outcome::Unclaimed) > 100; });
    EXPECT_EQ(s.state, PortState::Disconnected);
    session.stopStimulus();

    EXPECT_EQ(s.violations, 0u);
    EXPECT_EQ(count(s.totals, Outcome::Violation), 0u);
    EXPECT_EQ(count(s.totals, Outcome::Lost), 0u);
    EXPECT_GE(s.bands.size(), 4u);  // disconnected, active, inactive, active, disconnected
    EXPECT_EQ(s.bands.back().state, PortState::Disconnected);
    std::uint64_t in_columns = 0;
    for (const auto& column : s.columns) {
        in_columns += column.count;
    }
    EXPECT_GT(in_columns, 0u);
}

TEST(LiveSession, ARequestTheContractRefusesIsSentAndItsStatusLogged) {
    engine::LiveSession session(engine::LiveOptions{});
    EXPECT_EQ(session.disconnect().status, "STATUS_INVALID_PARAMETER");    // row 7
    EXPECT_EQ(session.reportActive().status, "STATUS_INVALID_PARAMETER");  // row 13
    EXPECT_EQ(session.reportInactive().status, "STATUS_INVALID_PARAMETER");
    const auto log = session.requestLog();
    ASSERT_EQ(log.size(), 3u);
    EXPECT_EQ(log[1].request, "report_active");
    EXPECT_EQ(log[1].status, "STATUS_INVALID_PARAMETER");
    EXPECT_EQ(session.snapshot(10, 1'000'000'000).state, PortState::Disconnected);
}

TEST(LiveSession, UnpluggingTheVirtualFixtureIsShownAndNothingFreezes) {
    engine::LiveSession session(engine::LiveOptions{});
    session.connect();
    session.startStimulus(1000);
    waitFor(session, [](const auto& now) { return count(now.phase, Outcome::Serviced) > 20; });
    ASSERT_TRUE(session.unplugFixture());
    const auto unplugged = session.snapshot(10, 1'000'000'000);
    EXPECT_FALSE(unplugged.attached);
    EXPECT_FALSE(unplugged.stimulus_running);
    EXPECT_EQ(session.reportInactive().status, "STATUS_DELETE_PENDING");  // row 18
    ASSERT_TRUE(session.replugFixture());
    EXPECT_TRUE(session.snapshot(10, 1'000'000'000).attached);
    EXPECT_EQ(session.startStimulus(1000).status, "ok");
}

// Records dropped on the way (5 %), the responder answering each interrupt: the window's lost
// count comes from the stimulus numbers that never arrived, not from record numbers shared with
// the response edges, so it is what the fixture made less what arrived (short of any stimuli
// dropped at the very end, which no later edge reveals).
TEST(LiveSession, LostStimuliAreCountedFromTheirMissingNumbers) {
    hwbridge::VirtualFixtureOptions options;
    options.faults = *hwbridge::parseFaultPlan("drop=0.05,seed=11");
    hwbridge::VirtualFixture fixture(options);
    engine::LiveOptions live;
    live.transport = &fixture;
    engine::LiveSession session(live);
    EXPECT_EQ(session.connect().status, "STATUS_SUCCESS");
    EXPECT_EQ(session.startStimulus(2000).status, "ok");
    waitFor(session, [](const auto& now) { return count(now.phase, Outcome::Serviced) > 400; });
    session.stopStimulus();
    while (fixture.stimulusRunning()) {
        std::this_thread::sleep_for(1ms);
    }
    const std::uint64_t made = fixture.counts().edges_generated;
    const auto s = waitFor(session, [made](const auto& now) {
        return count(now.totals, Outcome::Serviced) + count(now.totals, Outcome::Lost) + 3 >= made;
    });
    const std::uint64_t accounted =
        count(s.totals, Outcome::Serviced) + count(s.totals, Outcome::Lost);
    EXPECT_GT(count(s.totals, Outcome::Lost), 0u);
    EXPECT_LE(accounted, made);
    EXPECT_GE(accounted + 3, made);  // 3 dropped in a row at the end: 1 in 8000
    EXPECT_EQ(count(s.totals, Outcome::Violation), 0u);
}

// A generator that loses its CPU for 20 ms at 1 kHz sends the edges due meanwhile late, back to
// back: the window hears of it while the train runs. Lower bounds only: a busy host can only make
// more of them late, and later.
TEST(LiveSession, StimuliThatLeftLateAreInTheSnapshotWhileTheTrainRuns) {
    hwbridge::VirtualFixture fixture;
    engine::LiveOptions live;
    live.transport = &fixture;
    engine::LiveSession session(live);
    EXPECT_EQ(session.connect().status, "STATUS_SUCCESS");
    EXPECT_EQ(session.startStimulus(1000).status, "ok");
    waitFor(session, [](const auto& now) { return count(now.phase, Outcome::Serviced) > 20; });
    fixture.stallGenerator(20'000'000);
    const auto s =
        waitFor(session, [](const auto& now) { return now.lateness.late_stimuli >= 19; });
    EXPECT_GE(s.lateness.late_stimuli, 19u);
    EXPECT_GE(s.lateness.stimuli_left_late, 19u);
    EXPECT_GE(fixture.counts().plan_records, 19u);  // each said when it was due
    EXPECT_GE(s.lateness.stimulus_max_late_ns, 19'000'000);
    // The stall over, the train runs on.
    const std::uint64_t serviced = count(s.totals, Outcome::Serviced);
    const auto after = waitFor(session, [serviced](const auto& now) {
        return count(now.totals, Outcome::Serviced) > serviced + 20;
    });
    EXPECT_GT(count(after.totals, Outcome::Serviced), serviced + 20);
}

}  // namespace
