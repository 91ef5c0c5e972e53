#include "run_command.h"

#include <unistd.h>

#include <QDateTime>
#include <QFile>
#include <atomic>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iomanip>
#include <memory>
#include <optional>
#include <ostream>
#include <sstream>

#include "atomic_file.h"
#include "baseline.h"
#include "command_line.h"
#include "comparison_table.h"
#include "cyclictest_histogram.h"
#include "html_report.h"
#include "junit_report.h"
#include "metrics_server.h"
#include "percentile_distribution.h"
#include "result_json.h"
#include "run_controller.h"
#include "run_history.h"
#include "run_metrics.h"
#include "samples_csv.h"

namespace cli {
namespace {

namespace fs = std::filesystem;

constexpr int kInvalidRun = 2;

std::atomic<bool> g_stop{false};

// First Ctrl-C (or SIGTERM: a CI job's timeout, the window's export panel closing): end the run
// cleanly, the report is still written. Second: the default action.
void onInterrupt(int signal_number) {
    g_stop.store(true, std::memory_order_release);
    std::signal(signal_number, SIG_DFL);
}

struct RunArguments {
    std::string scenario_file;  // empty: the built-in default scenario
    std::vector<std::string> overrides;
    std::string out_dir;
    std::string baseline;
    std::string junit;
    std::string history;  // empty: the default path
    bool use_history = true;
    bool quiet = false;
    int repeat = 1;              // runs of the scenario, judged together (--repeat)
    std::string metrics_listen;  // HOST:PORT of the live endpoint; empty: none
    // Where each run publishes its metrics while it goes on: the endpoint's holder once runRun
    // has opened it, nullptr without --metrics-listen.
    metrics::MetricsHolder* live_metrics = nullptr;
};

CommandLine runCommandLine() {
    CommandLine line(
        "run", "[options]",
        "Runs a scenario on a fixture (default: the built-in scenario, the whole life cycle on "
        "the virtual fixture), writes the report and records it in the history; against a "
        "baseline, prints the verdict table.");
    line.option({"scenario"}, "a scenario file (resources/scenarios/README.md)", "FILE")
        .option({"set"},
                "override a scenario field, e.g. --set backend.bus=fixed:250us, --set "
                "realtime.priority=80; repeatable, the same checks as the file",
                "PATH=VALUE")
        .option({"out"},
                "where result.json, samples.csv, report.html, histogram.txt (cyclictest -h), "
                "latency.hgrm (HdrHistogram) and metrics.prom (Prometheus textfile) go "
                "(default: isrbench-runs/<UTC time>)",
                "DIR")
        .option({"baseline"},
                "compare with an earlier result.json (or repeat.json), phase by phase, against "
                "the scenario's thresholds and noise model",
                "FILE")
        .option({"repeat"},
                "run the scenario N times (OUT/run-1 .. OUT/run-N) and judge the medians over "
                "the runs; OUT/repeat.json lists them",
                "N")
        .option({"junit"}, "also write the verdict as JUnit XML", "FILE")
        .option({"history"},
                "the history database (default: $ISRBENCH_HISTORY, else "
                "$XDG_DATA_HOME/isrbench/history.sqlite, else "
                "~/.local/share/isrbench/history.sqlite)",
                "FILE")
        .option({"no-history"}, "record nothing in the history")
        .option({"quiet"}, "no progress line")
        .option({"metrics-listen"},
                "serve the run's metrics.prom families over HTTP while it goes on (GET /metrics, "
                "Prometheus text; refreshed each second; port 0: any free port)",
                "HOST:PORT")
        .epilogue(
            "Exit status: 0 pass (or warn: slower than a limit, within the host's noise), 1 "
            "latency regression, 2 contract violation or invalid run, 3 bad input.\n"
            "Ctrl-C or SIGTERM ends a run early; the report and the history still get "
            "everything up to that point.\n");
    return line;
}

RunArguments runArgumentsFrom(const CommandLine& line) {
    RunArguments parsed;
    parsed.scenario_file = line.value("scenario");
    parsed.overrides = line.values("set");
    parsed.out_dir = line.value("out");
    parsed.baseline = line.value("baseline");
    parsed.junit = line.value("junit");
    parsed.history = line.value("history");
    parsed.use_history = !line.isSet("no-history");
    parsed.quiet = line.isSet("quiet");
    parsed.metrics_listen = line.value("metrics-listen");
    parsed.repeat = static_cast<int>(line.wholeNumber("repeat", 1, 100).value_or(1));
    if (parsed.repeat > 1 && !parsed.junit.empty()) {
        throw UsageError(
            "--junit writes one run's verdict: not with --repeat (each run's "
            "result.json and the repeat's exit status say it all)");
    }
    if (parsed.out_dir.empty()) {
        parsed.out_dir =
            "isrbench-runs/" +
            QDateTime::currentDateTimeUtc().toString("yyyyMMdd-HHmmss-zzz").toStdString();
    }
    return parsed;
}

}  // namespace

std::optional<std::string> builtinScenarioText() {
    QFile builtin(":/scenarios/default.json");
    if (!builtin.open(QIODevice::ReadOnly)) {
        return std::nullopt;
    }
    return builtin.readAll().toStdString();
}

namespace {

engine::Scenario loadScenario(const RunArguments& args) {
    if (!args.scenario_file.empty()) {
        return engine::loadScenarioFile(args.scenario_file, args.overrides);
    }
    const std::optional<std::string> text = builtinScenarioText();
    if (!text) {
        throw UsageError("the built-in default scenario is missing from this build");
    }
    return engine::parseScenario(*text, kBuiltinScenarioName, args.overrides);
}

std::string micros(std::int64_t ns) {
    std::ostringstream text;
    text << std::fixed << std::setprecision(1) << static_cast<double>(ns) / 1000.0;
    return text.str();
}

// The progress line: redrawn in place on a terminal, one line a second otherwise (logs).
class ProgressLine {
public:
    ProgressLine(std::ostream& err, bool quiet) : err_(err), quiet_(quiet), tty_(isatty(2) != 0) {}

