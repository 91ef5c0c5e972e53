// `isrbench console` and `isrbench demo`: the console's options, the port they ask for, and the
// session that reads requests from stdin (console) or plays the built-in life-cycle script
// (demo).
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace cli {

// `command` is "console" or "demo". Exit status: 0 every line answered, 1 a line answered with
// an error, 3 bad input (options, a port that cannot be opened).
int runConsoleCommand(const std::string& command, const std::vector<std::string>& args,
                      std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace cli
