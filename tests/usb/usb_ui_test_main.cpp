// The window on an emulated USB fixture: umockdev's preload in place (preload.h), then an
// offscreen QApplication made before any widget (as the window suite's main).
#include <gtest/gtest.h>

#include <QApplication>

#include "gui_launch.h"
#include "offscreen_environment.h"
#include "preload.h"

int main(int argc, char** argv) {
    usbtest::runUnderUmockdevPreload(argv);
    uitest::prepareOffscreenEnvironment(QStringLiteral("isrbench-usb-ui-tests"));
    QApplication application(argc, argv);
    ui::quietOffscreenPlatform();
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