    void show(const engine::RunProgress& p) {
        if (quiet_ || (!tty_ && p.elapsed_ms < next_log_ms_)) {
            return;
        }
        next_log_ms_ = p.elapsed_ms + 1000;
        const double done =
            p.planned_ms > 0 ? static_cast<double>(p.elapsed_ms) / static_cast<double>(p.planned_ms)
                             : 1.0;
        const int filled = static_cast<int>(std::min(1.0, done) * 20);
        std::ostringstream line;
        line << '[' << std::string(static_cast<std::size_t>(filled), '#')
             << std::string(static_cast<std::size_t>(20 - filled), '.') << "] " << std::setw(3)
             << static_cast<int>(done * 100) << "%  " << std::fixed << std::setprecision(1)
             << static_cast<double>(p.elapsed_ms) / 1000 << '/'
             << static_cast<double>(p.planned_ms) / 1000 << " s  ETA "
             << static_cast<double>(std::max<std::int64_t>(0, p.planned_ms - p.elapsed_ms)) / 1000
             << " s  phase " << p.phase << "  interrupts " << p.interrupts << "  serviced "
             << p.serviced << "  p99(1 s) " << micros(p.last_p99_ns) << " us";
        if (p.violations > 0) {
            line << "  VIOLATIONS " << p.violations;
        }
        err_ << (tty_ ? "\r\33[K" : "") << line.str() << (tty_ ? "" : "\n") << std::flush;
        drawn_ = tty_;
    }
    void finish() {
        if (drawn_) {
            err_ << '\n';
        }
    }

private:
    std::ostream& err_;
    const bool quiet_;
    const bool tty_;
    std::int64_t next_log_ms_ = 0;
    bool drawn_ = false;
};

void printPhaseTable(std::ostream& out, const engine::RunResult& result) {
    out << std::left << std::setw(16) << "phase" << std::right << std::setw(8) << "stimuli"
        << std::setw(10) << "serviced" << std::setw(11) << "suppressed" << std::setw(10)
        << "unclaimed" << std::setw(6) << "lost" << std::setw(10) << "violation" << std::setw(9)
        << "p50 us" << std::setw(9) << "p99 us" << std::setw(10) << "p99.9 us" << std::setw(9)
        << "max us" << '\n';
    const auto row = [&](const std::string& name, const engine::PhaseStatistics& s) {
        const engine::LatencySummary l = s.latency.summary();
        out << std::left << std::setw(16) << name << std::right << std::setw(8) << s.stimuli()
            << std::setw(10) << s.count(engine::Outcome::Serviced) << std::setw(11)
            << s.count(engine::Outcome::Suppressed) << std::setw(10)
            << s.count(engine::Outcome::Unclaimed) << std::setw(6) << s.count(engine::Outcome::Lost)
            << std::setw(10) << s.count(engine::Outcome::Violation);
        if (l.count > 0) {
            out << std::setw(9) << micros(l.p50) << std::setw(9) << micros(l.p99) << std::setw(10)
                << micros(l.p999) << std::setw(9) << micros(l.max);
        }
        out << '\n';
    };
    for (std::size_t i = 0; i < result.phases.size(); ++i) {
        row(result.phases[i].phase.name, result.statistics.phase(i));
    }
    row("overall", result.statistics.overall());
}

void printSource(std::ostream& out, const engine::RunMetadata& meta) {
    const engine::RunSource& s = meta.source;
    out << "isrbench run: " << meta.scenario_name << " [" << meta.scenario_file << "]\n"
        << "source: " << s.label << (s.simulated ? " (simulated loopback)" : "") << ", bus "
        << s.bus_model << (s.faults.empty() ? "" : ", faults " + s.faults) << ", wiring "
        << s.wiring << ", clock-sync error bound "
        << micros(static_cast<std::int64_t>(s.clock_sync_error_ns)) << " us\n";
    const engine::HostFacts& host = meta.host_facts;
    out << "host: " << meta.kernel << " (" << host.preemption << "), " << host.cpus << " CPUs "
        << host.cpu_model << ", governor " << host.governor << ", clocksource " << host.clocksource
        << (host.isolcpus.empty() ? std::string() : ", isolcpus " + host.isolcpus) << '\n'
        << "real-time: " << engine::describeGrant(meta.realtime) << '\n';
    for (const std::string& refused : meta.realtime.refused) {
        out << "real-time: not granted: " << refused << '\n';
    }
    if (meta.emulated) {
        out << "machine: " << meta.machine
            << " (emulated hardware: behaviour and accounting hold, latency figures are not "
               "real time)\n";
    }
}

// Everything that records the run as it goes: samples.csv and the history.
class RunRecorders {
public:
    // `live`: the endpoint's holder (--metrics-listen), or nullptr.
    RunRecorders(const RunArguments& args, metrics::MetricsHolder* live, std::ostream& err)
        : args_(args), live_(live), err_(err) {}

