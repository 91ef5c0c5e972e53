// The history panel: the runs of the SQLite run history (the same file `isrbench run` writes),
// each judged against a baseline run the technician chooses, and two runs side by side with the
// comparison `isrbench history --compare` prints. Read on demand (Refresh, a finished export, the
// panel shown), never per frame.
#pragma once

#include <QDockWidget>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <cstdint>
#include <optional>
#include <vector>

#include "run_history.h"

namespace ui {

class HistoryDock : public QDockWidget {
    Q_OBJECT

public:
    static constexpr std::size_t kRunsShown = 200;
    enum Column {
        Id,
        Started,
        Scenario,
        Source,
        State,
        Duration,
        Stimuli,
        P50,
        P99,
        Verdict,
        AgainstBaseline,
        ColumnCount
    };

    explicit HistoryDock(QString history_file, QWidget* parent = nullptr);

    // Re-reads the history. A history never written is not an error: the panel says so.
    void reload();
    // The run every other is judged against ("vs baseline" column); nullopt: none.
    void setBaseline(std::optional<std::int64_t> run_id);
    std::optional<std::int64_t> baseline() const { return baseline_; }
    // The later of two runs against the earlier, phase by phase, in the lower table. Returns the
    // verdict ("PASS", "REGRESSION", ...) or why they could not be compared.
    QString compareRuns(std::int64_t baseline_id, std::int64_t current_id);
    void selectRuns(const std::vector<std::int64_t>& run_ids);

    const QString& historyFile() const { return history_file_; }
    QTableWidget& runsTable() { return *runs_; }
    QTableWidget& comparisonTable() { return *comparison_; }
    QString statusText() const { return status_->text(); }
    QString comparisonText() const { return comparison_title_->text(); }
    int rowOf(std::int64_t run_id) const;  // -1: not listed

private:
    void useSelectionAsBaseline();
    void compareSelection();
    std::vector<std::int64_t> selectedRuns() const;
    QString verdictAgainstBaseline(const archive::RunHistory& history,
                                   const std::optional<archive::StoredRun>& baseline,
                                   std::int64_t run_id) const;

    QString history_file_;
    std::optional<std::int64_t> baseline_;
    QLabel* status_;
    QTableWidget* runs_;
    QLabel* comparison_title_;
    QTableWidget* comparison_;
    QPushButton* baseline_button_;
    QPushButton* compare_button_;
};

}  // namespace ui
