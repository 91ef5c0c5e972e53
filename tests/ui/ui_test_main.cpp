// The window suite's main: an offscreen QApplication (no display needed, as in CI), made before
// any widget, with Qt's runtime-directory fallback named so that it does not warn.
#include <gtest/gtest.h>
#include <unistd.h>

#include <QApplication>
#include <QDir>

#include "gui_launch.h"

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    if (qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR")) {
        qputenv("XDG_RUNTIME_DIR", "/tmp/runtime-" + QByteArray::number(getuid()));
    }
    // Never the technician's own run history: a file of this run's, created only if a test
    // writes it.
    qputenv("ISRBENCH_HISTORY",
            QDir::temp()
                .filePath(QStringLiteral("isrbench-ui-tests-%1/history.sqlite").arg(getpid()))
                .toLocal8Bit());
    QApplication application(argc, argv);
    ui::quietOffscreenPlatform();
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
