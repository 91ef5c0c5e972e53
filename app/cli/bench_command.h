// `isrbench bench [--seconds S] [--json]`: the performance harness on the product's own command
// line (bench/bench_figures.h), as a table or as JSON.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace cli {

// Exit codes: 0 measured, 3 bad input, 2 a measurement could not run (its reason printed).
int runBench(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace cli
