#include "baseline.h"

#include <cmath>
#include <cstdio>

namespace engine {
namespace {

// Beyond this share of a phase's stimuli, a change in the lost count is a regression: losing
// interrupts is worse than being slow.
constexpr double kLostShareLimit = 0.001;
// Phases with fewer stimuli than this differ by chance as much as by regression.
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
    const struct {
        const char* metric;
        std::int64_t LatencySummary::*field;
        double limit;
    } metrics[] = {{"p50", &LatencySummary::p50, thresholds.p50_ratio},
                   {"p99", &LatencySummary::p99, thresholds.p99_ratio},
                   {"p99.9", &LatencySummary::p999, thresholds.p999_ratio},
                   {"max", &LatencySummary::max, thresholds.max_ratio}};
    for (const auto& m : metrics) {
        ComparisonRow row{current.name,
                          m.metric,
                          static_cast<double>(baseline.latency.*m.field),
                          static_cast<double>(current.latency.*m.field),
                          m.limit,
                          false,
                          ""};
        if (baseline.latency.count == 0 || current.latency.count == 0) {
            if (baseline.latency.count == 0 && current.latency.count == 0) {
                continue;  // a phase without serviced stimuli on either side: nothing to judge
            }
            row.note = baseline.latency.count == 0 ? "no samples in the baseline"
                                                   : "no samples in this run";
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

bool samePhases(const ResultSummary& a, const ResultSummary& b, std::string& why) {
    if (a.phases.size() != b.phases.size()) {
        why = "the baseline has " + std::to_string(b.phases.size()) + " phases, this run " +
              std::to_string(a.phases.size());
        return false;
    }
    for (std::size_t i = 0; i < a.phases.size(); ++i) {
        if (a.phases[i].state != b.phases[i].state) {
            why = "phase " + std::to_string(i) + " is \"" + a.phases[i].name + "\" here and \"" +
                  b.phases[i].name + "\" in the baseline";
            return false;
        }
    }
    return true;
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
    if (!samePhases(current, baseline, why)) {
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
