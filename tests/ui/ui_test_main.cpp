// The window suite's main: an offscreen QApplication made before any widget.
#include <gtest/gtest.h>

#include <QApplication>

#include "gui_launch.h"
#include "offscreen_environment.h"

int main(int argc, char** argv) {
    uitest::prepareOffscreenEnvironment(QStringLiteral("isrbench-ui-tests"));
    QApplication application(argc, argv);
    ui::quietOffscreenPlatform();
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
