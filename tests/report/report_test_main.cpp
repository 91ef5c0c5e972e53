// The report suite's main: Qt Charts are QGraphicsWidgets and need a QApplication, made here on
// the offscreen platform so that every chart renders with no display, as in CI and under
// `isrbench run` on a headless machine.
#include <gtest/gtest.h>

#include <QApplication>

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication application(argc, argv);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
