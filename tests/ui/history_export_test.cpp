// The history and export panels: runs of the SQLite history judged against a chosen baseline and
// compared side by side as `isrbench history --compare` does, and an export that is
// `isrbench run` itself, its report files and its history entry.
#include <gtest/gtest.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

#include "export_dock.h"
#include "history_dock.h"
#include "measured_results.h"
#include "result_json.h"
#include "run_history.h"
#include "window_fixture.h"

namespace {

// clang 14's ThreadSanitizer aborts in its fork hook when Qt 6.4's QProcess starts a child with
// clone() (tsan_rtl.cpp:234, SlotAttachAndLock): the tests that start a process run in the default
// and asan trees, and are skipped, visibly, in the tsan tree.
#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define ISR_SKIP_UNDER_TSAN GTEST_SKIP() << "QProcess cannot start a child under clang 14's TSan"
#endif
#endif
#ifndef ISR_SKIP_UNDER_TSAN
#define ISR_SKIP_UNDER_TSAN static_cast<void>(0)
#endif

using uitest::openWindow;
using uitest::waitUntil;

std::int64_t record(archive::RunHistory& history, const engine::RunResult& result,
                    const std::string& json, bool finish = true) {
    std::vector<engine::Phase> phases;
    for (const engine::PhaseWindow& window : result.phases) {
        phases.push_back(window.phase);
    }
    const std::int64_t id = history.beginRun(result.meta, phases);
    if (finish) {
        history.finishRun(id, archive::finishedRunOf(result, 0, "", json));
    }
    return id;
}

QString cellText(QTableWidget& table, int row, int column) {
    const QTableWidgetItem* item = table.item(row, column);
    return item == nullptr ? QString() : item->text();
}

TEST(HistoryPanel, JudgesEveryRunAgainstTheChosenBaselineAndComparesTwoSideBySide) {
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("history.sqlite"));
    const engine::RunResult result = test_support::shortMeasuredRun();
    const std::string json = report::resultToJson(result);
    std::int64_t base = 0;
    std::int64_t same = 0;
    std::int64_t slower = 0;
    std::int64_t running = 0;
    {
        archive::RunHistory history(file.toStdString());
        base = record(history, result, json);
        same = record(history, result, json);
        slower = record(history, result, test_support::shiftedLatencies(json, 20'000'000));
        running = record(history, result, json, false);
    }
    ui::WindowOptions options;
    options.history_file = file;
    auto window = openWindow(options);
    ui::HistoryDock& panel = window->historyDock();
    panel.reload();
    QTableWidget& runs = panel.runsTable();
    ASSERT_EQ(runs.rowCount(), 4) << panel.statusText().toStdString();
    EXPECT_TRUE(cellText(runs, panel.rowOf(base), ui::HistoryDock::Source).contains("simulated"));

    panel.setBaseline(base);
    const auto against = [&](std::int64_t id) {
        return cellText(runs, panel.rowOf(id), ui::HistoryDock::AgainstBaseline);
    };
    EXPECT_EQ(against(base), QStringLiteral("baseline"));
    EXPECT_EQ(against(same), QStringLiteral("PASS"));
    EXPECT_EQ(against(slower), QStringLiteral("REGRESSION"));
    EXPECT_EQ(against(running), QStringLiteral("not comparable"));

    // Two selected runs: the later against the earlier, with the rows that regressed marked.
    panel.selectRuns({slower, base});
    const QString verdict = panel.compareRuns(base, slower);
    EXPECT_EQ(verdict, QStringLiteral("REGRESSION"));
    EXPECT_TRUE(panel.comparisonText().contains(QStringLiteral("p50 ")))
        << panel.comparisonText().toStdString();
    QTableWidget& rows = panel.comparisonTable();
    int regressed = 0;
    for (int r = 0; r < rows.rowCount(); ++r) {
        regressed += cellText(rows, r, 5) == QStringLiteral("REGRESSED") ? 1 : 0;
    }
    EXPECT_GT(regressed, 0);
    EXPECT_EQ(panel.compareRuns(base, same), QStringLiteral("PASS"));
    EXPECT_TRUE(panel.compareRuns(base, running).contains(QStringLiteral("has no result yet")));
}

