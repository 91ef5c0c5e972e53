// The devices panel over a fake fixture source: the virtual fixture always first, USB fixtures as
// they come and go (announced once each), problems shown, and a row chosen by Enter, double-click
// or the Use button.
#include "devices_dock.h"

#include <gtest/gtest.h>

#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>
#include <memory>

#include "window_fixture.h"

namespace {

using uitest::waitUntil;

// What a FixtureWatcher would publish, changed by the test; every change moves the generation.
class FakeSource {
public:
    hwbridge::WatchedFixtures operator()() const { return state_; }
    void plug(const hwbridge::FoundFixture& fixture) {
        state_.fixtures.push_back(fixture);
        ++state_.generation;
    }
    void unplug(const std::string& serial) {
        std::erase_if(state_.fixtures, [&](const hwbridge::FoundFixture& found) {
            return found.identity.serial == serial;
        });
        ++state_.generation;
    }
    void fail(const std::string& error) {
        state_.fixtures.clear();
        state_.error = error;
        ++state_.generation;
    }

private:
    hwbridge::WatchedFixtures state_;
};

hwbridge::FoundFixture fixture(const std::string& serial) {
    hwbridge::FoundFixture found;
    found.identity = {
        serial,        hwbridge::wire::kVendorId, hwbridge::wire::kDefaultProductId, "high", false,
        "bus 1 port 3"};
    hwbridge::wire::InfoBlock info;
    info.firmware_version = 0x0102;
    info.capabilities = 0x3;
    found.info = info;
    return found;
}

hwbridge::FoundFixture forbidden() {
    hwbridge::FoundFixture found;
    found.identity = {"",
                      hwbridge::wire::kVendorId,
                      hwbridge::wire::kDefaultProductId,
                      "full",
                      false,
                      "bus 2 port 1"};
    found.problem = "no permission: install resources/udev/60-isrbench.rules";
    return found;
}

class DevicesDockTest : public ::testing::Test {
protected:
    std::shared_ptr<FakeSource> source = std::make_shared<FakeSource>();
    std::unique_ptr<ui::DevicesDock> dock;

