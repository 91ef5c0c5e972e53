// `isrbench run`: a scenario on a fixture, with a progress line, the report files, the history
// entry and, against a baseline, the regression verdict as the exit code.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace cli {

// Exit codes: 0 pass, 1 latency regression, 2 contract violation or invalid run (or no fixture),
// 3 bad input (command line, scenario, baseline file).
int runRun(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
           const std::string& tool_version);

// The default scenario compiled into the executable (":/scenarios/default.json"), if it is.
inline constexpr const char* kBuiltinScenarioName = "default.json (built in)";
std::optional<std::string> builtinScenarioText();

}  // namespace cli