TEST(HistoryPanel, AHistoryNeverWrittenIsSaidNotFailed) {
    QTemporaryDir dir;
    ui::WindowOptions options;
    options.history_file = dir.filePath(QStringLiteral("none.sqlite"));
    auto window = openWindow(options);
    window->historyDock().reload();
    EXPECT_EQ(window->historyDock().runsTable().rowCount(), 0);
    EXPECT_TRUE(
        window->historyDock().statusText().contains(QStringLiteral("No runs recorded yet")));
    EXPECT_FALSE(QFileInfo::exists(options.history_file));  // a reader creates nothing
}

TEST(ExportPanel, RunsIsrbenchRunAndTheReportAndHistoryEntryAppear) {
    ISR_SKIP_UNDER_TSAN;
    QTemporaryDir dir;
    ui::WindowOptions options;
    options.history_file = dir.filePath(QStringLiteral("history.sqlite"));
    options.program = QStringLiteral(ISRBENCH_EXECUTABLE);
    auto window = openWindow(options);
    ui::ExportDock& panel = window->exportDock();
    const QString out = dir.filePath(QStringLiteral("report"));
    const QStringList args = panel.arguments(out);
    EXPECT_TRUE(args.contains(QStringLiteral("backend.bus=ideal"))) << args.join(' ').toStdString();
    EXPECT_TRUE(args.contains(options.history_file));

    ASSERT_TRUE(panel.start(out));
    EXPECT_FALSE(panel.start(out));  // one at a time
    // The default scenario lasts 3.5 s; generous for a sanitizer build.
    ASSERT_TRUE(waitUntil([&] { return !panel.running(); }, 120'000))
        << panel.output().toStdString();
    EXPECT_TRUE(panel.statusText().startsWith(QStringLiteral("Done (pass)")))
        << panel.statusText().toStdString() << '\n'
        << panel.output().toStdString();
    for (const char* name : {"result.json", "samples.csv", "report.html"}) {
        EXPECT_TRUE(QFileInfo::exists(QDir(out).filePath(QLatin1String(name)))) << name;
    }
    EXPECT_TRUE(panel.output().contains(QStringLiteral("verdict: PASS")))
        << panel.output().toStdString();
    EXPECT_EQ(window->historyDock().runsTable().rowCount(), 1);  // reloaded when it finished
    EXPECT_TRUE(window->toast().text().contains(QStringLiteral("Export pass")));
}

TEST(ExportPanel, APlayedScenarioFileIsWhatGetsExported) {
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("short.json"));
    QFile scenario(file);
    ASSERT_TRUE(scenario.open(QIODevice::WriteOnly));
    scenario.write(R"({"name":"short","duration_ms":400,"stimulus":{"rate_hz":2000},
        "backend":{"bus":"fixed:250us"},"isrs":[{"isr":"responder","context":1}],
        "timeline":[{"at_ms":0,"step":"connect"}]})");
    scenario.close();
    auto window = openWindow();
    ASSERT_EQ(window->playScenario(file).toStdString(), "");
    const QStringList args = window->exportDock().arguments(QStringLiteral("/tmp/x"));
    const qsizetype at = args.indexOf(QStringLiteral("--scenario"));
    ASSERT_GE(at, 0) << args.join(' ').toStdString();
    EXPECT_EQ(args.value(at + 1), file);
    EXPECT_TRUE(args.contains(QStringLiteral("backend.bus=fixed:250us")))
        << args.join(' ').toStdString();
    window->player().stop();
}

TEST(ExportPanel, AProgramThatCannotStartIsToldInThePanel) {
    ISR_SKIP_UNDER_TSAN;
    ui::ExportDock panel(QStringLiteral("/nonexistent/isrbench"));
    ASSERT_TRUE(panel.start(QStringLiteral("/tmp/never")));
    ASSERT_TRUE(waitUntil([&] { return !panel.running(); }, 10'000));
    ASSERT_TRUE(
        waitUntil([&] { return panel.statusText().contains("could not be started"); }, 5'000))
        << panel.statusText().toStdString();
}

}  // namespace
