// The window's engine (engine::LiveSession) on a USB fixture through libusb: live latency from
// the responder, an unplug shown as such, and a re-plug that resumes the session.
#include <gtest/gtest.h>

#include "live_session.h"
#include "live_snapshots.h"
#include "usb_emulator.h"

namespace {

using engine::Outcome;
using engine::PortState;
using test_support::count;
using test_support::waitFor;
using namespace std::chrono_literals;

TEST(UsbLiveSession, ShowsLiveLatencyAndResumesAfterAReplug) {
    usbtest::UsbEmulator emulator;
    emulator.plug();
    engine::LiveOptions options;
    options.backend.kind = engine::BackendKind::UsbFixture;
    engine::LiveSession session(options);
    EXPECT_EQ(session.connect().status, "STATUS_SUCCESS");
    EXPECT_EQ(session.startStimulus(2000).status, "ok");
    auto s = waitFor(
        session, [](const auto& now) { return count(now.phase, Outcome::Serviced) > 300; }, 10s);
    EXPECT_EQ(s.source_label, "USB fixture EMU-0001");
    EXPECT_FALSE(s.simulated);
    EXPECT_EQ(s.state, PortState::Active);
    ASSERT_GT(count(s.phase, Outcome::Serviced), 300u);
    EXPECT_EQ(s.phase_latency.count, count(s.phase, Outcome::Serviced));
    EXPECT_EQ(s.violations, 0u);

    emulator.unplug();
    s = waitFor(
        session, [](const auto& now) { return !now.attached; }, 10s);
    EXPECT_FALSE(s.attached);
    EXPECT_EQ(session.reportInactive().status, "STATUS_DELETE_PENDING");  // row 18

    emulator.plug();
    s = waitFor(
        session, [](const auto& now) { return now.attached; }, 10s);
    ASSERT_TRUE(s.attached);
    const std::uint64_t before = count(s.totals, Outcome::Serviced);
    EXPECT_EQ(session.startStimulus(2000).status, "ok");
    s = waitFor(
        session,
        [&](const auto& now) { return count(now.totals, Outcome::Serviced) > before + 300; }, 10s);
    EXPECT_GT(count(s.totals, Outcome::Serviced), before + 300);
    EXPECT_EQ(s.state, PortState::Active);  // the client stayed connected through the unplug
    EXPECT_EQ(s.violations, 0u);
    session.stopStimulus();
}

}  // namespace
