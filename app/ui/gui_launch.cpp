#include "gui_launch.h"

#include <QApplication>
#include <ostream>

#include "main_window.h"
#include "metrics_error.h"

namespace ui {

bool haveDisplay() {
    return !qEnvironmentVariableIsEmpty("DISPLAY") ||
           !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") ||
           !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM");
}

void preferOffscreenWithoutDisplay() {
    if (!haveDisplay()) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
}

namespace {

QtMessageHandler previous_handler = nullptr;

void dropSizeHintNoise(QtMsgType type, const QMessageLogContext& context, const QString& text) {
    if (text.contains(QLatin1String("does not support propagateSizeHints"))) {
        return;
    }
    previous_handler(type, context, text);
}

}  // namespace

void quietOffscreenPlatform() {
    if (QGuiApplication::platformName() == QLatin1String("offscreen") &&
        previous_handler == nullptr) {
        previous_handler = qInstallMessageHandler(dropSizeHintNoise);
    }
}

int runWindow(std::ostream& err, const std::string& metrics_listen) {
    try {
        WindowOptions options;
        options.settings_file = WindowSettings::defaultFile();
        options.metrics_listen = metrics_listen;
        MainWindow window(std::move(options));
        window.show();
        return QApplication::exec();
    } catch (const metrics::MetricsServerError& failure) {
        err << "isrbench: --metrics-listen: " << failure.what() << '\n';
        return 3;
    } catch (const std::exception& failure) {
        err << "isrbench: the window could not open: " << failure.what() << '\n';
        return 1;
    }
}

}  // namespace ui
