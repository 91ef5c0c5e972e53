#include "run_comparison.h"

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
