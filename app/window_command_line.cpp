#include "window_command_line.h"

#include <ostream>

#include "command_line.h"

namespace app {

WindowRequest parseWindowArguments(const std::vector<std::string>& args, std::ostream& out,
                                   std::ostream& err) {
    cli::CommandLine line("",
                          "[--metrics-listen HOST:PORT] | [--screenshot FILE --after SECONDS "
                          "[--scenario FILE]]",
                          "Opens the window: the live ISR life cycle on the virtual fixture. With "
                          "--screenshot: plays the scenario (default: the built-in one), saves "
                          "the window as a PNG after SECONDS and exits (offscreen when there is "
                          "no display). 'isrbench help' lists the subcommands.");
    line.option({"screenshot"}, "save the window as a PNG to FILE and exit", "FILE")
        .option({"after"}, "seconds of the scenario before the picture, 0 to 3600", "SECONDS")
        .option({"scenario"}, "the scenario to play (default: the built-in one)", "FILE")
        .option({"metrics-listen"},
                "serve the window's session as Prometheus metrics over HTTP (GET /metrics; port "
                "0: any free port, named in the status bar)",
                "HOST:PORT")
        .epilogue(
            "Exit status with --screenshot: 0 saved, 1 the PNG could not be written, 3 bad "
            "arguments or scenario.\n");
    if (const auto outcome = line.parse(args, out, err);
        outcome != cli::CommandLine::Outcome::Proceed) {
        return cli::CommandLine::exitStatusOf(outcome);
    }
    try {
        if (!line.isSet("screenshot")) {
            if (line.isSet("after") || line.isSet("scenario")) {
                throw cli::UsageError("--after and --scenario go with --screenshot FILE");
            }
            return OpenWindow{line.value("metrics-listen")};
        }
        if (line.isSet("metrics-listen")) {
            throw cli::UsageError("--metrics-listen goes with the window, not with --screenshot");
        }
        ui::ScreenshotRequest request;
        request.file = QString::fromStdString(line.value("screenshot"));
        request.scenario = QString::fromStdString(line.value("scenario"));
        const auto after =
            line.decimal("after", 0, ui::ScreenshotRequest::kLongestWaitS, "seconds");
        if (request.file.isEmpty() || !after) {
            throw cli::UsageError(
                "--screenshot FILE --after SECONDS [--scenario FILE]: FILE and SECONDS are "
                "needed");
        }
        request.after_s = *after;
        return request;
    } catch (const cli::UsageError& error) {
        return line.refuse(error.what(), err);
    }
}

}  // namespace app