    void open() {
        dock = std::make_unique<ui::DevicesDock>([source = source] { return (*source)(); });
        dock->resize(900, 300);
        dock->show();
        ASSERT_TRUE(QTest::qWaitForWindowExposed(dock.get()));
    }
    int rows() { return dock->table().rowCount(); }
    // Waits for the panel's own timer to pick a change up.
    bool rowsBecome(int count) {
        return waitUntil([&] { return rows() == count; });
    }
    int rowOf(const QString& serial) {
        for (int row = 0; row < rows(); ++row) {
            if (dock->table().item(row, 0)->text() == serial) {
                return row;
            }
        }
        return -1;
    }
};

TEST_F(DevicesDockTest, TheVirtualFixtureIsAlwaysTheFirstRowAndSaysSimulated) {
    open();
    ASSERT_EQ(rows(), 1);
    EXPECT_TRUE(dock->rowText(0).startsWith(QStringLiteral("virtual fixture — simulated")))
        << dock->rowText(0).toStdString();
    source->plug(fixture("FX-0001"));
    ASSERT_TRUE(rowsBecome(2));
    EXPECT_TRUE(dock->rowText(0).contains(QStringLiteral("simulated")));
    EXPECT_EQ(dock->table().item(1, 0)->text(), QStringLiteral("FX-0001"));
}

TEST_F(DevicesDockTest, AFixturePluggedInGetsARowAndIsAnnouncedOnce) {
    open();
    QSignalSpy arrived(dock.get(), &ui::DevicesDock::fixtureArrived);
    QSignalSpy left(dock.get(), &ui::DevicesDock::fixtureLeft);
    source->plug(fixture("FX-0001"));
    ASSERT_TRUE(rowsBecome(2));
    const QString row = dock->rowText(1);
    EXPECT_TRUE(row.contains(QStringLiteral("FX-0001"))) << row.toStdString();
    EXPECT_TRUE(row.contains(QStringLiteral("high speed"))) << row.toStdString();
    EXPECT_TRUE(row.contains(QStringLiteral("| 1.2 |"))) << row.toStdString();  // firmware
    EXPECT_TRUE(row.contains(QStringLiteral("irq, capture"))) << row.toStdString();
    EXPECT_TRUE(row.endsWith(QStringLiteral("ready"))) << row.toStdString();
    // Several more polls with nothing new: still announced once.
    dock->refresh();
    QTest::qWait(3 * ui::DevicesDock::kPollMs);
    ASSERT_EQ(arrived.count(), 1);
    EXPECT_EQ(arrived.at(0).at(0).toString(), QStringLiteral("FX-0001"));
    EXPECT_EQ(left.count(), 0);
}

TEST_F(DevicesDockTest, AFixtureUnpluggedLosesItsRowAndIsAnnounced) {
    source->plug(fixture("FX-0001"));
    source->plug(fixture("FX-0002"));
    open();
    ASSERT_EQ(rows(), 3);  // already there when the panel opened
    QSignalSpy arrived(dock.get(), &ui::DevicesDock::fixtureArrived);
    QSignalSpy left(dock.get(), &ui::DevicesDock::fixtureLeft);
    source->unplug("FX-0001");
    ASSERT_TRUE(rowsBecome(2));
    ASSERT_TRUE(waitUntil([&] { return left.count() == 1; }));
    EXPECT_EQ(left.at(0).at(0).toString(), QStringLiteral("FX-0001"));
    EXPECT_EQ(rowOf(QStringLiteral("FX-0001")), -1);
    EXPECT_EQ(rowOf(QStringLiteral("FX-0002")), 1);
    EXPECT_EQ(arrived.count(), 0);
}

TEST_F(DevicesDockTest, AFixtureWithAProblemShowsItAndCannotBeChosen) {
    open();
    QSignalSpy chosen(dock.get(), &ui::DevicesDock::fixtureChosen);
    QSignalSpy arrived(dock.get(), &ui::DevicesDock::fixtureArrived);
    source->plug(forbidden());
    ASSERT_TRUE(rowsBecome(2));
    EXPECT_TRUE(dock->rowText(1).contains(QStringLiteral("no permission")))
        << dock->rowText(1).toStdString();
    ASSERT_TRUE(waitUntil([&] { return arrived.count() == 1; }));
    EXPECT_EQ(arrived.at(0).at(0).toString(), QStringLiteral("bus 2 port 1"));  // no serial
    dock->table().setFocus();
    dock->table().selectRow(1);
    EXPECT_FALSE(dock->useButton().isEnabled());
    QTest::keyClick(&dock->table(), Qt::Key_Return);
    EXPECT_EQ(chosen.count(), 0);
}

TEST_F(DevicesDockTest, EnterDoubleClickAndUseChooseTheSelectedFixture) {
    source->plug(fixture("FX-0001"));
    open();
    QSignalSpy chosen(dock.get(), &ui::DevicesDock::fixtureChosen);
    QTableWidget& table = dock->table();
    table.setFocus();

    table.selectRow(1);
    QTest::keyClick(&table, Qt::Key_Return);
    ASSERT_EQ(chosen.count(), 1);
    EXPECT_EQ(chosen.at(0).at(0).toString(), QStringLiteral("FX-0001"));

    const QPoint virtual_row = table.visualRect(table.model()->index(0, 0)).center();
    // As a mouse delivers it: a click, then the second press as a double-click (Qt Test's
    // mouseDClick sends only the latter to a widget).
    QTest::mouseClick(table.viewport(), Qt::LeftButton, {}, virtual_row);
    QTest::mouseDClick(table.viewport(), Qt::LeftButton, {}, virtual_row);
    ASSERT_EQ(chosen.count(), 2);
    EXPECT_TRUE(chosen.at(1).at(0).toString().isEmpty());  // the virtual fixture

    table.selectRow(1);
    ASSERT_TRUE(dock->useButton().isEnabled());
    QTest::mouseClick(&dock->useButton(), Qt::LeftButton);
    ASSERT_EQ(chosen.count(), 3);
    EXPECT_EQ(chosen.at(2).at(0).toString(), QStringLiteral("FX-0001"));
}

TEST_F(DevicesDockTest, TheUseButtonIsReachedWithTabAndPressedWithEnter) {
    source->plug(fixture("FX-0001"));
    open();
    QSignalSpy chosen(dock.get(), &ui::DevicesDock::fixtureChosen);
    dock->activateWindow();
    dock->setFocus();
    ASSERT_TRUE(waitUntil([&] { return dock->table().hasFocus(); }));
    QTest::keyClick(&dock->table(), Qt::Key_Down);  // from the virtual row to the fixture
    QTest::keyClick(&dock->table(), Qt::Key_Tab);
    ASSERT_TRUE(waitUntil([&] { return dock->useButton().hasFocus(); }));
    QTest::keyClick(&dock->useButton(), Qt::Key_Return);
    ASSERT_EQ(chosen.count(), 1);
    EXPECT_EQ(chosen.at(0).at(0).toString(), QStringLiteral("FX-0001"));
}

TEST_F(DevicesDockTest, TheSelectionStaysOnItsFixtureWhenAnotherArrives) {
    source->plug(fixture("FX-0002"));
    open();
    dock->table().selectRow(1);
    source->plug(fixture("FX-0001"));
    ASSERT_TRUE(rowsBecome(3));
    EXPECT_EQ(dock->table().item(dock->table().currentRow(), 0)->text(), QStringLiteral("FX-0002"));
}

TEST_F(DevicesDockTest, TheFixtureInUseIsMarked) {
    source->plug(fixture("FX-0001"));
    open();
    EXPECT_TRUE(dock->rowText(0).endsWith(QStringLiteral("in use")));  // the virtual fixture
    dock->showCurrent(QStringLiteral("FX-0001"));
    EXPECT_TRUE(dock->rowText(1).endsWith(QStringLiteral("in use")))
        << dock->rowText(1).toStdString();
    EXPECT_TRUE(dock->rowText(0).endsWith(QStringLiteral("ready")));
    auto* current = dock->findChild<QLabel*>(QStringLiteral("devicesCurrent"));
    ASSERT_NE(current, nullptr);
    EXPECT_TRUE(current->text().contains(QStringLiteral("FX-0001")));
    source->unplug("FX-0001");
    ASSERT_TRUE(rowsBecome(1));
    EXPECT_TRUE(current->text().contains(QStringLiteral("not plugged in")))
        << current->text().toStdString();
}

TEST_F(DevicesDockTest, NoUsbAtAllIsSaidAndTheVirtualFixtureStays) {
    open();
    source->fail("libusb: Other error");
    auto* hint = dock->findChild<QLabel*>(QStringLiteral("devicesHint"));
    ASSERT_NE(hint, nullptr);
    ASSERT_TRUE(waitUntil([&] { return hint->text().contains(QStringLiteral("Other error")); }));
    EXPECT_EQ(rows(), 1);
}

}  // namespace

