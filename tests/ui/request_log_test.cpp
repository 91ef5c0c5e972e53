// The request log panel: filterable over every column, and Ctrl+C copies the selected rows as
// tab-separated text with a header line.
#include <gtest/gtest.h>

#include <QApplication>
#include <QClipboard>

#include "request_log_dock.h"
#include "request_log_model.h"
#include "window_fixture.h"

namespace {

using uitest::openWindow;

TEST(RequestLog, TheFilterMatchesAnyColumn) {
    auto window = openWindow();
    for (const Qt::Key key : {Qt::Key_3, Qt::Key_1, Qt::Key_3, Qt::Key_4, Qt::Key_4}) {
        QTest::keyClick(window.get(), key);
    }
    ui::RequestLogDock& dock = window->requestLogDock();
    const int all = dock.visibleRows();
    EXPECT_EQ(all, 6);  // the session marker and five requests
    dock.setFilterText(QStringLiteral("invalid"));
    EXPECT_EQ(dock.visibleRows(), 2);  // case-insensitive
    dock.setFilterText(QStringLiteral("report_inactive"));
    EXPECT_EQ(dock.visibleRows(), 2);
    dock.setFilterText(QString());
    EXPECT_EQ(dock.visibleRows(), all);
}

TEST(RequestLog, CtrlCCopiesTheSelectedRowsAsText) {
    auto window = openWindow();
    QTest::keyClick(window.get(), Qt::Key_3);
    QTest::keyClick(window.get(), Qt::Key_1);
    ui::RequestLogDock& dock = window->requestLogDock();
    dock.setFilterText(QStringLiteral("STATUS_"));
    dock.table().setFocus();
    dock.table().selectAll();
    QApplication::clipboard()->clear();
    QTest::keyClick(&dock.table(), Qt::Key_C, Qt::ControlModifier);
    const QString copied = QApplication::clipboard()->text();
    const QStringList lines = copied.trimmed().split(QLatin1Char('\n'));
    ASSERT_EQ(lines.size(), 3) << copied.toStdString();
    EXPECT_EQ(lines[0], QStringLiteral("Time\tSession s\tRequest\tStatus\tInformation"));
    EXPECT_TRUE(
        lines[1].contains(QStringLiteral("\treport_inactive\tSTATUS_INVALID_PARAMETER\t0")));
    EXPECT_TRUE(lines[2].contains(QStringLiteral("\tconnect\tSTATUS_SUCCESS\t32")));
    EXPECT_EQ(copied, dock.selectedText());
}

TEST(RequestLog, ErrorStatusesAreTold) {
    EXPECT_TRUE(ui::isErrorStatus(QStringLiteral("STATUS_INVALID_PARAMETER")));
    EXPECT_TRUE(ui::isErrorStatus(QStringLiteral("no device (unplugged)")));
    EXPECT_FALSE(ui::isErrorStatus(QStringLiteral("STATUS_SUCCESS")));
    EXPECT_FALSE(ui::isErrorStatus(QStringLiteral("ok")));
    EXPECT_FALSE(ui::isErrorStatus(QStringLiteral("fixture attached")));
}

}  // namespace
