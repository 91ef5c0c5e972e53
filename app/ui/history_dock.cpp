#include "history_dock.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QSplitter>
#include <QVBoxLayout>
#include <algorithm>
#include <filesystem>

#include "archive_error.h"
#include "run_comparison.h"
#include "run_history.h"
#include "state_palette.h"

namespace ui {
namespace {

QString micros(double ns) {
    return QString::number(ns / 1000.0, 'f', 1);
}

QString microsOrDash(const std::optional<std::int64_t>& ns) {
    return ns ? micros(static_cast<double>(*ns)) : QStringLiteral("-");
}

QTableWidgetItem* cell(const QString& text, bool number = false) {
    auto* item = new QTableWidgetItem(text);
    item->setFlags(Qt::ItemIsSelectable | Qt::ItemIsEnabled);
    if (number) {
        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    }
    return item;
}

// A verdict other than a pass is told in the violation colour, and in words, never by colour
// alone.
void toneVerdict(QTableWidgetItem& item) {
    const QString text = item.text();
    if (!text.isEmpty() && text != QStringLiteral("PASS") && text != QStringLiteral("-") &&
        text != QStringLiteral("baseline")) {
        item.setForeground(charts::hudColour(charts::hud::kViolation));
    }
}

QTableWidget* newTable(const QStringList& headers, const char* name) {
    auto* table = new QTableWidget(0, static_cast<int>(headers.size()));
    table->setObjectName(QString::fromLatin1(name));
    table->setHorizontalHeaderLabels(headers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->verticalHeader()->hide();
    table->verticalHeader()->setDefaultSectionSize(22);
    table->horizontalHeader()->setStretchLastSection(true);
    table->setWordWrap(false);
    table->setMinimumHeight(48);  // the bottom docks share a small screen with the charts
    return table;
}

}  // namespace

HistoryDock::HistoryDock(QString history_file, QWidget* parent)
    : QDockWidget(QStringLiteral("History"), parent), history_file_(std::move(history_file)) {
    setObjectName(QStringLiteral("historyDock"));
    auto* body = new QWidget;
    auto* layout = new QVBoxLayout(body);
    layout->setContentsMargins(6, 6, 6, 6);

    auto* buttons = new QHBoxLayout;
    auto* refresh = new QPushButton(QStringLiteral("Refresh"));
    baseline_button_ = new QPushButton(QStringLiteral("Use as baseline"));
    compare_button_ = new QPushButton(QStringLiteral("Compare two"));
    baseline_button_->setToolTip(QStringLiteral("Judge every run against the selected one"));
    compare_button_->setToolTip(
        QStringLiteral("The later of two selected runs against the earlier, phase by phase"));
    status_ = new QLabel;
    status_->setObjectName(QStringLiteral("historyStatus"));
    buttons->addWidget(refresh);
    buttons->addWidget(baseline_button_);
    buttons->addWidget(compare_button_);
    buttons->addWidget(status_, 1);
    layout->addLayout(buttons);

    runs_ = newTable({"ID", "Started", "Scenario", "Source", "State", "Duration", "Stimuli",
                      "P50 µs", "P99 µs", "Verdict", "vs baseline"},
                     "historyRuns");
    runs_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    comparison_title_ = new QLabel(QStringLiteral("Select two runs and press Compare two."));
    comparison_title_->setObjectName(QStringLiteral("comparisonTitle"));
    comparison_title_->setWordWrap(true);
    comparison_ =
        newTable({"Phase", "Metric", "Baseline run", "This run", "Change (limit)", "Verdict"},
                 "historyComparison");
    comparison_->setSelectionMode(QAbstractItemView::NoSelection);
    // The runs and the comparison side by side, so that the panel stays as low as its neighbours.
    auto* compared = new QWidget;
    auto* compared_layout = new QVBoxLayout(compared);
    compared_layout->setContentsMargins(0, 0, 0, 0);
    compared_layout->addWidget(comparison_title_);
    compared_layout->addWidget(comparison_, 1);
    auto* split = new QSplitter(Qt::Horizontal);
    split->addWidget(runs_);
    split->addWidget(compared);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    layout->addWidget(split, 1);
    setWidget(body);

    connect(refresh, &QPushButton::clicked, this, &HistoryDock::reload);
    connect(baseline_button_, &QPushButton::clicked, this, &HistoryDock::useSelectionAsBaseline);
    connect(compare_button_, &QPushButton::clicked, this, &HistoryDock::compareSelection);
    connect(this, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (visible) {
            reload();
        }
    });
}

void HistoryDock::reload() {
    const std::string path = history_file_.toStdString();
    std::error_code error;
    if (!std::filesystem::exists(path, error)) {
        runs_->setRowCount(0);
        status_->setText(
            QStringLiteral("No runs recorded yet (no history at %1).").arg(history_file_));
        return;
    }
    std::optional<archive::RunHistory> history;
    std::vector<archive::RunSummary> runs;
    std::optional<archive::StoredRun> baseline;
    try {
        history.emplace(path, archive::OpenMode::ExistingOnly);
        runs = history->list(kRunsShown);
        if (baseline_) {
            baseline = history->find(*baseline_);  // read once, judged against by every row
        }
    } catch (const archive::ArchiveError& failure) {
        status_->setText(QStringLiteral("The history cannot be read: %1")
                             .arg(QString::fromStdString(failure.what())));
        return;
    }
    runs_->setRowCount(static_cast<int>(runs.size()));
    for (int row = 0; row < static_cast<int>(runs.size()); ++row) {
        const archive::RunSummary& run = runs[static_cast<std::size_t>(row)];
        const QString source = QString::fromStdString(run.source_label) +
                               (run.simulated ? QStringLiteral(" (simulated)") : QString());
        runs_->setItem(row, Id, cell(QString::number(run.id), true));
        runs_->setItem(row, Started,
                       cell(QDateTime::fromMSecsSinceEpoch(run.started_unix_ms)
                                .toString(QStringLiteral("yyyy-MM-dd hh:mm:ss"))));
        runs_->setItem(row, Scenario, cell(QString::fromStdString(run.scenario_name)));
        runs_->setItem(row, Source, cell(source));
        runs_->setItem(row, State,
                       cell(QString::fromUtf8(
                           archive::runStateName(run.state).data(),
                           static_cast<qsizetype>(archive::runStateName(run.state).size()))));
        runs_->setItem(row, Duration,
                       cell(QString::number(static_cast<double>(run.duration_ms) / 1000.0, 'f', 1) +
                                QStringLiteral(" s"),
                            true));
        runs_->setItem(row, Stimuli, cell(QString::number(run.stimuli), true));
        runs_->setItem(row, P50, cell(microsOrDash(run.p50_ns), true));
        runs_->setItem(row, P99, cell(microsOrDash(run.p99_ns), true));
        auto* verdict =
            cell(run.verdict.empty() ? QStringLiteral("-") : QString::fromStdString(run.verdict));
        toneVerdict(*verdict);
        runs_->setItem(row, Verdict, verdict);
        auto* against = cell(verdictAgainstBaseline(*history, baseline, run.id));
        toneVerdict(*against);
        runs_->setItem(row, AgainstBaseline, against);
    }
    runs_->resizeColumnsToContents();
    status_->setText(
        QStringLiteral("%1 runs in %2%3")
            .arg(runs.size())
            .arg(history_file_)
            .arg(baseline_ ? QStringLiteral(" · baseline: run %1").arg(*baseline_) : QString()));
}

// Each run is read whole only when there is a baseline to judge it against.
QString HistoryDock::verdictAgainstBaseline(const archive::RunHistory& history,
                                            const std::optional<archive::StoredRun>& baseline,
                                            std::int64_t run_id) const {
    if (!baseline_) {
        return QStringLiteral("-");
    }
    if (run_id == *baseline_) {
        return QStringLiteral("baseline");
    }
    try {
        const auto current = history.find(run_id);
        if (!current || !baseline) {
            return QStringLiteral("baseline run %1 is gone").arg(*baseline_);
        }
        const report::StoredRunComparison judged = report::compareStoredRuns(*current, *baseline);
        return judged.compared
                   ? QString::fromUtf8(engine::verdictName(judged.comparison.verdict).data())
                   : QStringLiteral("not comparable");
    } catch (const archive::ArchiveError&) {
        return QStringLiteral("unreadable");
    }
}

void HistoryDock::setBaseline(std::optional<std::int64_t> run_id) {
    baseline_ = run_id;
    reload();
}

std::vector<std::int64_t> HistoryDock::selectedRuns() const {
    std::vector<std::int64_t> ids;
    for (const QModelIndex& index : runs_->selectionModel()->selectedRows(Id)) {
        ids.push_back(index.data().toLongLong());
    }
    std::sort(ids.begin(), ids.end());
    return ids;
}

void HistoryDock::selectRuns(const std::vector<std::int64_t>& run_ids) {
    runs_->clearSelection();
    for (const std::int64_t id : run_ids) {
        if (const int row = rowOf(id); row >= 0) {
            runs_->selectionModel()->select(
                runs_->model()->index(row, 0),
                QItemSelectionModel::Select | QItemSelectionModel::Rows);
        }
    }
}

int HistoryDock::rowOf(std::int64_t run_id) const {
    for (int row = 0; row < runs_->rowCount(); ++row) {
        if (runs_->item(row, Id) != nullptr &&
            runs_->item(row, Id)->text().toLongLong() == run_id) {
            return row;
        }
    }
    return -1;
}

void HistoryDock::useSelectionAsBaseline() {
    const std::vector<std::int64_t> ids = selectedRuns();
    if (ids.size() != 1) {
        status_->setText(QStringLiteral("Select one run to use as the baseline."));
        return;
    }
    setBaseline(ids.front());
}

void HistoryDock::compareSelection() {
    const std::vector<std::int64_t> ids = selectedRuns();
    if (ids.size() != 2) {
        comparison_title_->setText(QStringLiteral("Select exactly two runs to compare."));
        return;
    }
    compareRuns(ids[0], ids[1]);
}

QString HistoryDock::compareRuns(std::int64_t baseline_id, std::int64_t current_id) {
    comparison_->setRowCount(0);
    std::optional<archive::StoredRun> current;
    std::optional<archive::StoredRun> baseline;
    try {
        const archive::RunHistory history(history_file_.toStdString(),
                                          archive::OpenMode::ExistingOnly);
        current = history.find(current_id);
        baseline = history.find(baseline_id);
    } catch (const archive::ArchiveError& failure) {
        comparison_title_->setText(QString::fromStdString(failure.what()));
        return comparison_title_->text();
    }
    if (!current || !baseline) {
        comparison_title_->setText(QStringLiteral("Run %1 is not in the history.")
                                       .arg(current ? baseline_id : current_id));
        return comparison_title_->text();
    }
    const report::StoredRunComparison judged = report::compareStoredRuns(*current, *baseline);
    if (!judged.compared) {
        comparison_title_->setText(
            QStringLiteral("Cannot compare: %1").arg(QString::fromStdString(judged.error)));
        return comparison_title_->text();
    }
    const QString verdict =
        QString::fromUtf8(engine::verdictName(judged.comparison.verdict).data());
    QStringList reasons;
    for (const std::string& reason : judged.comparison.reasons) {
        reasons << QString::fromStdString(reason);
    }
    comparison_title_->setText(
        QStringLiteral("Run %1 against run %2: %3%4")
            .arg(current_id)
            .arg(baseline_id)
            .arg(verdict)
            .arg(reasons.isEmpty() ? QString()
                                   : QStringLiteral(" — ") + reasons.join(QStringLiteral("; "))));
    const auto& rows = judged.comparison.rows;
    comparison_->setRowCount(static_cast<int>(rows.size()));
    for (int r = 0; r < static_cast<int>(rows.size()); ++r) {
        const engine::ComparisonRow& row = rows[static_cast<std::size_t>(r)];
        const auto figure = [&row](double value) {
            return row.isLatency() ? micros(value) + QStringLiteral(" µs")
                                   : QString::number(static_cast<qint64>(value));
        };
        comparison_->setItem(r, 0, cell(QString::fromStdString(row.phase)));
        comparison_->setItem(r, 1, cell(QString::fromStdString(row.metric)));
        comparison_->setItem(r, 2, cell(figure(row.baseline), true));
        comparison_->setItem(r, 3, cell(figure(row.current), true));
        comparison_->setItem(r, 4, cell(QString::fromStdString(report::changeText(row)), true));
        auto* judged_cell = cell(QString::fromStdString(report::judgementText(row)));
        if (row.regressed) {
            judged_cell->setForeground(charts::hudColour(charts::hud::kViolation));
        }
        comparison_->setItem(r, 5, judged_cell);
    }
    comparison_->resizeColumnsToContents();
    return verdict;
}

}  // namespace ui
