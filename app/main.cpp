// isrbench: one executable, one subcommand per job.
#include <unistd.h>

#include <QApplication>
#include <QCoreApplication>
#include <QFile>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "cli/bench_command.h"
#include "cli/console.h"
#include "cli/devices_command.h"
#include "cli/help_text.h"
#include "cli/history_command.h"
#include "cli/run_command.h"
#include "gui_launch.h"
#include "screenshot_command.h"
#include "wire.h"

namespace {

// Bad input, as every command says it: 3 (2 is a contract violation or an invalid run).
constexpr int kBadInput = 3;

int usageError(const std::string& message) {
    std::cerr << "isrbench: " << message << "\nTry 'isrbench --help'.\n";
    return kBadInput;
}

// Parses the console options; returns nullopt (after printing why) on a bad one.
std::optional<cli::ConsoleOptions> parseConsoleOptions(const std::vector<std::string>& args) {
    cli::ConsoleOptions options;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--wiring" && i + 1 < args.size()) {
            const auto wiring = hwbridge::spp::wiringFromName(args[++i]);
            if (!wiring) {
                usageError("--wiring takes checkit or norton, not '" + args[i] + "'");
                return std::nullopt;
            }
            options.wiring = *wiring;
        } else if (arg == "--port" && i + 1 < args.size()) {
            const std::string& port = args[++i];
            if (port != "virtual" && port != "kernel") {
                usageError("--port takes virtual or kernel, not '" + port + "'");
                return std::nullopt;
            }
            options.port = port == "kernel" ? cli::ConsoleOptions::Port::Kernel
                                            : cli::ConsoleOptions::Port::Virtual;
        } else if (arg == "--device" && i + 1 < args.size()) {
            options.device = args[++i];
        } else if (arg == "--no-interrupt-line") {
            options.interrupt_line = false;
        } else if (arg == "--connect-disabled") {
            options.connect_enabled = false;
        } else {
            usageError("unknown option '" + arg + "'");
            return std::nullopt;
        }
    }
    return options;
}

// The console's port, or nullptr after saying why it cannot be opened.
std::unique_ptr<cli::ConsolePort> openPort(const char* command,
                                           const cli::ConsoleOptions& options) {
    if (options.port == cli::ConsoleOptions::Port::Virtual && !options.device.empty()) {
        usageError("--device selects the kernel module's device: use it with --port kernel");
        return nullptr;
    }
    try {
        return cli::openConsolePort(options);
    } catch (const std::runtime_error& error) {
        std::cerr << "isrbench " << command << ": " << error.what() << '\n';
        return nullptr;
    }
}

int runConsoleCommand(const cli::ConsoleOptions& options) {
    auto port = openPort("console", options);
    if (!port) {
        return kBadInput;
    }
    std::cerr << "isrbench console: " << port->sourceLabel() << ", "
              << hwbridge::spp::wiringName(port->wiring())
              << " wiring; one JSON request per line\n";
    cli::ConsoleSession session(std::move(port), options.connect_enabled);
    return cli::runConsole(session, std::cin, std::cout) == 0 ? 0 : 1;
}

int runDemoCommand(const cli::ConsoleOptions& options) {
    QFile script(":/console/lifecycle.jsonl");
    if (!script.open(QIODevice::ReadOnly)) {
        std::cerr << "isrbench demo: the built-in script is missing from this build\n";
        return 1;
    }
    std::istringstream lines(script.readAll().toStdString());
    auto port = openPort("demo", options);
    if (!port) {
        return kBadInput;
    }
    std::cout << "ISR Bench demo on the " << port->sourceLabel() << ", "
              << hwbridge::spp::wiringName(port->wiring()) << " wiring\n";
    cli::ConsoleSession session(std::move(port), options.connect_enabled);
    return cli::runTranscript(session, lines, std::cout) == 0 ? 0 : 1;
}

int runDevicesCommand(const std::vector<std::string>& args) {
    std::uint16_t product_id = hwbridge::wire::kDefaultProductId;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--pid" && i + 1 < args.size()) {
            const std::string& text = args[++i];
            char* end = nullptr;
            const unsigned long value = std::strtoul(text.c_str(), &end, 0);
            if (text.empty() || *end != '\0' || value > 0xFFFF) {
                return usageError("--pid takes a 16-bit product ID like 0x000a, not '" + text +
                                  "'");
            }
            product_id = static_cast<std::uint16_t>(value);
        } else {
            return usageError("unknown option '" + args[i] + "' for devices");
        }
    }
    return cli::runDevices(std::cout, product_id);
}

// What a command needs of Qt: an event loop only, charts drawn offscreen (`run`), or the
// window (no argument, --screenshot).
enum class AppKind { Core, Charts, Window };

AppKind appKindOf(const std::string& command) {
    if (command == "run") {
        return AppKind::Charts;
    }
    return command.empty() || command == "--screenshot" ? AppKind::Window : AppKind::Core;
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

int dispatch(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    const std::string command = args.empty() ? std::string() : args[0];
    if (args.empty() && !ui::haveDisplay()) {
        return usageError(
            "no display to open the window on (DISPLAY and WAYLAND_DISPLAY are unset); use a "
            "subcommand, or --screenshot FILE --after SECONDS");
    }
    std::optional<ui::ScreenshotRequest> screenshot;
    if (command == "--screenshot") {
        screenshot = ui::parseScreenshotArguments(args, std::cerr);
        if (!screenshot) {
            return kBadInput;
        }
    }
    const auto app = makeApplication(argc, argv, appKindOf(command), screenshot.has_value());
    QCoreApplication::setApplicationName("isrbench");
    QCoreApplication::setApplicationVersion(ISRBENCH_VERSION);

    if (args.empty()) {
        return ui::runWindow(std::cerr);
    }
    if (screenshot) {
        return ui::runScreenshot(*screenshot, std::cout, std::cerr);
    }
    if (command == "--help" || command == "-h" || command == "help") {
        std::cout << cli::kHelpText;
        return 0;
    }
    if (command == "--version") {
        std::cout << "isrbench " << ISRBENCH_VERSION << '\n';
        return 0;
    }
    if (command == "devices") {
        return runDevicesCommand({args.begin() + 1, args.end()});
    }
    if (command == "run") {
        return cli::runRun({args.begin() + 1, args.end()}, std::cout, std::cerr, ISRBENCH_VERSION);
    }
    if (command == "history") {
        return cli::runHistory({args.begin() + 1, args.end()}, std::cout, std::cerr);
    }
    if (command == "bench") {
        return cli::runBench({args.begin() + 1, args.end()}, std::cout, std::cerr);
    }
    if (command != "console" && command != "demo") {
        return usageError("unknown subcommand '" + command + "'");
    }
    const auto options = parseConsoleOptions({args.begin() + 1, args.end()});
    if (!options) {
        return kBadInput;
    }
    return command == "console" ? runConsoleCommand(*options) : runDemoCommand(*options);
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
