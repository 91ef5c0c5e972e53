// Two runs of the history side by side: the later one judged against the earlier as if the
// earlier had been its --baseline, with the later run's own thresholds. Shared by
// `isrbench history --compare` and the window's history panel, so both give the same verdict.
#pragma once

#include <string>

#include "baseline.h"
#include "run_history.h"

namespace report {

struct StoredRunComparison {
    bool compared = false;          // false: `error` says why not (unfinished, unreadable)
    std::string error;              // e.g. "run 7 has no result yet (state running)"
    engine::Comparison comparison;  // current against baseline, phase by phase
};

// The words of one compared row, as the verdict table (`run --baseline`, `history --compare`)
// and the history panel show them: the change against its limit ("1.62x (>=1.14x) of 1.10x":
// the ratio, its 99 % lower bound, the limit; "+5 (max 10.00 %)" for a count), and the row's
// judgement ("REGRESSED", "warn: within noise", "ok", or why it was not judged).
std::string changeText(const engine::ComparisonRow& row);
std::string judgementText(const engine::ComparisonRow& row);

StoredRunComparison compareStoredRuns(const archive::StoredRun& current,
                                      const archive::StoredRun& baseline);

}  // namespace report
