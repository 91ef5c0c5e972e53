#include "baseline.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

namespace engine {
namespace {

// Lost stimuli beyond the baseline's share by more than this share of the phase's stimuli are
// a regression: losing interrupts is worse than being slow.
constexpr double kLostShareLimit = 0.001;
// A phase whose stimulus count differs from the baseline's by more than this share did not run
// the same thing (another rate, a step carried out late, a generator stalled by a busy host): a
// warning that the two are not like for like, not a latency finding.
constexpr double kStimuliShareLimit = 0.10;

void worsen(Comparison& comparison, Verdict verdict, std::string reason) {
    if (static_cast<int>(verdict) > static_cast<int>(comparison.verdict)) {
        comparison.verdict = verdict;
    }
    comparison.reasons.push_back(std::move(reason));
}

ComparisonRow makeRow(const std::string& phase, const std::string& metric, double baseline,
                      double current, double limit) {
    ComparisonRow row;
    row.phase = phase;
    row.metric = metric;
    row.baseline = baseline;
    row.current = current;
    row.limit = limit;
    return row;
}

std::string formatRatio(double ratio) {
    char text[32];
    std::snprintf(text, sizeof text, "%.2fx", ratio);
    return text;
}

// One judged quantile: where it sits, the quantiles around it (its sparsity), its limit and
// noise, and how many samples it needs (5 beyond it: fewer, and one outlier decides).
struct Quantile {
    const char* metric;
    double q;
    std::int64_t LatencySummary::*field;
    double below_q;  // the bracket: two recorded quantiles around q
    std::int64_t LatencySummary::*below;
    double above_q;
    std::int64_t LatencySummary::*above;
    double limit;
    double noise;     // relative: a share of the baseline's value
    double noise_ns;  // absolute
    std::uint64_t min_samples;
    bool lower_half_too;  // also bracketed by min..q, doubled (the median: see below)
};

// The risk of calling a regression where there is none, for a whole comparison: split evenly
// over the rows it judges (Bonferroni), so that a scenario with many phases is not more likely
// to fail an identical rerun than one with a single phase.
constexpr double kFalseFailRisk = 0.01;

// The one-sided standard normal quantile z with P(Z > z) = risk (bisection on erfc: exact to
// 1e-9, and no table to get wrong).
double upperNormalQuantile(double risk) {
    double low = 0;
    double high = 40;
    while (high - low > 1e-9) {
        const double mid = (low + high) / 2;
        (0.5 * std::erfc(mid / std::sqrt(2.0)) > risk ? low : high) = mid;
    }
    return (low + high) / 2;
}

// Sparsity from a bracket of two recorded quantiles around q: dQ/dq over the bracket.
double bracketSparsity(const LatencySummary& latency, std::int64_t LatencySummary::*low_field,
                       double low_q, std::int64_t LatencySummary::*high_field, double high_q) {
    const double low = static_cast<double>(latency.*low_field);
    const double high = static_cast<double>(latency.*high_field);
    return high > low ? (high - low) / (high_q - low_q) : 0;
}

// Standard error of a quantile from one run's samples, in ns: s * sqrt(q (1 - q) / n), with the
// sparsity s = dQ/dq estimated from the recorded quantiles around q (Siddiqui's estimator, with
// the bracket the summary has: the median from p50..p90, p99 from p90..p99.9, p99.9 from
// p99..p99.99).
// The median's bracket reaches into the tail: when stalls delay more than a tenth of a run's
// samples, p90 lands hundreds of microseconds up and s is a hundred times the sparsity at the
// median, so that no shift of the median could be told from chance. The median therefore also
// has the lower half's bracket (lower_half_too), min..p50, doubled (latency is skewed right, so
// its lower half is denser than the median's neighbourhood: an exponential's by 1.44x), and takes
// the smaller.
double samplingError(const LatencySummary& latency, const Quantile& m) {
    if (latency.*m.field <= 0 || latency.count == 0) {
        return 0;
    }
    double sparsity = bracketSparsity(latency, m.below, m.below_q, m.above, m.above_q);
    if (m.lower_half_too) {
        const double lower_half = bracketSparsity(latency, &LatencySummary::min, 0, m.field, m.q);
        sparsity = lower_half > 0 ? std::min(sparsity, 2 * lower_half) : sparsity;
    }
    return sparsity * std::sqrt(m.q * (1 - m.q) / static_cast<double>(latency.count));
}

// The excess of this run's quantile over what the limit allows, current - limit * baseline, has
// the spread of both runs' sampling errors and of the host's run-to-run noise (relative to the
// baseline's value, plus an absolute part: a wake-up from idle moves a median by microseconds
// whatever its size). Its lower bound beyond 0 is a regression.
// Repeats do not shrink the noise part: runs made back to back share the host's state (a busy
// neighbour, a frequency step), so their noise is correlated, not independent draws. A median of
// N runs is robust to one run's stall; its sampling error shrinks with the pooled sample count.
void judgeQuantile(Comparison& comparison, ComparisonRow& row, const PhaseSummary& current,
                   const PhaseSummary& baseline, const Quantile& m, double z) {
    const double relative = m.noise * row.baseline;
    const double absolute = m.noise_ns;
    const double spread = std::sqrt(std::pow(samplingError(current.latency, m), 2) +
                                    std::pow(m.limit * samplingError(baseline.latency, m), 2) +
                                    relative * relative + absolute * absolute);
    row.ratio_low = std::max(0.0, (row.current - z * spread) / row.baseline);
    row.ratio_high = (row.current + z * spread) / row.baseline;
    if (row.ratio_low > m.limit) {
        row.regressed = true;
        worsen(comparison, Verdict::LatencyRegression,
               current.name + " " + m.metric + " " + formatRatio(row.ratio()) +
                   " of the baseline, at least " + formatRatio(row.ratio_low) +
                   " with 99 % confidence for the whole comparison (limit " + formatRatio(m.limit) +
                   ")");
    } else if (row.ratio() > m.limit) {
        row.warned = true;
        worsen(comparison, Verdict::Warn,
               current.name + " " + m.metric + " " + formatRatio(row.ratio()) +
                   " of the baseline, beyond its limit " + formatRatio(m.limit) +
                   " but within this host's run-to-run noise (99 % bound " +
                   formatRatio(row.ratio_low) + "): rerun, or measure the noise with --repeat");
    }
}

std::array<Quantile, 3> quantilesOf(const Thresholds& thresholds) {
    constexpr double kNsPerUs = 1000;
    return {
        {{"p50", 0.50, &LatencySummary::p50, 0.50, &LatencySummary::p50, 0.90, &LatencySummary::p90,
          thresholds.p50_ratio, thresholds.p50_noise, thresholds.p50_noise_us * kNsPerUs, 20, true},
         {"p99", 0.99, &LatencySummary::p99, 0.90, &LatencySummary::p90, 0.999,
          &LatencySummary::p999, thresholds.p99_ratio, thresholds.p99_noise,
          thresholds.p99_noise_us * kNsPerUs, 500, false},
         {"p99.9", 0.999, &LatencySummary::p999, 0.99, &LatencySummary::p99, 0.9999,
          &LatencySummary::p9999, thresholds.p999_ratio, thresholds.p999_noise,
          thresholds.p999_noise_us * kNsPerUs, 5000, false}}};
}

bool judgeable(const PhaseSummary& current, const PhaseSummary& baseline, const Quantile& m) {
    return std::min(baseline.latency.count, current.latency.count) >= m.min_samples &&
           baseline.latency.*m.field > 0 && current.latency.*m.field > 0;
}

// How many latency rows the comparison judges, for the Bonferroni split of the risk.
std::size_t judgedRows(const ResultSummary& current, const ResultSummary& baseline,
                       const Thresholds& thresholds) {
    std::size_t rows = 0;
    for (std::size_t i = 0; i < current.phases.size(); ++i) {
        for (const Quantile& m : quantilesOf(thresholds)) {
            rows += judgeable(current.phases[i], baseline.phases[i], m) ? 1 : 0;
        }
    }
    return rows;
}

void compareLatency(Comparison& comparison, const PhaseSummary& current,
                    const PhaseSummary& baseline, const Thresholds& thresholds, double z) {
    const std::uint64_t fewest = std::min(baseline.latency.count, current.latency.count);
    if (baseline.latency.count == 0 && current.latency.count == 0) {
        return;  // a phase without serviced stimuli on either side: nothing to judge
    }
    const auto rowFor = [&](const char* metric, std::int64_t LatencySummary::*field, double limit) {
        ComparisonRow row =
            makeRow(current.name, metric, static_cast<double>(baseline.latency.*field),
                    static_cast<double>(current.latency.*field), limit);
        if (baseline.latency.count == 0 || current.latency.count == 0) {
            row.note = baseline.latency.count == 0 ? "no samples in the baseline"
                                                   : "no samples in this run";
        }
        return row;
    };
    for (const Quantile& m : quantilesOf(thresholds)) {
        ComparisonRow row = rowFor(m.metric, m.field, m.limit);
        if (row.note.empty() && fewest < m.min_samples) {
            row.note = "too few samples (" + std::to_string(fewest) + " < " +
                       std::to_string(m.min_samples) + ")";
        } else if (row.note.empty() && judgeable(current, baseline, m)) {
            judgeQuantile(comparison, row, current, baseline, m, z);
        }
        comparison.rows.push_back(row);
    }
    // The maximum is one sample: no interval, judged by its ratio only when a limit is set.
    ComparisonRow max = rowFor("max", &LatencySummary::max, thresholds.max_ratio.value_or(0));
    if (!thresholds.max_ratio) {
        max.note =
            max.note.empty() ? "shown, not judged (thresholds.max_ratio judges it)" : max.note;
    } else if (max.note.empty() && max.baseline > 0 && max.ratio() > *thresholds.max_ratio) {
        max.regressed = true;
        worsen(comparison, Verdict::LatencyRegression,
               current.name + " max " + formatRatio(max.ratio()) + " of the baseline (limit " +
                   formatRatio(*thresholds.max_ratio) + ")");
    }
    comparison.rows.push_back(max);
}

// Counts per run: repeats are compared run for run.
void compareCounts(Comparison& comparison, const PhaseSummary& current,
                   const PhaseSummary& baseline, std::uint32_t current_runs,
                   std::uint32_t baseline_runs) {
    const double stimuli = static_cast<double>(current.stimuli()) / current_runs;
    const double base_stimuli = static_cast<double>(baseline.stimuli()) / baseline_runs;
    ComparisonRow sent =
        makeRow(current.name, "stimuli", base_stimuli, stimuli, kStimuliShareLimit);
    if (base_stimuli > 0 && std::abs(stimuli - base_stimuli) / base_stimuli > kStimuliShareLimit) {
        sent.warned = true;
        worsen(comparison, Verdict::Warn,
               current.name + ": " + std::to_string(current.stimuli()) + " stimuli against " +
                   std::to_string(baseline.stimuli()) +
                   " in the baseline: the runs did not do the same work, rerun to compare");
    }
    comparison.rows.push_back(sent);

    const auto lost = [](const PhaseSummary& p) {
        return static_cast<double>(p.outcomes[static_cast<std::size_t>(Outcome::Lost)]);
    };
    const auto share = [&](const PhaseSummary& p) {
        return p.stimuli() > 0 ? lost(p) / static_cast<double>(p.stimuli()) : 0.0;
    };
    const double lost_share = share(current);
    const double base_lost_share = share(baseline);
    ComparisonRow lost_row =
        makeRow(current.name, "lost", lost(baseline), lost(current), kLostShareLimit);
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
        case Verdict::Warn:
            return "WARN";
        case Verdict::LatencyRegression:
            return "REGRESSION";
        case Verdict::Invalid:
            return "INVALID";
        case Verdict::BadInput:
            return "BAD INPUT";
    }
    return "?";
}

int exitCodeOf(Verdict verdict) {
    switch (verdict) {
        case Verdict::Pass:
        case Verdict::Warn:
            return 0;
        case Verdict::LatencyRegression:
            return 1;
        case Verdict::Invalid:
            return 2;
        case Verdict::BadInput:
            return 3;
    }
    return 3;
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
    const std::size_t judged = std::max<std::size_t>(1, judgedRows(current, baseline, thresholds));
    const double z = upperNormalQuantile(kFalseFailRisk / static_cast<double>(judged));
    for (std::size_t i = 0; i < current.phases.size(); ++i) {
        compareLatency(comparison, current.phases[i], baseline.phases[i], thresholds, z);
        compareCounts(comparison, current.phases[i], baseline.phases[i], current.runs,
                      baseline.runs);
    }
    return comparison;
}

}  // namespace engine
