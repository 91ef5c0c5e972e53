// The export panel: the same report as `isrbench run` — result.json, samples.csv, report.html and
// the history entry — made by running `isrbench run` itself in a child process on the window's
// scenario and fixture settings, so that the window and the command can never differ. Its output
// streams into the panel; the window stays live while it runs.
#pragma once

#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>

namespace ui {

struct ExportSettings {
    QString scenario_file;  // empty or ":/…": the built-in default scenario
    QString bus;            // the virtual fixture's bus model, e.g. "ideal"
    QString faults;         // empty: none
    QString history_file;   // where the run is recorded
};

class ExportDock : public QDockWidget {
    Q_OBJECT

public:
    // `program` is the isrbench executable (the window's own, normally).
    ExportDock(QString program, QWidget* parent = nullptr);
    ~ExportDock() override;

    void setSettings(const ExportSettings& settings) { settings_ = settings; }
    // Starts `isrbench run --out DIR …`; false (and why, in the panel) if one is running already
    // or the directory is empty.
    bool start(const QString& out_dir);
    bool running() const { return process_.state() != QProcess::NotRunning; }
    QStringList arguments(const QString& out_dir) const;
    QString output() const { return output_->toPlainText(); }
    QString statusText() const { return status_->text(); }

    // What an `isrbench run` exit status means, in the panel's words.
    static QString meaningOf(int exit_code);

signals:
    void exportFinished(int exit_code, const QString& out_dir);

private:
    void readOutput();
    void finish(int exit_code, QProcess::ExitStatus status);

    QString program_;
    ExportSettings settings_;
    QString out_dir_;
    QProcess process_;
    QLineEdit* directory_;
    QPushButton* run_button_;
    QLabel* status_;
    QPlainTextEdit* output_;
};

}  // namespace ui
