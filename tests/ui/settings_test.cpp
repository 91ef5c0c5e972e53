// Settings persist with QSettings: geometry, dock layout, stimulus rate, bus model and faults.
#include <gtest/gtest.h>

#include <QDockWidget>
#include <QSettings>
#include <QTemporaryDir>

#include "bench_actions.h"
#include "control_panel.h"
#include "rate_scale.h"
#include "request_log_dock.h"
#include "session_controller.h"
#include "window_fixture.h"

namespace {

TEST(Settings, TheWindowRemembersLayoutRateAndFixture) {
    QTemporaryDir directory;
    ASSERT_TRUE(directory.isValid());
    ui::WindowOptions options;
    options.settings_file = directory.filePath(QStringLiteral("window.ini"));
    {
        auto window = uitest::openWindow(options);
        window->controls().setRateHz(250);
        QTest::keyClick(window.get(), Qt::Key_4, Qt::ControlModifier);  // fixed 250 µs bus
        QTest::keyClick(window.get(), Qt::Key_1, Qt::ControlModifier | Qt::AltModifier);
        window->resize(1100, 800);  // inside the offscreen screen, above the minimum (743 high)
        window->requestLogDock().hide();
        window->close();
    }
    auto window = uitest::openWindow(options);
    EXPECT_EQ(window->controls().rateHz(),
              ui::rate_scale::hertzAt(ui::rate_scale::positionOf(250)));
    EXPECT_EQ(window->controller().options().backend.bus, "fixed:250us");
    EXPECT_EQ(window->controller().options().backend.faults, "drop=0.01");
    EXPECT_FALSE(window->requestLogDock().isVisible());
    EXPECT_EQ(window->size(), QSize(1100, 800));
    // The first session opened on the remembered fixture: one marker row, no replaced session.
    EXPECT_EQ(window->requestLog().rowCount(), 1);
}

TEST(Settings, AWindowWithoutASettingsFileRemembersNothing) {
    auto window = uitest::openWindow();
    QTest::keyClick(window.get(), Qt::Key_4, Qt::ControlModifier);
    window->close();
    auto next = uitest::openWindow();
    EXPECT_EQ(next->controller().options().backend.bus, "ideal");
}

}  // namespace
