// `isrbench bench`: the bench's own performance, each figure beside a reference measured in the
// same run, and the ratio between them (DESIGN.md, Interfaces).
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace bench {

struct BenchFigure {
    std::string name;
    double value_ns = 0;
    std::string reference;
    double reference_ns = 0;
    double goal_ratio = 0;  // 0: no goal set
    // A rate (interrupts per second, printed as such): value and reference are kept as the time
    // per interrupt, so that the ratio reads like every other one (above 1: short of the asked).
    bool rate = false;
    bool checks_passed = true;  // false: a check beside the ratio failed (named in `name`)
    double ratio() const { return reference_ns > 0 ? value_ns / reference_ns : 0; }
    bool goalMet() const { return checks_passed && ratio() <= goal_ratio; }
};

struct BenchOptions {
    std::string scenario_text;  // the run whose latency is compared: the default scenario's JSON
    std::string scenario_name;
    double seconds = 4;  // the latency comparison's length, both sides together
};

// What is not measured here, and where it is.
extern const char* const kNotMeasuredHere;

// Runs every measurement in turn; `progress` hears the name of each as it starts.
std::vector<BenchFigure> measureBenchFigures(
    const BenchOptions& options, const std::function<void(const std::string&)>& progress);

}  // namespace bench
