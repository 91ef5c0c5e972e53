// The life-cycle controls: clicking each button and pressing each hotkey sends the request it
// names, whatever the state, and the log shows the contract's answer (error rows included: a
// button is never disabled to hide one). Every action is in a menu with a shortcut.
#include <gtest/gtest.h>

#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <functional>
#include <set>

#include "bench_actions.h"
#include "control_panel.h"
#include "session_controller.h"
#include "window_fixture.h"

namespace {

using engine::PortState;
using uitest::newestLogRow;
using uitest::openWindow;

// One step of the walk through the contract's rows: the control, what it must send, the answer.
struct Step {
    const char* button;
    Qt::Key key;
    const char* request;
    const char* status;
    PortState state_after;
};

// From nothing connected: the error rows first, then the whole life cycle, then an error again.
const std::vector<Step> kWalk{
    {"deactivateButton", Qt::Key_3, "report_inactive", "STATUS_INVALID_PARAMETER",
     PortState::Disconnected},
    {"disconnectButton", Qt::Key_4, "disconnect", "STATUS_INVALID_PARAMETER",
     PortState::Disconnected},
    {"activateButton", Qt::Key_2, "report_active", "STATUS_INVALID_PARAMETER",
     PortState::Disconnected},
    {"connectButton", Qt::Key_1, "connect", "STATUS_SUCCESS", PortState::Active},
    {"deactivateButton", Qt::Key_3, "report_inactive", "STATUS_SUCCESS", PortState::Inactive},
    {"activateButton", Qt::Key_2, "report_active", "STATUS_SUCCESS", PortState::Active},
    {"freePortButton", Qt::Key_5, "free_port", "STATUS_SUCCESS", PortState::Active},
    {"disconnectButton", Qt::Key_4, "disconnect", "STATUS_SUCCESS", PortState::Disconnected},
    {"disconnectButton", Qt::Key_4, "disconnect", "STATUS_INVALID_PARAMETER",
     PortState::Disconnected},
};

void walk(ui::MainWindow& window, const std::function<void(const Step&)>& press) {
    for (const Step& step : kWalk) {
        SCOPED_TRACE(std::string(step.button) + " → " + step.request);
        const int rows = uitest::logRows(window);
        press(step);
        EXPECT_EQ(uitest::logRows(window), rows + 1);
        const uitest::LogRow row = newestLogRow(window);
        EXPECT_EQ(row.request.toStdString(), step.request);
        EXPECT_EQ(row.status.toStdString(), step.status);
        window.refreshFrame();
        EXPECT_EQ(window.lastSnapshot().state, step.state_after);
        auto* answer = window.findChild<QLabel*>(QStringLiteral("lastRequest"));
        EXPECT_TRUE(answer->text().contains(QLatin1String(step.status)));
        EXPECT_EQ(answer->property("tone").toString(), std::string(step.status) == "STATUS_SUCCESS"
                                                           ? QStringLiteral("ok")
                                                           : QStringLiteral("alert"));
        for (QPushButton* button : window.controls().findChildren<QPushButton*>()) {
            EXPECT_TRUE(button->isEnabled()) << button->objectName().toStdString();
        }
    }
}

TEST(LifeCycleControls, EachButtonSendsItsRequestAndTheLogShowsTheContractsStatus) {
    auto window = openWindow();
    walk(*window, [&](const Step& step) {
        QTest::mouseClick(&window->controls().button(step.button), Qt::LeftButton);
    });
}

TEST(LifeCycleControls, EachHotkeySendsTheSameRequestAsItsButton) {
    auto window = openWindow();
    walk(*window, [&](const Step& step) { QTest::keyClick(window.get(), step.key); });
}

TEST(LifeCycleControls, ConnectAnswersWithTheDriversInformation) {
    auto window = openWindow();
    QTest::keyClick(window.get(), Qt::Key_1);
    EXPECT_EQ(newestLogRow(*window).information, QStringLiteral("32"));  // the info structure
}

TEST(LifeCycleControls, SpaceStartsAndStopsTheTrainAtTheSlidersRate) {
    auto window = openWindow();
    window->controls().setRateHz(250);
    QTest::keyClick(window.get(), Qt::Key_Space);
    EXPECT_EQ(newestLogRow(*window).request, QStringLiteral("start_stimulus"));
    EXPECT_EQ(newestLogRow(*window).status, QStringLiteral("ok"));
    EXPECT_EQ(newestLogRow(*window).information, QStringLiteral("251"));  // 10^2.4 Hz
    window->refreshFrame();
    EXPECT_TRUE(window->lastSnapshot().stimulus_running);
    EXPECT_TRUE(window->controls().button("stimulusButton").text().contains(QLatin1String("STOP")));
    QTest::mouseClick(&window->controls().button("stimulusButton"), Qt::LeftButton);
    EXPECT_EQ(newestLogRow(*window).request, QStringLiteral("stop_stimulus"));
    window->refreshFrame();
    EXPECT_FALSE(window->lastSnapshot().stimulus_running);
}

TEST(LifeCycleControls, TheRateHotkeysRestartARunningTrainAtTheNewRate) {
    auto window = openWindow();
    window->controls().setRateHz(1000);
    QTest::keyClick(window.get(), Qt::Key_Space);
    QTest::keyClick(window.get(), Qt::Key_Plus);
    EXPECT_NEAR(window->controls().rateHz(), 1258.9, 0.1);  // one step: 10^0.1
    // The slider settles before the train is restarted, not once per pixel of a drag.
    ASSERT_TRUE(uitest::waitUntil([&] { return window->lastSnapshot().rate_hz > 1200; }, 2000));
    EXPECT_EQ(newestLogRow(*window).information, QStringLiteral("1258"));
    QTest::keyClick(window.get(), Qt::Key_Minus);
    QTest::keyClick(window.get(), Qt::Key_Minus);
    EXPECT_NEAR(window->controls().rateHz(), 794.3, 0.1);
}

// Every menu entry, submenus included.
void collect(const QMenu& menu, std::set<const QAction*>& into) {
    for (const QAction* action : menu.actions()) {
        into.insert(action);
        if (action->menu() != nullptr) {
            collect(*action->menu(), into);
        }
    }
}

TEST(LifeCycleControls, EveryActionIsInAMenuAndHasItsOwnShortcut) {
    auto window = openWindow();
    std::set<const QAction*> in_menus;
    for (const QAction* top : window->menuBar()->actions()) {
        collect(*top->menu(), in_menus);
    }
    std::set<QString> shortcuts;
    for (const QAction* action : window->actions().all()) {
        SCOPED_TRACE(action->text().toStdString());
        EXPECT_TRUE(in_menus.count(action) != 0);
        EXPECT_FALSE(action->shortcut().isEmpty());
        EXPECT_TRUE(shortcuts.insert(action->shortcut().toString()).second) << "used twice";
    }
    EXPECT_GE(shortcuts.size(), 25u);
}

TEST(LifeCycleControls, TheButtonsWearTheirStatesColourAndGlyph) {
    auto window = openWindow();
    const ui::ControlPanel& controls = window->controls();
    EXPECT_EQ(controls.button("connectButton").property("role").toString(), "active");
    EXPECT_EQ(controls.button("deactivateButton").property("role").toString(), "inactive");
    EXPECT_EQ(controls.button("disconnectButton").property("role").toString(), "disconnected");
    EXPECT_TRUE(controls.button("deactivateButton").text().startsWith(QStringLiteral("▨")));
    EXPECT_TRUE(controls.button("disconnectButton").text().startsWith(QStringLiteral("▩")));
    EXPECT_TRUE(controls.button("connectButton").text().startsWith(QStringLiteral("■")));
}

}  // namespace
