#include "window_launch.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <algorithm>
#include <vector>

#include "run_backend.h"

namespace bench {
namespace {

constexpr int kLaunches = 3;
constexpr int kWaitMs = 60'000;

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

QProcessEnvironment offscreen() {
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    return environment;
}

// The whole life of `executable arguments`, in ms; its standard output into `out`.
double launch(const QString& executable, const QStringList& arguments, QByteArray& out) {
    QProcess process;
    process.setProcessEnvironment(offscreen());
    QElapsedTimer clock;
    clock.start();
    process.start(executable, arguments);
    if (!process.waitForFinished(kWaitMs) || process.exitCode() != 0) {
        throw engine::RunError("could not launch " + executable.toStdString() + " " +
                               arguments.join(' ').toStdString() + ": " +
                               process.readAllStandardError().toStdString());
    }
    out = process.readAllStandardOutput();
    return static_cast<double>(clock.nsecsElapsed()) / 1e6;
}

}  // namespace

BenchFigure launchToFirstFrame(const std::string& executable) {
    const QString program = QString::fromStdString(executable);
    const QTemporaryDir directory;
    const QString picture = directory.filePath(QStringLiteral("first-frame.png"));
    const QRegularExpression painted(QStringLiteral("first frame painted ([0-9]+) ms"));
    std::vector<double> to_first_frame;
    std::vector<double> bare_launch;
    for (int i = 0; i < kLaunches; ++i) {
        QByteArray out;
        bare_launch.push_back(launch(program, {QStringLiteral("--version")}, out));
        launch(program,
               {QStringLiteral("--screenshot"), picture, QStringLiteral("--after"),
                QStringLiteral("0")},
               out);
        const QRegularExpressionMatch match = painted.match(QString::fromUtf8(out));
        if (!match.hasMatch()) {
            throw engine::RunError("the window did not say when it first painted");
        }
        to_first_frame.push_back(match.captured(1).toDouble());
    }
    return {"launch to the window's first painted frame (goal < 1 s)", median(to_first_frame) * 1e6,
            "launch and exit of isrbench --version", median(bare_launch) * 1e6, 0};
}

}  // namespace bench
