// isrbench's own command line when no subcommand is given: the window, or a screenshot of it
// (`--screenshot FILE --after SECONDS [--scenario FILE]`), parsed by the one argument parser.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "screenshot_command.h"

namespace app {

struct OpenWindow {
    std::string metrics_listen;  // HOST:PORT of the live metrics endpoint; empty: none
};
// What the command line asks for: the window, a screenshot, or an exit status (help shown, or a
// refusal told on err).
using WindowRequest = std::variant<OpenWindow, ui::ScreenshotRequest, int>;

WindowRequest parseWindowArguments(const std::vector<std::string>& args, std::ostream& out,
                                   std::ostream& err);

}  // namespace app
