#include "run_comparison.h"

#include <iomanip>
#include <sstream>

#include "result_json.h"
#include "scenario.h"

namespace report {
namespace {

std::string runName(const archive::StoredRun& run) {
    return "run " + std::to_string(run.summary.id);
}

// A run's thresholds are in the effective scenario it stored; a run stored by an older tool
// without one is judged with the defaults.
engine::Thresholds thresholdsOf(const archive::StoredRun& run) {
    try {
        return engine::parseScenario(run.meta.scenario_json, runName(run) + "'s scenario")
            .thresholds;
    } catch (const std::exception&) {
        return engine::Thresholds{};
    }
}

}  // namespace

std::string changeText(const engine::ComparisonRow& row) {
    std::ostringstream text;
    text << std::fixed << std::setprecision(2);
    if (row.isLatency() && row.limit <= 0) {
        text << row.ratio() << "x";  // shown, not judged
    } else if (row.isLatency() && row.ratio_low > 0) {
        text << row.ratio() << "x (>=" << row.ratio_low << "x) of " << row.limit << "x";
    } else if (row.isLatency()) {
        text << row.ratio() << "x of " << row.limit << "x";
    } else {
        text << (row.current >= row.baseline ? "+" : "") << std::setprecision(0)
             << row.current - row.baseline << std::setprecision(2) << " (max " << row.limit * 100
             << " %)";
    }
    return text.str();
}

std::string judgementText(const engine::ComparisonRow& row) {
    if (row.regressed) {
        return "REGRESSED";
    }
    if (row.warned) {
        return "warn: within noise";
    }
    return row.note.empty() ? "ok" : row.note;
}

StoredRunComparison compareStoredRuns(const archive::StoredRun& current,
                                      const archive::StoredRun& baseline) {
    StoredRunComparison result;
    for (const archive::StoredRun* run : {&current, &baseline}) {
        if (run->result_json.empty()) {
            result.error = runName(*run) + " has no result yet (state " +
                           std::string(archive::runStateName(run->summary.state)) + ")";
            return result;
        }
    }
    try {
        const engine::ResultSummary now =
            parseResultSummary(current.result_json, runName(current) + " in the history");
        const engine::ResultSummary then =
            parseResultSummary(baseline.result_json, runName(baseline) + " in the history");
        result.comparison = engine::compareWithBaseline(now, then, thresholdsOf(current));
        result.compared = true;
    } catch (const ResultFileError& error) {
        result.error = error.what();
    }
    return result;
}

}  // namespace report
