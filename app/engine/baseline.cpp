#include "baseline.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace engine {
namespace {

// Lost stimuli beyond the baseline's share by more than this share of the phase's stimuli are
// a regression: losing interrupts is worse than being slow.
constexpr double kLostShareLimit = 0.001;
// A phase whose stimulus count differs from the baseline's by more than this share did not run
// the same thing (another rate, a step carried out late): flagged as a regression.
constexpr double kStimuliShareLimit = 0.10;

void worsen(Comparison& comparison, Verdict verdict, std::string reason) {
    if (static_cast<int>(verdict) > static_cast<int>(comparison.verdict)) {
        comparison.verdict = verdict;
    }
    comparison.reasons.push_back(std::move(reason));
}

std::string formatRatio(double ratio) {
    char text[32];
    std::snprintf(text, sizeof text, "%.2fx", ratio);
    return text;
}

void compareLatency(Comparison& comparison, const PhaseSummary& current,
                    const PhaseSummary& baseline, const Thresholds& thresholds) {
    // A percentile needs enough samples beyond it to mean anything (here at least 2 beyond it):
    // below that one outlier would decide the verdict.
    const struct {
        const char* metric;
        std::int64_t LatencySummary::*field;
        double limit;
        std::uint64_t min_samples;
    } metrics[] = {{"p50", &LatencySummary::p50, thresholds.p50_ratio, 20},
                   {"p99", &LatencySummary::p99, thresholds.p99_ratio, 200},
                   {"p99.9", &LatencySummary::p999, thresholds.p999_ratio, 2000},
                   {"max", &LatencySummary::max, thresholds.max_ratio, 1}};
    for (const auto& m : metrics) {
        ComparisonRow row{current.name,
                          m.metric,
                          static_cast<double>(baseline.latency.*m.field),
                          static_cast<double>(current.latency.*m.field),
                          m.limit,
                          false,
                          ""};
        const std::uint64_t fewest = std::min(baseline.latency.count, current.latency.count);
        if (baseline.latency.count == 0 || current.latency.count == 0) {
            if (baseline.latency.count == 0 && current.latency.count == 0) {
                continue;  // a phase without serviced stimuli on either side: nothing to judge
            }
            row.note = baseline.latency.count == 0 ? "no samples in the baseline"
                                                   : "no samples in this run";
        } else if (fewest < m.min_samples) {
            row.note = "too few samples (" + std::to_string(fewest) + " < " +
                       std::to_string(m.min_samples) + ")";
        } else if (row.baseline > 0 && row.ratio() > m.limit) {
            row.regressed = true;
            worsen(comparison, Verdict::LatencyRegression,
                   current.name + " " + m.metric + " " + formatRatio(row.ratio()) +
                       " of the baseline (limit " + formatRatio(m.limit) + ")");
        }
        comparison.rows.push_back(row);
    }
}

void compareCounts(Comparison& comparison, const PhaseSummary& current,
                   const PhaseSummary& baseline) {
    const double stimuli = static_cast<double>(current.stimuli());
    const double base_stimuli = static_cast<double>(baseline.stimuli());
    ComparisonRow sent{current.name, "stimuli", base_stimuli, stimuli, kStimuliShareLimit,
                       false,        ""};
    if (base_stimuli > 0 && std::abs(stimuli - base_stimuli) / base_stimuli > kStimuliShareLimit) {
        sent.regressed = true;
        worsen(comparison, Verdict::LatencyRegression,
               current.name + ": " + std::to_string(current.stimuli()) + " stimuli against " +
                   std::to_string(baseline.stimuli()) + " in the baseline");
    }
    comparison.rows.push_back(sent);

    const auto lost = [](const PhaseSummary& p) {
        return static_cast<double>(p.outcomes[static_cast<std::size_t>(Outcome::Lost)]);
    };
    const double lost_share = stimuli > 0 ? lost(current) / stimuli : 0;
    const double base_lost_share = base_stimuli > 0 ? lost(baseline) / base_stimuli : 0;
    ComparisonRow lost_row{current.name, "lost", lost(baseline), lost(current), kLostShareLimit,
                           false,        ""};
    if (lost_share - base_lost_share > kLostShareLimit) {
        lost_row.regressed = true;
        worsen(comparison, Verdict::LatencyRegression,
               current.name + ": " + std::to_string(static_cast<std::uint64_t>(lost(current))) +
                   " stimuli lost against " +
                   std::to_string(static_cast<std::uint64_t>(lost(baseline))) + " in the baseline");
    }
    comparison.rows.push_back(lost_row);
}

}  // namespace

std::string_view verdictName(Verdict verdict) {
    switch (verdict) {
        case Verdict::Pass:
            return "PASS";
        case Verdict::LatencyRegression:
            return "REGRESSION";
        case Verdict::Invalid:
            return "INVALID";
        case Verdict::BadInput:
            return "BAD INPUT";
    }
    return "?";
}

bool phasesMatch(const std::vector<PortState>& current, const ResultSummary& baseline,
                 std::string& why) {
    if (current.size() != baseline.phases.size()) {
        why = "the baseline has " + std::to_string(baseline.phases.size()) +
              " phases, this scenario " + std::to_string(current.size());
        return false;
    }
    for (std::size_t i = 0; i < current.size(); ++i) {
        if (current[i] != baseline.phases[i].state) {
            why = "phase " + std::to_string(i) + " is " + std::string(portStateName(current[i])) +
                  " here and \"" + baseline.phases[i].name + "\" in the baseline";
            return false;
        }
    }
    return true;
}

Comparison judgeAlone(const ResultSummary& current) {
    Comparison comparison;
    for (const std::string& problem : current.problems) {
        worsen(comparison, Verdict::Invalid, problem);
    }
    if (!current.valid && current.problems.empty()) {
        worsen(comparison, Verdict::Invalid, "the run is marked invalid");
    }
    return comparison;
}

Comparison compareWithBaseline(const ResultSummary& current, const ResultSummary& baseline,
                               const Thresholds& thresholds) {
    Comparison comparison = judgeAlone(current);
    std::string why;
    std::vector<PortState> states;
    for (const PhaseSummary& phase : current.phases) {
        states.push_back(phase.state);
    }
    if (!phasesMatch(states, baseline, why)) {
        worsen(comparison, Verdict::BadInput, "the baseline ran another timeline: " + why);
        return comparison;
    }
    if (!baseline.valid) {
        worsen(comparison, Verdict::BadInput, "the baseline itself is an invalid run");
        return comparison;
    }
    for (std::size_t i = 0; i < current.phases.size(); ++i) {
        compareLatency(comparison, current.phases[i], baseline.phases[i], thresholds);
        compareCounts(comparison, current.phases[i], baseline.phases[i]);
    }
    return comparison;
}

}  // namespace engine
