// The window's engine (engine::LiveSession, what the devices tab opens) on a real port, run
// inside the QEMU guest: through ppdev and through the kernel module, requests one at a time,
// a stimulus train, and snapshots that follow the life cycle with real interrupts. The window's
// own widgets are tested on the host (tests/ui); rendering them under TCG takes minutes.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "live_session.h"
#include "live_snapshots.h"

namespace {

using engine::Outcome;
using engine::PortState;
using namespace std::chrono_literals;
using test_support::count;
using test_support::waitFor;

void walkTheLifeCycle(engine::BackendKind kind, const char* device, const char* label) {
    engine::LiveOptions options;
    options.backend.kind = kind;
    options.backend.device = device;
    engine::LiveSession session(options);
    EXPECT_FALSE(session.isVirtual());
    EXPECT_EQ(session.startStimulus(1000).status, "ok");

    auto s = waitFor(
        session, [](const auto& now) { return count(now.phase, Outcome::Unclaimed) > 20; }, 20s);
    EXPECT_EQ(s.state, PortState::Disconnected);
    EXPECT_EQ(s.source_label, label);
    EXPECT_FALSE(s.simulated);
    EXPECT_TRUE(s.attached);

    EXPECT_EQ(session.connect().status, "STATUS_SUCCESS");
    s = waitFor(
        session, [](const auto& now) { return count(now.phase, Outcome::Serviced) > 50; }, 20s);
    EXPECT_EQ(s.state, PortState::Active);
    EXPECT_GT(count(s.phase, Outcome::Serviced), 50u);
    EXPECT_EQ(count(s.phase, Outcome::Serviced), s.phase_latency.count);
    EXPECT_GT(s.phase_latency.p50, 0);

    EXPECT_EQ(session.reportInactive().status, "STATUS_SUCCESS");
    s = waitFor(
        session, [](const auto& now) { return count(now.phase, Outcome::Suppressed) > 50; }, 20s);
    EXPECT_EQ(s.state, PortState::Inactive);
    EXPECT_GT(count(s.phase, Outcome::Suppressed), 50u);

    EXPECT_EQ(session.reportActive().status, "STATUS_SUCCESS");
    EXPECT_EQ(session.disconnect().status, "STATUS_SUCCESS");
    s = waitFor(
        session, [](const auto& now) { return count(now.phase, Outcome::Unclaimed) > 20; }, 20s);
    EXPECT_EQ(s.state, PortState::Disconnected);
    // A request the contract refuses is sent and answered as asked.
    EXPECT_EQ(session.disconnect().status, "STATUS_INVALID_PARAMETER");
    EXPECT_EQ(session.stopStimulus().status, "ok");
    EXPECT_EQ(s.violations, 0u);
    EXPECT_EQ(count(s.totals, Outcome::Lost), 0u);
    std::printf(
        "live session on %s: %llu serviced, %llu suppressed, %llu unclaimed, 0 lost, "
        "0 violations\n",
        label, static_cast<unsigned long long>(count(s.totals, Outcome::Serviced)),
        static_cast<unsigned long long>(count(s.totals, Outcome::Suppressed)),
        static_cast<unsigned long long>(count(s.totals, Outcome::Unclaimed)));
}

TEST(LiveSessionOnAPort, ThroughPpdevFollowsTheLifeCycleWithRealInterrupts) {
    walkTheLifeCycle(engine::BackendKind::Ppdev, "/dev/parport0", "ppdev /dev/parport0");
}

TEST(LiveSessionOnAPort, ThroughTheKernelModuleFollowsTheLifeCycleWithRealInterrupts) {
    walkTheLifeCycle(engine::BackendKind::KernelModule, "/dev/isrbench-parport0",
                     "kernel module on parport0");
}

}  // namespace
