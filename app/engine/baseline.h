// The regression verdict: a run compared with a baseline result, phase by phase (p50, p99,
// p99.9, the max when asked, and the outcome counts), against the scenario's thresholds.
//
// A latency quantile is judged by the excess of this run's value over what its limit allows
// (current - limit * baseline) and a lower confidence bound on it. The uncertainty has two parts:
// the sampling error of each run's quantile (from its sample count and the distribution's
// sparsity at that quantile, estimated from the recorded quantiles around it, as Siddiqui's
// estimator does; the median's also from min..p50), and the host's run-to-run noise at that
// quantile (Thresholds::*_noise, a share of the baseline's value, and *_noise_us, an absolute
// part). Shown as a ratio and its lower bound. A row is
//   REGRESSED when even the lower bound of R is beyond the limit: slower, and not by chance;
//   warn      when R is beyond the limit but the bound is not: slower than allowed, within the
//             noise (rerun, or measure the noise with --repeat);
//   ok        otherwise.
// The 99 % is for the whole comparison: the 1 % risk is split over the rows judged (Bonferroni).
// Too few samples for a quantile (fewer than 10 beyond it) is not judged. Exit codes follow
// `isrbench run`: 0 pass (warnings included), 1 latency regression, 2 contract violation or
// invalid run, 3 bad input.
#pragma once

#include <string>
#include <vector>

#include "run_result.h"
#include "scenario.h"

namespace engine {

// In order of severity.
enum class Verdict { Pass, Warn, LatencyRegression, Invalid, BadInput };

// "PASS", "WARN", "REGRESSION", "INVALID", "BAD INPUT"
std::string_view verdictName(Verdict verdict);
// The exit status `isrbench run` and `history --compare` end with: 0 pass or warn, 1, 2, 3.
int exitCodeOf(Verdict verdict);

// One compared figure of one phase.
struct ComparisonRow {
    std::string phase;
    std::string metric;  // "p50", "p99", "p99.9", "max", "lost", "stimuli"
    double baseline = 0;
    double current = 0;
    double limit = 0;  // the ratio (or, for counts, the fraction) beyond which it regressed
    bool regressed = false;
    bool warned = false;  // beyond the limit, but within the noise
    std::string note;     // why a row was not judged, e.g. "no samples in the baseline"
    // Latency rows: the 99 % confidence interval of the ratio (0 when not judged).
    double ratio_low = 0;
    double ratio_high = 0;

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
