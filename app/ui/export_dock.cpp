#include "export_dock.h"

#include <QDateTime>
#include <QDir>
#include <QHBoxLayout>
#include <QVBoxLayout>

namespace ui {
namespace {

QString defaultDirectory() {
    return QDir::current().filePath(
        QStringLiteral("isrbench-runs/") +
        QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-hhmmss")));
}

}  // namespace

ExportDock::ExportDock(QString program, QWidget* parent)
    : QDockWidget(QStringLiteral("Export"), parent), program_(std::move(program)) {
    setObjectName(QStringLiteral("exportDock"));
    auto* body = new QWidget;
    auto* layout = new QVBoxLayout(body);
    layout->setContentsMargins(6, 6, 6, 6);
    auto* row = new QHBoxLayout;
    directory_ = new QLineEdit(defaultDirectory());
    directory_->setObjectName(QStringLiteral("exportDirectory"));
    directory_->setToolTip(QStringLiteral("Where result.json, samples.csv and report.html go"));
    run_button_ = new QPushButton(QStringLiteral("Run scenario and export"));
    run_button_->setObjectName(QStringLiteral("exportButton"));
    row->addWidget(new QLabel(QStringLiteral("Report directory")));
    row->addWidget(directory_, 1);
    row->addWidget(run_button_);
    layout->addLayout(row);
    status_ = new QLabel(QStringLiteral(
        "Runs the scenario with `isrbench run` on a fixture of its own and writes its report."));
    status_->setObjectName(QStringLiteral("exportStatus"));
    status_->setWordWrap(true);
    layout->addWidget(status_);
    output_ = new QPlainTextEdit;
    output_->setObjectName(QStringLiteral("exportOutput"));
    output_->setReadOnly(true);
    output_->setMaximumBlockCount(2000);
    output_->setMinimumHeight(40);  // the bottom docks share a small screen with the charts
    layout->addWidget(output_, 1);
    setWidget(body);

    process_.setProcessChannelMode(QProcess::MergedChannels);
    connect(run_button_, &QPushButton::clicked, this, [this] { start(directory_->text()); });
    connect(&process_, &QProcess::readyReadStandardOutput, this, &ExportDock::readOutput);
    connect(&process_, &QProcess::finished, this, &ExportDock::finish);
    connect(&process_, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart) {
            status_->setText(QStringLiteral("%1 could not be started: %2")
                                 .arg(program_, process_.errorString()));
            run_button_->setEnabled(true);
        }
    });
}

// A window closed mid-export ends the run the way Ctrl-C does: the report covers what ran.
ExportDock::~ExportDock() {
    if (running()) {
        process_.terminate();
        if (!process_.waitForFinished(5000)) {
            process_.kill();
            process_.waitForFinished(1000);
        }
    }
}

QStringList ExportDock::arguments(const QString& out_dir) const {
    QStringList args{QStringLiteral("run"), QStringLiteral("--out"), out_dir};
    if (!settings_.scenario_file.isEmpty() && !settings_.scenario_file.startsWith(u':')) {
        args << QStringLiteral("--scenario") << settings_.scenario_file;
    }
    if (!settings_.bus.isEmpty()) {
        args << QStringLiteral("--set") << QStringLiteral("backend.bus=") + settings_.bus;
    }
    if (!settings_.faults.isEmpty()) {
        args << QStringLiteral("--set") << QStringLiteral("backend.faults=") + settings_.faults;
    }
    if (!settings_.history_file.isEmpty()) {
        args << QStringLiteral("--history") << settings_.history_file;
    }
    return args;
}

bool ExportDock::start(const QString& out_dir) {
    if (running()) {
        status_->setText(QStringLiteral("An export is running already."));
        return false;
    }
    if (out_dir.trimmed().isEmpty()) {
        status_->setText(QStringLiteral("Name a report directory first."));
        return false;
    }
    out_dir_ = out_dir.trimmed();
    directory_->setText(out_dir_);
    output_->clear();
    const QStringList args = arguments(out_dir_);
    output_->appendPlainText(QStringLiteral("$ isrbench ") + args.join(u' '));
    status_->setText(QStringLiteral("Running…"));
    run_button_->setEnabled(false);
    process_.start(program_, args);
    return true;
}

// The progress line is rewritten with carriage returns on a terminal; here each is a line.
void ExportDock::readOutput() {
    QString text = QString::fromUtf8(process_.readAllStandardOutput());
    text.replace(u'\r', u'\n');
    for (const QString& line : text.split(u'\n', Qt::SkipEmptyParts)) {
        output_->appendPlainText(line);
    }
}

QString ExportDock::meaningOf(int exit_code) {
    switch (exit_code) {
        case 0:
            return QStringLiteral("pass");
        case 1:
            return QStringLiteral("latency regression");
        case 2:
            return QStringLiteral("contract violation or invalid run");
        case 3:
            return QStringLiteral("bad input");
        case 4:
            return QStringLiteral("internal error");
        default:
            return QStringLiteral("exit status %1").arg(exit_code);
    }
}

void ExportDock::finish(int exit_code, QProcess::ExitStatus status) {
    readOutput();
    run_button_->setEnabled(true);
    if (status == QProcess::CrashExit) {
        status_->setText(QStringLiteral("isrbench run stopped abnormally; what it wrote is in %1")
                             .arg(out_dir_));
        emit exportFinished(-1, out_dir_);
        return;
    }
    status_->setText(
        QStringLiteral("Done (%1): %2")
            .arg(meaningOf(exit_code), QDir(out_dir_).filePath(QStringLiteral("report.html"))));
    directory_->setText(defaultDirectory());
    emit exportFinished(exit_code, out_dir_);
}

}  // namespace ui
