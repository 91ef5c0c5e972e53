// The window on a USB fixture, as a technician reaches it: the emulated fixture appears in the
// devices tab (the window's own kind of watcher, through libusb), Enter opens a session on it,
// and connect + start stream live latency from it into the window.
#include <gtest/gtest.h>

#include <QTableWidget>

#include "devices_dock.h"
#include "fixture_watcher.h"
#include "toast.h"
#include "usb_emulator.h"
#include "window_fixture.h"

namespace {

using uitest::phaseCount;
using uitest::waitUntil;

int rowOf(QTableWidget& table, const QString& serial) {
    for (int row = 0; row < table.rowCount(); ++row) {
        if (table.item(row, 0) != nullptr && table.item(row, 0)->text() == serial) {
            return row;
        }
    }
    return -1;
}

TEST(WindowOnUsb, TheDevicesTabOpensASessionThatShowsLiveLatency) {
    usbtest::UsbEmulator emulator;
    emulator.plug();
    hwbridge::FixtureWatcher watcher;
    ui::WindowOptions options;
    options.devices = [&watcher] { return watcher.snapshot(); };
    auto window = uitest::openWindow(std::move(options));

    QTableWidget& table = window->devicesPanel().table();
    ASSERT_TRUE(waitUntil([&] { return rowOf(table, QStringLiteral("EMU-0001")) >= 0; }, 20'000))
        << table.rowCount() << " rows in the devices tab";
    table.setFocus();
    table.selectRow(rowOf(table, QStringLiteral("EMU-0001")));
    QTest::keyClick(&table, Qt::Key_Return);
    ASSERT_TRUE(waitUntil(
        [&] { return window->lastSnapshot().source_label == "USB fixture EMU-0001"; }, 20'000))
        << "the window says: " << window->toast().text().toStdString() << "; showing "
        << window->lastSnapshot().source_label;
    EXPECT_FALSE(window->lastSnapshot().simulated);

    window->activateWindow();
    ASSERT_TRUE(QTest::qWaitForWindowActive(window.get()));
    QTest::keyClick(window.get(), Qt::Key_1);      // connect
    QTest::keyClick(window.get(), Qt::Key_Space);  // start the train
    // The emulator makes an edge per reap, so under a loaded machine (a sanitizer tree, a build
    // beside the suite) the rate falls to a few per second: waited for up to a minute.
    ASSERT_TRUE(waitUntil(
        [&] { return phaseCount(window->lastSnapshot(), engine::Outcome::Serviced) > 200; },
        60'000))
        << phaseCount(window->lastSnapshot(), engine::Outcome::Serviced) << " serviced; "
        << window->toast().text().toStdString();
    const engine::LiveSnapshot& shown = window->lastSnapshot();
    EXPECT_EQ(shown.state, engine::PortState::Active);
    EXPECT_EQ(shown.phase_latency.count, phaseCount(shown, engine::Outcome::Serviced));
    std::uint64_t plotted = 0;
    for (const auto& column : shown.columns) {
        plotted += column.count;
    }
    EXPECT_GT(plotted, 0u);  // the live chart has its points
    EXPECT_EQ(shown.violations, 0u);
    QTest::keyClick(window.get(), Qt::Key_Space);  // stop
}

}  // namespace
