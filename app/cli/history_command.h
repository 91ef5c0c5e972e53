// `isrbench history`: the runs in the run history, newest first, or one of them again.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace cli {

// `args` are what follows `isrbench history`:
//   (none)          a table of the newest runs (--limit N, default 20)
//   --show ID       one run again: its metadata and per-phase table (or, for a run that never
//                   finished, its per-second rows)
//   --format NAME   with --show: the run's serviced latencies as `isrbench run` wrote them,
//                   cyclictest (histogram.txt) or hgrm (latency.hgrm), on `out` alone
//   --history FILE  another history database than archive::defaultHistoryPath()
//   --json          JSON lines instead of tables (one per run; --show: one object)
// Returns 0, or 3 for bad input (unknown option, bad number, no such run, unreadable history, a
// --format of a run with no stored distribution)
// after one line on `err` saying what was wrong.
int runHistory(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace cli
