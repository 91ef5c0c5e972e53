// The regression verdict: a run compared with a baseline result, phase by phase (p50, p99,
// p99.9, max and the outcome counts), against the scenario's thresholds. Exit codes follow
// `isrbench run`: 0 pass, 1 latency regression, 2 contract violation or invalid run, 3 bad input.
#pragma once

#include <string>
#include <vector>

#include "run_result.h"
#include "scenario.h"

namespace engine {

enum class Verdict { Pass = 0, LatencyRegression = 1, Invalid = 2, BadInput = 3 };

std::string_view verdictName(Verdict verdict);  // "PASS", "REGRESSION", "INVALID", "BAD INPUT"

// One compared figure of one phase.
struct ComparisonRow {
    std::string phase;
    std::string metric;  // "p50", "p99", "p99.9", "max", "lost", "stimuli"
    double baseline = 0;
    double current = 0;
    double limit = 0;  // the ratio (or, for counts, the fraction) beyond which it regressed
    bool regressed = false;
    std::string note;  // why a row was not judged, e.g. "no samples in the baseline"

    double ratio() const { return baseline > 0 ? current / baseline : 0; }
    // Latency rows are judged by ratio; the count rows (stimuli, lost) by a share of the stimuli.
    bool isLatency() const { return metric != "stimuli" && metric != "lost"; }
};

struct Comparison {
    Verdict verdict = Verdict::Pass;
    std::vector<ComparisonRow> rows;
    std::vector<std::string> reasons;  // one line per thing that decided the verdict
};

// The verdict of a run on its own: invalid (accounting, violations) or pass.
Comparison judgeAlone(const ResultSummary& current);

// Whether a baseline ran the same timeline (phase by phase, the same states): checked before a
// run, so that a baseline that cannot be compared is refused before the run rather than after.
bool phasesMatch(const std::vector<PortState>& current, const ResultSummary& baseline,
                 std::string& why);

// `current` against `baseline`. Phases are matched by position; a baseline with other phases
// (another scenario) is bad input.
Comparison compareWithBaseline(const ResultSummary& current, const ResultSummary& baseline,
                               const Thresholds& thresholds);

}  // namespace engine
