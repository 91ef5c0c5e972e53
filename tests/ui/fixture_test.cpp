// The virtual fixture from the window: unplugging it shows a toast and freezes nothing (frames
// keep being painted, requests keep being answered), re-plugging says so; the bus-model and
// fault menus open a new session on the chosen fixture.
#include <gtest/gtest.h>

#include <memory>

#include "bench_actions.h"
#include "devices_dock.h"
#include "hud_panel.h"
#include "hud_tile.h"
#include "session_controller.h"
#include "toast.h"
#include "window_fixture.h"

namespace {

using uitest::newestLogRow;
using uitest::openWindow;
using uitest::waitUntil;

TEST(Fixture, UnpluggingShowsTheToastAndTheWindowKeepsRepainting) {
    auto window = openWindow();
    QTest::keyClick(window.get(), Qt::Key_1);
    QTest::keyClick(window.get(), Qt::Key_Space);
    ASSERT_TRUE(waitUntil([&] { return window->lastSnapshot().interrupts_per_second > 100; }));
    EXPECT_FALSE(window->toast().showing());

    QTest::keyClick(window.get(), Qt::Key_U);
    EXPECT_EQ(newestLogRow(*window).request, QStringLiteral("unplug"));
    ASSERT_TRUE(waitUntil([&] { return window->toast().showing(); }, 1000));
    EXPECT_TRUE(window->toast().text().contains(QLatin1String("unplugged")));
    EXPECT_EQ(window->toast().property("tone").toString(), QStringLiteral("alert"));
    EXPECT_EQ(window->hud().fixtureTile().value(), QStringLiteral("UNPLUGGED"));
    EXPECT_EQ(window->hud().fixtureTile().tone(), QStringLiteral("alert"));

    // Nothing freezes: frames keep being painted, and a request is still answered (row 18). Ten
    // frames take 170 ms at 60 fps; the bound is generous because a sanitizer tree on a busy host
    // once went 500 ms without one (TSan, CI).
    const std::uint64_t frames = window->frameCounter().frames();
    EXPECT_TRUE(waitUntil([&] { return window->frameCounter().frames() > frames + 10; }, 10'000));
    EXPECT_TRUE(waitUntil([&] { return window->frameCounter().framesPerSecond() > 20.0; }, 10'000));
    QTest::keyClick(window.get(), Qt::Key_4);
    EXPECT_EQ(newestLogRow(*window).status, QStringLiteral("STATUS_DELETE_PENDING"));
    window->refreshFrame();
    EXPECT_FALSE(window->lastSnapshot().stimulus_running);

    QTest::keyClick(window.get(), Qt::Key_R);
    EXPECT_EQ(newestLogRow(*window).status, QStringLiteral("fixture attached"));
    ASSERT_TRUE(waitUntil(
        [&] { return window->toast().text().contains(QLatin1String("attached")); }, 1000));
    EXPECT_EQ(window->hud().fixtureTile().value(), QStringLiteral("ATTACHED"));
    QTest::keyClick(window.get(), Qt::Key_Space);
    EXPECT_EQ(newestLogRow(*window).status, QStringLiteral("ok"));
}

TEST(Fixture, TheToastFadesByItself) {
    auto window = openWindow();
    window->toast().showMessage(QStringLiteral("hello"));
    EXPECT_TRUE(window->toast().showing());
    ASSERT_TRUE(waitUntil([&] { return !window->toast().showing(); }, ui::Toast::kShownMs + 2000));
}

TEST(Fixture, TheBusModelMenuOpensANewSessionOnThatBusAndKeepsTheTrainRunning) {
    auto window = openWindow();
    QTest::keyClick(window.get(), Qt::Key_Space);
    const int rows = uitest::logRows(*window);
    QTest::keyClick(window.get(), Qt::Key_3, Qt::ControlModifier);  // USB high speed
    EXPECT_EQ(window->controller().options().backend.bus, "high-speed");
    // The log reads on: a marker row for the new session, then the train restarted on it.
    ASSERT_GE(uitest::logRows(*window), rows + 2);
    ui::RequestLogModel& log = window->requestLog();
    EXPECT_EQ(log.requestAt(rows), QStringLiteral("— new session —"));
    EXPECT_TRUE(log.statusAt(rows).contains(QLatin1String("bus high-speed")));
    EXPECT_EQ(newestLogRow(*window).request, QStringLiteral("start_stimulus"));
    window->refreshFrame();
    EXPECT_TRUE(window->lastSnapshot().stimulus_running);
    for (QAction* action : window->actions().bus_group->actions()) {
        EXPECT_EQ(action->isChecked(), action->data().toString() == QStringLiteral("high-speed"));
    }
}

TEST(Fixture, TheFaultMenuInjectsFaultsIntoTheNewSession) {
    auto window = openWindow();
    QTest::keyClick(window.get(), Qt::Key_2, Qt::ControlModifier | Qt::AltModifier);
    EXPECT_EQ(window->controller().options().backend.faults, "duplicate=0.01");
    EXPECT_EQ(window->controller().options().backend.bus, "ideal");
    QTest::keyClick(window.get(), Qt::Key_0, Qt::ControlModifier | Qt::AltModifier);
    EXPECT_EQ(window->controller().options().backend.faults, "");
}

TEST(Fixture, OpenGlIsNotOfferedWhereThereIsNoRealOpenGl) {
    auto window = openWindow();
    EXPECT_FALSE(window->openGlSupport().available);
    EXPECT_FALSE(window->actions().opengl->isEnabled());
    EXPECT_FALSE(window->actions().opengl->isChecked());
    EXPECT_TRUE(window->actions().opengl->toolTip().contains(QLatin1String("offscreen")));
}

}  // namespace

namespace {

// The window's devices panel over a list the test changes, as a FixtureWatcher would publish it.
TEST(Fixture, AUsbFixturePluggedInIsToastedAndOneThatWillNotOpenLeavesTheVirtualSession) {
    auto state = std::make_shared<hwbridge::WatchedFixtures>();
    ui::WindowOptions options;
    options.devices = [state] { return *state; };
    auto window = openWindow(options);
    hwbridge::FoundFixture found;
    found.identity = {
        "LAB-42",      hwbridge::wire::kVendorId, hwbridge::wire::kDefaultProductId, "high", false,
        "bus 1 port 3"};
    found.info = hwbridge::wire::InfoBlock{};
    state->fixtures.push_back(found);
    ++state->generation;
    ASSERT_TRUE(waitUntil([&] { return window->toast().text().contains("LAB-42 plugged in"); }));

    // This machine has no LAB-42 on its bus: the session stays on the virtual fixture, and says so.
    window->devicesPanel().fixtureChosen(QStringLiteral("LAB-42"));
    EXPECT_TRUE(window->toast().text().contains(QLatin1String("would not open")))
        << window->toast().text().toStdString();
    EXPECT_EQ(window->controller().options().backend.kind, engine::BackendKind::VirtualFixture);
    EXPECT_TRUE(window->controller().session().isVirtual());
    EXPECT_EQ(window->controller().session().connect().status, "STATUS_SUCCESS");

    state->fixtures.clear();
    ++state->generation;
    ASSERT_TRUE(waitUntil([&] { return window->toast().text().contains("LAB-42 unplugged"); }));
}

}  // namespace

namespace {

// A parallel port the window is told of but this machine does not have: the session stays on
// the virtual fixture and the toast says why (ppdev's own message).
TEST(Fixture, APortThatWillNotOpenLeavesTheVirtualSessionAndSaysWhy) {
    ui::WindowOptions options;
    options.devices = [] { return hwbridge::WatchedFixtures{}; };
    options.ports = [] { return driver::ParallelPortScan{}; };
    auto window = openWindow(options);
    window->devicesPanel().portChosen(QStringLiteral("/dev/parport-none-such"),
                                      QStringLiteral("ppdev"));
    EXPECT_TRUE(window->toast().text().contains(QLatin1String("That port would not open")))
        << window->toast().text().toStdString();
    EXPECT_TRUE(window->toast().text().contains(QLatin1String("/dev/parport-none-such")))
        << window->toast().text().toStdString();
    EXPECT_EQ(window->controller().options().backend.kind, engine::BackendKind::VirtualFixture);
    EXPECT_TRUE(window->controller().session().isVirtual());
}

}  // namespace
