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

#include "cli/console.h"
#include "cli/devices_command.h"
#include "cli/help_text.h"
#include "cli/history_command.h"
#include "cli/run_command.h"
#include "wire.h"

namespace {

int usageError(const std::string& message) {
    std::cerr << "isrbench: " << message << "\nTry 'isrbench --help'.\n";
    return 2;
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

int runConsoleCommand(const cli::ConsoleOptions& options) {
    std::cerr << "isrbench console: " << driver::VirtualPort::kSourceLabel << ", "
              << hwbridge::spp::wiringName(options.wiring)
              << " wiring; one JSON request per line\n";
    cli::ConsoleSession session(options);
    return cli::runConsole(session, std::cin, std::cout) == 0 ? 0 : 1;
}

int runDemoCommand(const cli::ConsoleOptions& options) {
    QFile script(":/console/lifecycle.jsonl");
    if (!script.open(QIODevice::ReadOnly)) {
        std::cerr << "isrbench demo: the built-in script is missing from this build\n";
        return 1;
    }
    std::istringstream lines(script.readAll().toStdString());
    std::cout << "ISR Bench demo on the " << driver::VirtualPort::kSourceLabel << ", "
              << hwbridge::spp::wiringName(options.wiring) << " wiring\n";
    cli::ConsoleSession session(options);
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

// `run` draws its charts with Qt Charts, which needs a QApplication; the offscreen platform
// unless one was asked for, so that a headless run never needs a display.
std::unique_ptr<QCoreApplication> makeApplication(int& argc, char** argv, bool draws_charts) {
    if (!draws_charts) {
        return std::make_unique<QCoreApplication>(argc, argv);
    }
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
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

}  // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    const std::string command = args.empty() ? std::string() : args[0];
    const auto app = makeApplication(argc, argv, command == "run");
    QCoreApplication::setApplicationName("isrbench");
    QCoreApplication::setApplicationVersion(ISRBENCH_VERSION);

    if (args.empty()) {
        return usageError("a subcommand is needed");
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
    if (command != "console" && command != "demo") {
        return usageError("unknown subcommand '" + command + "'");
    }
    const auto options = parseConsoleOptions({args.begin() + 1, args.end()});
    if (!options) {
        return 2;
    }
    return command == "console" ? runConsoleCommand(*options) : runDemoCommand(*options);
}
