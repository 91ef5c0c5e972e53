// isrbench: one executable, one subcommand per job.
#include <unistd.h>

#include <QApplication>
#include <QCoreApplication>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "cli/bench_command.h"
#include "cli/command_line.h"
#include "cli/console_command.h"
#include "cli/devices_command.h"
#include "cli/help_text.h"
#include "cli/history_command.h"
#include "cli/run_command.h"
#include "gui_launch.h"
#include "screenshot_command.h"
#include "window_command_line.h"

namespace {

int usageError(const std::string& message) {
    std::cerr << "isrbench: " << message << "\nTry 'isrbench --help'.\n";
    return cli::kExitBadInput;
}

// What a command needs of Qt: an event loop only, charts drawn offscreen (`run`), or the
// window (no argument, --screenshot).
enum class AppKind { Core, Charts, Window };

AppKind appKindOf(const std::string& command) {
    if (command == "run" || command == "bench") {  // bench measures the window's frames
        return AppKind::Charts;
    }
    return command.empty() ? AppKind::Window : AppKind::Core;
}

// `run` draws its charts with Qt Charts, which needs a QApplication; the offscreen platform
// unless one was asked for, so that a headless run never needs a display. The window asks for
// the offscreen platform only for a screenshot on a machine without a display.
std::unique_ptr<QCoreApplication> makeApplication(int& argc, char** argv, AppKind kind,
                                                  bool screenshot) {
    if (kind == AppKind::Core) {
        return std::make_unique<QCoreApplication>(argc, argv);
    }
    if (kind == AppKind::Charts && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    if (screenshot) {
        ui::preferOffscreenWithoutDisplay();
    }
    // Qt's own fallback for a session without one (a CI job, ssh), named here so that Qt does
    // not warn about it on every run.
    if (qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR")) {
        const QByteArray user = qgetenv("USER");
        qputenv("XDG_RUNTIME_DIR",
                "/tmp/runtime-" + (user.isEmpty() ? QByteArray::number(getuid()) : user));
    }
    return std::make_unique<QApplication>(argc, argv);
}

bool isHelp(const std::string& command) {
    return command == "--help" || command == "-h" || command == "help";
}

// A subcommand's name, or "" for isrbench's own options (the window, --screenshot).
std::string commandOf(const std::vector<std::string>& args) {
    return args.empty() || args[0].starts_with('-') ? std::string() : args[0];
}

int runSubcommand(const std::string& command, const std::vector<std::string>& options) {
    if (command == "devices") {
        return cli::runDevicesCommand(options, std::cout, std::cerr);
    }
    if (command == "run") {
        return cli::runRun(options, std::cout, std::cerr, ISRBENCH_VERSION);
    }
    if (command == "history") {
        return cli::runHistory(options, std::cout, std::cerr);
    }
    if (command == "bench") {
        return cli::runBench(options, std::cout, std::cerr);
    }
    if (command == "console" || command == "demo") {
        return cli::runConsoleCommand(command, options, std::cin, std::cout, std::cerr);
    }
    return usageError("unknown subcommand '" + command + "'");
}

int dispatch(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (!args.empty() && isHelp(args[0])) {
        std::cout << cli::kHelpText;
        return 0;
    }
    if (!args.empty() && args[0] == "--version") {
        std::cout << "isrbench " << ISRBENCH_VERSION << '\n';
        return 0;
    }
    const std::string command = commandOf(args);
    std::optional<ui::ScreenshotRequest> screenshot;
    std::string metrics_listen;
    if (command.empty()) {
        const app::WindowRequest request = app::parseWindowArguments(args, std::cout, std::cerr);
        if (const int* status = std::get_if<int>(&request)) {
            return *status;
        }
        if (const auto* asked = std::get_if<ui::ScreenshotRequest>(&request)) {
            screenshot = *asked;
        } else {
            metrics_listen = std::get<app::OpenWindow>(request).metrics_listen;
            if (!ui::haveDisplay()) {
                return usageError(
                    "no display to open the window on (DISPLAY and WAYLAND_DISPLAY are unset); "
                    "use a subcommand, or --screenshot FILE --after SECONDS");
            }
        }
    }
    const auto app = makeApplication(argc, argv, appKindOf(command), screenshot.has_value());
    QCoreApplication::setApplicationName("isrbench");
    QCoreApplication::setApplicationVersion(ISRBENCH_VERSION);
    if (screenshot) {
        return ui::runScreenshot(*screenshot, std::cout, std::cerr);
    }
    if (command.empty()) {
        return ui::runWindow(std::cerr, metrics_listen);
    }
    return runSubcommand(command, {args.begin() + 1, args.end()});
}

}  // namespace

// The last resort: a failure no command caught (out of memory, a broken Qt platform) is told,
// with a status of its own, instead of ending in std::terminate's abort.
int main(int argc, char** argv) {
    try {
        return dispatch(argc, argv);
    } catch (const std::exception& failure) {
        std::cerr << "isrbench: internal error: " << failure.what() << '\n';
        return 4;
    }
}
