// `isrbench console`: JSON lines in, JSON lines out.
#pragma once

#include <iosfwd>

#include "console_session.h"

namespace cli {

// Reads requests from `in` until end of input, writes exactly one line per request to `out`.
// Blank lines and lines starting with '#' are skipped (scripts may carry comments). Returns the
// number of lines answered with an error.
int runConsole(ConsoleSession& session, std::istream& in, std::ostream& out);

// The same loop, echoing every request before its response in a readable form: the demo.
int runTranscript(ConsoleSession& session, std::istream& in, std::ostream& out);

// Parses and handles one line; the response (or {"error","line"}) as compact JSON.
std::string answerLine(ConsoleSession& session, const std::string& line, long line_number);

}  // namespace cli
