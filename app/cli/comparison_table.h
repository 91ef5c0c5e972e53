// The verdict table of a baseline comparison, as `isrbench run --baseline` and
// `isrbench history --compare` print it: one row per phase and metric, then the reasons.
#pragma once

#include <iosfwd>

#include "baseline.h"

namespace cli {

// Prints nothing when the comparison has no rows (no baseline).
void printComparison(std::ostream& out, const engine::Comparison& comparison);

}  // namespace cli