    void start(const engine::RunMetadata& meta, const std::vector<engine::Phase>& phases) {
        csv_ =
            std::make_unique<report::SamplesCsv>(fs::path(args_.out_dir) / "samples.csv", phases);
        metrics_ = std::make_unique<report::RunMetrics>(phases.size());
        meta_ = meta;
        phases_ = phases;
        if (!args_.use_history) {
            return;
        }
        try {
            history_ = std::make_unique<archive::RunHistory>(args_.history);
            run_id_ = history_->beginRun(meta, phases);
            latency_so_far_ = std::make_unique<engine::LatencyHistogram>();
        } catch (const std::exception& error) {
            warnHistory(error.what());
        }
    }
    void timeZero(std::int64_t start_ns) {
        if (csv_) {
            csv_->setTimeZero(start_ns);
        }
    }
    void sample(const engine::Sample& sample) {
        if (csv_) {
            csv_->add(sample);
        }
        cyclictest_.add(sample);
        if (latency_so_far_ && sample.hasLatency()) {
            latency_so_far_->record(sample.latencyNs());
        }
        if (metrics_) {
            metrics_->add(sample);
        }
    }
    const report::CyclictestHistogram& cyclictest() const { return cyclictest_; }
    std::string metricsText(const engine::RunResult& result) const {
        return metrics_ ? metrics_->text(result) : report::RunMetrics(0).text(result);
    }
    // The endpoint serves the finished run's figures (what metrics.prom gets) from now on.
    void publishResult(const engine::RunResult& result) {
        if (live_ != nullptr) {
            live_->publish(metricsText(result));
        }
    }
    void second(const engine::SecondTally& tally) {
        if (live_ != nullptr && metrics_) {
            live_->publish(metrics_->progressText(meta_, phases_));
        }
        if (!history_) {
            return;
        }
        try {
            // The distribution so far goes with each second, so that a killed run keeps it.
            const archive::LatencyDistribution so_far{
                archive::HistogramBuckets::of(*latency_so_far_), cyclictest_.counted(), false};
            history_->recordSecond(
                run_id_,
                archive::secondSummaryOf(tally.second, tally.phase, (tally.second + 1) * 1000,
                                         tally.outcomes, tally.latency),
                &so_far);
        } catch (const std::exception& error) {
            warnHistory(error.what());
        }
    }
    // Throws WriteError if what was written did not all reach the disk.
    void closeSamples() {
        if (csv_) {
            csv_->close();
        }
    }
    void finish(const engine::RunResult& result, int exit_code, const std::string& verdict,
                const std::string& result_json) {
        if (!history_) {
            return;
        }
        try {
            archive::FinishedRun finished =
                archive::finishedRunOf(result, exit_code, verdict, result_json);
            // What histogram.txt and latency.hgrm were written from.
            finished.distribution = archive::LatencyDistribution{
                archive::HistogramBuckets::of(result.statistics.overall().latency),
                cyclictest_.counted(), true};
            history_->finishRun(run_id_, finished);
        } catch (const std::exception& error) {
            warnHistory(error.what());
        }
    }
    // The run could not go on: the history says so instead of "running" for ever.
    void abandon(const std::string& why) {
        if (!history_) {
            return;
        }
        try {
            archive::FinishedRun finished;
            finished.state = archive::RunState::Invalid;
            finished.end_reason = why;
            finished.exit_code = kInvalidRun;
            history_->finishRun(run_id_, finished);
        } catch (const std::exception& error) {
            warnHistory(error.what());
        }
    }
    std::int64_t runId() const { return history_ ? run_id_ : 0; }

private:
    // The history is a convenience: a run whose database is unwritable still reports, says so.
    void warnHistory(const std::string& why) {
        err_ << "isrbench run: the history is not updated: " << why << '\n';
        history_.reset();
        latency_so_far_.reset();
    }

