#include "screenshot_command.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QPixmap>
#include <QSaveFile>
#include <QTimer>
#include <cmath>
#include <ostream>

#include "distribution_charts.h"
#include "first_paint_watch.h"
#include "gui_launch.h"
#include "main_window.h"
#include "scenario_player.h"

namespace ui {
namespace {

// Checked before the window opens: a run that ends unable to save would waste the wait.
bool writable(const QString& file, std::string& why) {
    const QFileInfo info(file);
    const QFileInfo directory(info.absolutePath());
    if (!directory.isDir()) {
        why = "the directory " + directory.absoluteFilePath().toStdString() + " does not exist";
    } else if (!directory.isWritable()) {
        why = "the directory " + directory.absoluteFilePath().toStdString() + " is not writable";
    } else if (info.exists() && (info.isDir() || !info.isWritable())) {
        why = file.toStdString() + " exists and cannot be overwritten";
    }
    return why.empty();
}

bool savePng(const QPixmap& pixmap, const QString& file, std::string& why) {
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly) || !pixmap.save(&out, "PNG") || !out.commit()) {
        why = out.errorString().toStdString();
        return false;
    }
    return true;
}

// What the live session behind the picture counted, so that a script (the QEMU suite) can tell
// the window ran on the port it names and saw its interrupts.
void printSessionSummary(const engine::LiveSnapshot& snapshot, std::ostream& out) {
    const auto count = [&](engine::Outcome outcome) {
        return snapshot.totals[static_cast<std::size_t>(outcome)];
    };
    out << "isrbench: the window's session on " << snapshot.source_label << ": "
        << count(engine::Outcome::Serviced) << " serviced, " << count(engine::Outcome::Suppressed)
        << " suppressed, " << count(engine::Outcome::Unclaimed) << " unclaimed, "
        << count(engine::Outcome::Lost) << " lost, " << snapshot.violations << " violations\n";
}

// The window as it is now, every panel fresh, saved; the exit status.
int saveWindow(MainWindow& window, const FirstPaintWatch& first_paint,
               const ScreenshotRequest& request, const QString& scenario, std::ostream& out,
               std::ostream& err) {
    window.refreshFrame();
    window.distributions().showAll(window.lastSnapshot());
    QCoreApplication::sendPostedEvents();  // layouts settle before the picture is taken
    const QPixmap picture = window.grab();
    std::string failure;
    if (!savePng(picture, request.file, failure)) {
        err << "isrbench: could not write " << request.file.toStdString() << ": " << failure
            << '\n';
        return 1;
    }
    out << "isrbench: saved " << request.file.toStdString() << " (" << picture.width() << "x"
        << picture.height() << ") after " << request.after_s << " s of " << scenario.toStdString()
        << '\n';
    if (const auto launch_ms = first_paint.launchToFirstPaintMs()) {
        out << "isrbench: first frame painted " << std::lround(*launch_ms) << " ms after launch\n";
    }
    printSessionSummary(window.lastSnapshot(), out);
    return 0;
}

}  // namespace

int runScreenshot(const ScreenshotRequest& request, std::ostream& out, std::ostream& err) {
    std::string why;
    if (!writable(request.file, why)) {
        err << "isrbench: cannot write the screenshot: " << why << '\n';
        return 1;
    }
    quietOffscreenPlatform();
    WindowOptions options;  // no settings file: a screenshot is the same on every machine
    MainWindow window(std::move(options));
    const auto* first_paint = new FirstPaintWatch(window);  // owned by the window
    window.resize(MainWindow::kDefaultSize);  // whatever the (offscreen) screen claims
    window.show();
    const QString scenario = request.scenario.isEmpty()
                                 ? QString::fromLatin1(ScenarioPlayer::kDefaultScenario)
                                 : request.scenario;
    const QString error = window.playScenario(scenario);
    if (!error.isEmpty()) {
        err << "isrbench: " << error.toStdString() << '\n';
        return 3;  // bad input, as every command says it
    }
    int status = 0;
    QTimer::singleShot(static_cast<int>(request.after_s * 1000), &window, [&] {
        status = saveWindow(window, *first_paint, request, scenario, out, err);
        QCoreApplication::exit(status);
    });
    QApplication::exec();
    return status;
}

}  // namespace ui
