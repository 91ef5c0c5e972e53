#include "console_command.h"

#include <QFile>
#include <istream>
#include <memory>
#include <optional>
#include <ostream>
#include <sstream>

#include "command_line.h"
#include "console.h"
#include "console_session.h"

namespace cli {
namespace {

CommandLine consoleCommandLine(const std::string& command) {
    CommandLine line(command, "[options]",
                     command == "console"
                         ? "JSON requests on stdin, one per line; one JSON response per line on "
                           "stdout ('isrbench --help' lists every request)."
                         : "Walks a client ISR through its life cycle (connect, interrupts, "
                           "inactive, active, disconnect), printing every request and the "
                           "driver's answer.");
    line.option({"port"},
                "virtual (default): the virtual port with the user-space driver; kernel: the "
                "isrbench_parport module on a real parallel port",
                "virtual|kernel")
        .option({"device"}, "the kernel module's device (default /dev/isrbench-parport0)", "PATH")
        .option({"wiring"}, "loopback plug of the virtual port (default checkit)", "checkit|norton")
        .option({"no-interrupt-line"}, "the virtual port has no interrupt line (contract row 3)")
        .option({"connect-disabled"},
                "connect requests disabled by configuration (contract row 1)");
    return line;
}

ConsoleOptions consoleOptionsFrom(const CommandLine& line) {
    ConsoleOptions options;
    if (line.isSet("wiring")) {
        const auto wiring = hwbridge::spp::wiringFromName(line.value("wiring"));
        if (!wiring) {
            throw UsageError("--wiring takes checkit or norton, not '" + line.value("wiring") +
                             "'");
        }
        options.wiring = *wiring;
    }
    if (line.isSet("port")) {
        const std::string port = line.value("port");
        if (port != "virtual" && port != "kernel") {
            throw UsageError("--port takes virtual or kernel, not '" + port + "'");
        }
        options.port =
            port == "kernel" ? ConsoleOptions::Port::Kernel : ConsoleOptions::Port::Virtual;
    }
    options.device = line.value("device");
    if (options.port == ConsoleOptions::Port::Virtual && !options.device.empty()) {
        throw UsageError("--device selects the kernel module's device: use it with --port kernel");
    }
    options.interrupt_line = !line.isSet("no-interrupt-line");
    options.connect_enabled = !line.isSet("connect-disabled");
    return options;
}

// The demo's script, compiled into the executable.
std::optional<std::string> demoScript() {
    QFile script(":/console/lifecycle.jsonl");
    if (!script.open(QIODevice::ReadOnly)) {
        return std::nullopt;
    }
    return script.readAll().toStdString();
}

int runSession(const std::string& command, std::unique_ptr<ConsolePort> port,
               const ConsoleOptions& options, std::istream& in, std::ostream& out,
               std::ostream& err) {
    const std::string where = port->sourceLabel() + ", " +
                              std::string(hwbridge::spp::wiringName(port->wiring())) + " wiring";
    ConsoleSession session(std::move(port), options.connect_enabled);
    if (command == "console") {
        err << "isrbench console: " << where << "; one JSON request per line\n";
        return runConsole(session, in, out) == 0 ? 0 : 1;
    }
    const std::optional<std::string> script = demoScript();
    if (!script) {
        err << "isrbench demo: the built-in script is missing from this build\n";
        return 1;
    }
    std::istringstream lines(*script);
    out << "ISR Bench demo on the " << where << '\n';
    return runTranscript(session, lines, out) == 0 ? 0 : 1;
}

}  // namespace

int runConsoleCommand(const std::string& command, const std::vector<std::string>& args,
                      std::istream& in, std::ostream& out, std::ostream& err) {
    CommandLine line = consoleCommandLine(command);
    const auto parsed = line.parseAndRead(args, out, err, consoleOptionsFrom);
    if (const int* status = std::get_if<int>(&parsed)) {
        return *status;
    }
    const ConsoleOptions& options = std::get<ConsoleOptions>(parsed);
    std::unique_ptr<ConsolePort> port;
    try {
        port = openConsolePort(options);
    } catch (const std::runtime_error& error) {
        err << "isrbench " << command << ": " << error.what() << '\n';
        return kExitBadInput;
    }
    return runSession(command, std::move(port), options, in, out, err);
}

}  // namespace cli