    const RunArguments& args_;
    metrics::MetricsHolder* live_;
    std::ostream& err_;
    engine::RunMetadata meta_;
    std::vector<engine::Phase> phases_;
    std::unique_ptr<report::SamplesCsv> csv_;
    report::CyclictestHistogram cyclictest_;
    std::unique_ptr<report::RunMetrics> metrics_;
    std::unique_ptr<archive::RunHistory> history_;
    std::unique_ptr<engine::LatencyHistogram> latency_so_far_;  // with a history only
    std::int64_t run_id_ = 0;
};

engine::Comparison judge(const engine::RunResult& result,
                         const std::optional<engine::ResultSummary>& baseline,
                         const engine::Thresholds& thresholds) {
    const engine::ResultSummary current = engine::summarise(result);
    return baseline ? engine::compareWithBaseline(current, *baseline, thresholds)
                    : engine::judgeAlone(current);
}

// Each output is written on its own: one that fails (a full disk, a bad --junit path) is said,
// and the others, the history's end of the run included, are still written.
int writeOutputs(const RunArguments& args, const engine::RunResult& result,
                 const engine::Comparison& comparison, bool with_baseline, RunRecorders& recorders,
                 std::ostream& err) {
    const fs::path dir(args.out_dir);
    const std::string verdict(engine::verdictName(comparison.verdict));
    const std::string json = report::resultToJson(result);
    int failures = 0;
    const auto attempt = [&](auto&& write) {
        try {
            write();
        } catch (const std::exception& error) {
            err << "isrbench run: " << error.what() << '\n';
            ++failures;
        }
    };
    attempt([&] { report::writeFileAtomically(dir / "result.json", json); });
    attempt([&] { recorders.closeSamples(); });
    attempt([&] {  // the formats cyclictest's and HdrHistogram's plotting scripts read
        report::writeFileAtomically(dir / "histogram.txt", recorders.cyclictest().text());
        report::writeFileAtomically(dir / "latency.hgrm", report::percentileDistribution(
                                                              result.statistics.overall().latency));
    });
    attempt([&] {  // for node_exporter's textfile collector
        report::writeFileAtomically(dir / "metrics.prom", recorders.metricsText(result));
    });
    attempt([&] {
        report::writeHtmlReport(result, dir, with_baseline || !result.valid() ? verdict : "");
    });
    if (!args.junit.empty()) {
        attempt([&] { report::writeJunit(result, comparison, with_baseline, args.junit); });
    }
    const int exit_code = failures > 0
                              ? std::max(kInvalidRun, engine::exitCodeOf(comparison.verdict))
                              : engine::exitCodeOf(comparison.verdict);
    recorders.finish(result, exit_code, with_baseline ? verdict : "", json);
    return exit_code;
}

// cyclictest's discipline: a train that could not keep its timebase says so, with how often and
// how late, and from when its latency was counted.
void printLateStimuli(std::ostream& out, const engine::RunResult& result) {
    const engine::RunCounters& c = result.counters;
    if (c.stimuli_left_late == 0 && c.late_stimuli == 0) {
        return;
    }
    out << "stimulus train: " << c.stimuli_left_late
        << " stimuli left over 1 us after their place on the timebase, " << c.late_stimuli
        << " of them a period or more; the latest " << micros(c.stimulus_max_late_ns)
        << " us late (their latency counts from "
        << (result.meta.latency_from == "edge" ? "when they left)\n" : "when they were due)\n");
}

void printVerdict(std::ostream& out, const RunArguments& args, const engine::RunResult& result,
                  const engine::Comparison& comparison, bool with_baseline,
                  std::int64_t history_run) {
    const fs::path dir(args.out_dir);
    printPhaseTable(out, result);
    printLateStimuli(out, result);
    const engine::RunSource& source = result.meta.source;
    if (source.clockMapped()) {
        out << "fixture clock: error bound " << micros(std::llround(source.clock_sync_error_ns))
            << " us at the end, worst " << micros(std::llround(source.clock_sync_worst_error_ns))
            << " us over the run; drift " << std::fixed << std::setprecision(2)
            << std::round(source.clock_drift_ppm * 100) / 100 + 0.0 << std::defaultfloat
            << " ppm from " << source.clock_samples << " GET_CLOCK round trips\n";
    }
    printComparison(out, comparison);
    for (const std::string& reason : comparison.reasons) {
        out << "  - " << reason << '\n';
    }
    out << "\nverdict: " << engine::verdictName(comparison.verdict)
        << (with_baseline ? "" : " (no baseline: accounting only)")
        << (result.meta.interrupted ? " — run cut short: " + result.meta.end_reason : "")
        << "\nreport: " << (dir / "report.html").string() << ", " << (dir / "result.json").string()
        << ", " << (dir / "samples.csv").string() << ", " << (dir / "histogram.txt").string()
        << ", " << (dir / "latency.hgrm").string() << ", " << (dir / "metrics.prom").string();
    if (history_run > 0) {
        out << "\nhistory: run " << history_run << " in " << args.history;
    }
    out << '\n';
}

// The baseline must have run the same timeline: refused before the run, not after it. A
// baseline from another source or scenario is compared, and the difference said.
std::string checkBaselineFits(const engine::Scenario& scenario,
                              const engine::ResultSummary& baseline, std::ostream& err) {
    std::vector<engine::PortState> states;
    for (const engine::Phase& phase : scenario.phases()) {
        states.push_back(phase.state);
    }
    std::string why;
    if (!engine::phasesMatch(states, baseline, why)) {
        return "the baseline ran another timeline: " + why;
    }
    if (baseline.meta.source.simulated !=
        (scenario.backend.kind == engine::BackendKind::VirtualFixture)) {
        err << "isrbench run: note: the baseline ran on " << baseline.meta.source.label
            << (baseline.meta.source.simulated ? " (simulated)" : "")
            << ", this run does not: the comparison crosses sources\n";
    }
    return {};
}

// One run of the scenario into args.out_dir, judged against the baseline when there is one:
// its report, its history entry, its verdict; the exit status. `summary` receives what it
// measured (for --repeat).
int runOnce(const RunArguments& args, engine::RunOptions options,
            const std::optional<engine::ResultSummary>& baseline, std::ostream& out,
            std::ostream& err, engine::ResultSummary* summary = nullptr) {
    std::error_code created;
    fs::create_directories(args.out_dir, created);
    if (created) {
        err << "isrbench run: cannot create " << args.out_dir << ": " << created.message() << '\n';
        return kExitBadInput;
    }
    RunRecorders recorders(args, args.live_metrics, err);
    ProgressLine progress(err, args.quiet);
    options.on_start = [&](const engine::RunMetadata& meta,
                           const std::vector<engine::Phase>& phases) {
        printSource(out, meta);
        out << std::flush;
        recorders.start(meta, phases);
    };
    options.on_time_zero = [&](std::int64_t start_ns) { recorders.timeZero(start_ns); };
    options.on_sample = [&](const engine::Sample& sample) { recorders.sample(sample); };
    options.on_second = [&](const engine::SecondTally& tally) { recorders.second(tally); };
    options.on_progress = [&](const engine::RunProgress& p) { progress.show(p); };

    g_stop.store(false);
    const auto previous = std::signal(SIGINT, onInterrupt);
    const auto previous_term = std::signal(SIGTERM, onInterrupt);
    const auto restore = [&] {
        std::signal(SIGINT, previous);
        std::signal(SIGTERM, previous_term);
    };
    try {
        const engine::RunResult result = engine::runScenario(options);
        restore();
        progress.finish();
        recorders.publishResult(result);
        const engine::Comparison comparison = judge(result, baseline, options.scenario.thresholds);
        const int exit_code =
            writeOutputs(args, result, comparison, baseline.has_value(), recorders, err);
        printVerdict(out, args, result, comparison, baseline.has_value(), recorders.runId());
        if (summary != nullptr) {
            *summary = engine::summarise(result);
        }
        return exit_code;
    } catch (const engine::RunError& error) {
        restore();
        progress.finish();
        recorders.abandon(error.what());
        err << "isrbench run: " << error.what() << '\n';
        return kInvalidRun;
    }
}

// --repeat N: N runs into OUT/run-1 .. OUT/run-N, each reported and recorded on its own, then
// judged together: each latency figure the median over the runs, the noise model scaled to
// the number of runs on each side (engine/baseline.h). OUT/repeat.json lists the runs; it can be
// the --baseline of a later repeat.
int runRepeated(const RunArguments& args, const engine::RunOptions& options,
                const std::optional<engine::ResultSummary>& baseline, std::ostream& out,
                std::ostream& err) {
    std::vector<engine::ResultSummary> runs;
    std::vector<std::string> files;
    int worst = 0;
    for (int run = 1; run <= args.repeat; ++run) {
        RunArguments one = args;
        one.out_dir = (fs::path(args.out_dir) / ("run-" + std::to_string(run))).string();
        one.junit.clear();
        out << "\n== run " << run << " of " << args.repeat << " ==\n";
        engine::ResultSummary summary;
        const int code = runOnce(one, options, std::nullopt, out, err, &summary);
        worst = std::max(worst, code);
        if (code == kExitBadInput || code == kInvalidRun || summary.phases.empty()) {
            err << "isrbench run: run " << run << " of " << args.repeat
                << " did not complete: the repeat stops here\n";
            return std::max(worst, kInvalidRun);
        }
        runs.push_back(std::move(summary));
        files.push_back("run-" + std::to_string(run) + "/result.json");
        if (g_stop.load() || runs.back().meta.interrupted) {
            err << "isrbench run: stopped after run " << run << " of " << args.repeat << '\n';
            break;
        }
    }
    const auto combined = engine::combineRuns(runs);
    const engine::Comparison comparison =
        baseline ? engine::compareWithBaseline(*combined, *baseline, options.scenario.thresholds)
                 : engine::judgeAlone(*combined);
    const std::string verdict(engine::verdictName(comparison.verdict));
    try {
        report::writeFileAtomically(fs::path(args.out_dir) / "repeat.json",
                                    report::repeatToJson(files, verdict));
    } catch (const std::exception& error) {
        err << "isrbench run: " << error.what() << '\n';
        worst = std::max(worst, kInvalidRun);
    }
    out << "\n== " << runs.size() << " runs judged together (medians over the runs) ==\n";
    printComparison(out, comparison);
    for (const std::string& reason : comparison.reasons) {
        out << "  - " << reason << '\n';
    }
    out << "\nverdict: " << verdict << (baseline ? "" : " (no baseline: accounting only)")
        << "\nrepeat: " << (fs::path(args.out_dir) / "repeat.json").string() << '\n';
    return std::max(worst, engine::exitCodeOf(comparison.verdict));
}

}  // namespace

int runRun(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err,
           const std::string& tool_version) {
    CommandLine line = runCommandLine();
    auto parsed = line.parseAndRead(argv, out, err, runArgumentsFrom);
    if (const int* status = std::get_if<int>(&parsed)) {
        return *status;
    }
    RunArguments& args = std::get<RunArguments>(parsed);
    engine::RunOptions options;
    std::optional<engine::ResultSummary> baseline;
    try {
        if (args.use_history && args.history.empty()) {
            args.history = archive::defaultHistoryPath();  // throws when there is no home at all
        }
        options.scenario = loadScenario(args);
        if (!args.baseline.empty()) {
            baseline = report::readBaseline(args.baseline);  // before the run, not after
            if (const std::string unfit = checkBaselineFits(options.scenario, *baseline, err);
                !unfit.empty()) {
                err << "isrbench run: " << args.baseline << ": " << unfit << '\n';
                return kExitBadInput;
            }
        }
    } catch (const std::exception& error) {
        err << "isrbench run: " << error.what() << '\n';
        return kExitBadInput;
    }
    options.scenario_file = args.scenario_file.empty() ? "(built-in default)" : args.scenario_file;
    options.tool_version = tool_version;
    options.stop = &g_stop;

    // The endpoint lives as long as the command: a --repeat's runs are served one after another.
    metrics::MetricsHolder live_metrics;
    std::unique_ptr<metrics::MetricsServer> endpoint;
    if (!args.metrics_listen.empty()) {
        try {
            endpoint = std::make_unique<metrics::MetricsServer>(args.metrics_listen, live_metrics);
        } catch (const metrics::MetricsServerError& error) {
            return line.refuse(std::string("--metrics-listen: ") + error.what(), err);
        }
        args.live_metrics = &live_metrics;
        err << "isrbench run: metrics at " << endpoint->url() << '\n';
    }
    return args.repeat == 1 ? runOnce(args, options, baseline, out, err)
                            : runRepeated(args, options, baseline, out, err);
}

}  // namespace cli