namespace {

driver::FoundParallelPort port(driver::ParallelPortAccess access, const std::string& problem) {
    driver::FoundParallelPort found;
    found.port = "parport0";
    found.access = access;
    found.device =
        access == driver::ParallelPortAccess::Ppdev ? "/dev/parport0" : "/dev/isrbench-parport0";
    found.irq = 7;
    found.base = "0x378";
    found.modes = "PCSPP,TRISTATE";
    found.problem = problem;
    return found;
}

// A machine with one parallel port: ppdev usable, the module not loaded.
TEST(DevicesDockPorts, EachWayToAPortIsARowAndOnlyAUsableOneCanBeChosen) {
    driver::ParallelPortScan scan;
    scan.ports = {port(driver::ParallelPortAccess::Ppdev, ""),
                  port(driver::ParallelPortAccess::KernelModule,
                       "no /dev/isrbench-parport0: the isrbench_parport module is not loaded")};
    ui::DevicesDock dock({}, [scan] { return scan; });
    dock.resize(900, 300);
    dock.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&dock));
    ASSERT_EQ(dock.table().rowCount(), 3);  // the virtual fixture, then the two ways
    EXPECT_EQ(dock.rowText(1).toStdString(),
              "parport0 via ppdev | irq 7, 0x378 | — | PCSPP,TRISTATE | ready");
    EXPECT_TRUE(dock.rowText(2).startsWith(QStringLiteral("parport0 via kernel module")));
    EXPECT_TRUE(dock.rowText(2).contains(QStringLiteral("module is not loaded")));

    QSignalSpy chosen(&dock, &ui::DevicesDock::portChosen);
    QSignalSpy fixtures(&dock, &ui::DevicesDock::fixtureChosen);
    dock.table().setFocus();
    dock.table().selectRow(2);
    EXPECT_FALSE(dock.useButton().isEnabled());
    QTest::keyClick(&dock.table(), Qt::Key_Return);
    EXPECT_EQ(chosen.count(), 0);
    dock.table().selectRow(1);
    QTest::keyClick(&dock.table(), Qt::Key_Return);
    ASSERT_EQ(chosen.count(), 1);
    EXPECT_EQ(chosen.at(0).at(0).toString(), QStringLiteral("/dev/parport0"));
    EXPECT_EQ(chosen.at(0).at(1).toString(), QStringLiteral("ppdev"));
    EXPECT_EQ(fixtures.count(), 0);

    // The session on it holds the port, so the scan says busy: the row is marked in use anyway.
    dock.showCurrent(QStringLiteral("/dev/parport0"), QStringLiteral("ppdev /dev/parport0"));
    EXPECT_TRUE(dock.rowText(1).endsWith(QStringLiteral("in use")))
        << dock.rowText(1).toStdString();
    auto* current = dock.findChild<QLabel*>(QStringLiteral("devicesCurrent"));
    ASSERT_NE(current, nullptr);
    EXPECT_EQ(current->text(), QStringLiteral("Live session on: ppdev /dev/parport0"));
}

// Loading the module (or joining group lp) is seen without reopening the panel.
TEST(DevicesDockPorts, APortThatBecomesUsableIsRescanned) {
    auto scan = std::make_shared<driver::ParallelPortScan>();
    scan->ports = {port(driver::ParallelPortAccess::KernelModule, "module not loaded")};
    ui::DevicesDock dock({}, [scan] { return *scan; });
    dock.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&dock));
    ASSERT_TRUE(dock.rowText(1).contains(QStringLiteral("module not loaded")));
    scan->ports = {port(driver::ParallelPortAccess::KernelModule, "")};
    ASSERT_TRUE(waitUntil([&] { return dock.rowText(1).endsWith(QStringLiteral("ready")); }))
        << dock.rowText(1).toStdString();
}

}  // namespace
