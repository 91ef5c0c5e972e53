// The time from launching isrbench to the window's first painted frame (goal: under 1 s), beside
// the time the same executable takes to start and exit at all (`--version`), each the median of
// a few launches in the same run. The window is launched as `--screenshot` on the offscreen
// platform, which reports its first paint in milliseconds after the kernel started the process.
#pragma once

#include <string>

#include "bench_figures.h"

namespace bench {

// `executable`: this isrbench. Throws engine::RunError when the window cannot be launched or
// does not say when it painted.
BenchFigure launchToFirstFrame(const std::string& executable);

}  // namespace bench
