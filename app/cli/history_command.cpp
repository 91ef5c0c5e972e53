#include "history_command.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <charconv>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <limits>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <utility>

#include "command_line.h"
#include "comparison_table.h"
#include "cyclictest_histogram.h"
#include "percentile_distribution.h"
#include "run_comparison.h"
#include "run_history.h"

namespace cli {
namespace {

constexpr std::size_t kDefaultLimit = 20;

// Anything wrong with what the user asked for: one line on err, exit code 3.
class BadInput : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// --format: one run's latencies in a format other tools plot, as `isrbench run` wrote them.
enum class PlotFormat { None, Cyclictest, Hgrm };

struct HistoryOptions {
    std::string path;  // empty: archive::defaultHistoryPath()
    std::size_t limit = kDefaultLimit;
    std::optional<std::int64_t> show;
    std::optional<std::pair<std::int64_t, std::int64_t>> compare;  // baseline, current
    bool json = false;
    PlotFormat format = PlotFormat::None;
};

// --- options ---

CommandLine historyCommandLine() {
    CommandLine line("history",
                     "[--limit N | --show ID [--format NAME] | --compare BASELINE_ID ID] [options]",
                     "The runs in the run history, newest first, or one run again, or one run "
                     "judged against another as `isrbench run --baseline` would, with run ID's "
                     "thresholds.");
    line.option({"limit"}, "list at most N runs (default 20)", "N")
        .option({"show"}, "one run again: its phases, counts and latency", "ID")
        .option({"compare"}, "judge run ID (the argument after BASELINE_ID) against BASELINE_ID",
                "BASELINE_ID")
        .option({"format"},
                "with --show: the run's serviced latencies on stdout as `isrbench run` wrote "
                "them, 'cyclictest' (histogram.txt, cyclictest -h) or 'hgrm' (latency.hgrm, "
                "HdrHistogram's percentile distribution)",
                "NAME")
        .option({"json"}, "the list or the run as JSON")
        .option({"history"},
                "the history database (default: $ISRBENCH_HISTORY, else "
                "$XDG_DATA_HOME/isrbench/history.sqlite, else "
                "~/.local/share/isrbench/history.sqlite)",
                "FILE")
        .positionals(1)
        .epilogue(
            "Example: isrbench history --show 7 --format hgrm > run7.hgrm\n"
            "Exit status: 0 (with --compare: pass), 1 latency regression, 2 invalid run, 3 bad "
            "input, not comparable, or (--format) a run with no stored distribution.\n");
    return line;
}

constexpr std::int64_t kNoLimit = std::numeric_limits<std::int64_t>::max();

PlotFormat plotFormatFrom(const CommandLine& line) {
    if (!line.isSet("format")) {
        return PlotFormat::None;
    }
    const std::string name = line.value("format");
    if (name == "cyclictest") {
        return PlotFormat::Cyclictest;
    }
    if (name == "hgrm") {
        return PlotFormat::Hgrm;
    }
    if (name == "prometheus") {
        throw UsageError(
            "--format prometheus: the history cannot rebuild a run's metrics.prom (it does not "
            "keep the per-phase Prometheus buckets and sums); use the metrics.prom in the run's "
            "output directory");
    }
    throw UsageError("--format takes cyclictest or hgrm, not '" + name + "'");
}

HistoryOptions historyOptionsFrom(const CommandLine& line) {
    HistoryOptions options;
    options.limit = static_cast<std::size_t>(
        line.wholeNumber("limit", 1, kNoLimit).value_or(static_cast<std::int64_t>(kDefaultLimit)));
    options.show = line.wholeNumber("show", 1, kNoLimit);
    options.path = line.value("history");
    if (line.isSet("history") && options.path.empty()) {
        throw UsageError("--history needs a file name");
    }
    options.json = line.isSet("json");
    options.format = plotFormatFrom(line);
    if (options.format != PlotFormat::None && !options.show) {
        throw UsageError("--format needs --show ID: it prints one run's latencies");
    }
    if (options.format != PlotFormat::None && options.json) {
        throw UsageError("--format and --json are two outputs: choose one");
    }
    const std::vector<std::string> ids = line.positionalArguments();
    if (const auto baseline = line.wholeNumber("compare", 1, kNoLimit)) {
        if (ids.empty()) {
            throw UsageError("--compare takes two run IDs: BASELINE_ID ID");
        }
        std::int64_t current = 0;
        const char* end = ids.front().data() + ids.front().size();
        const auto [stop, error] = std::from_chars(ids.front().data(), end, current);
        if (error != std::errc{} || stop != end || current <= 0) {
            throw UsageError("--compare takes two run IDs, not '" + ids.front() + "'");
        }
        options.compare = std::pair{*baseline, current};
    } else if (!ids.empty()) {
        throw UsageError("unexpected argument '" + ids.front() + "'");
    }
    return options;
}

// --- formatting ---

std::string localTime(std::int64_t unix_ms) {
    const std::time_t seconds = static_cast<std::time_t>(unix_ms / 1000);
    std::tm local{};
    char text[32] = "?";
    if (localtime_r(&seconds, &local) != nullptr) {
        std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &local);
    }
    return text;
}

std::string fixed(double value, const char* format) {
    char text[48];
    std::snprintf(text, sizeof text, format, value);
    return text;
}

std::string micros(std::int64_t ns) {
    return fixed(static_cast<double>(ns) / 1000.0, "%.1f");
}
std::string duration(std::int64_t ms) {
    return fixed(static_cast<double>(ms) / 1000.0, "%.1f s");
}
std::string microsOrDash(const std::optional<std::int64_t>& ns) {
    return ns ? micros(*ns) : "-";
}

std::string firstLine(const std::string& text) {
    return text.substr(0, text.find('\n'));
}

// UTF-8 characters, not bytes: "µs" is one column wider than it is long.
std::size_t displayWidth(const std::string& text) {
    std::size_t width = 0;
    for (const char c : text) {
        width += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    }
    return width;
}

// Columns as wide as their widest cell; 'r' columns (numbers) right-aligned, 'l' left.
class TextTable {
public:
    TextTable(std::vector<std::string> header, std::string alignment)
        : alignment_(std::move(alignment)) {
        rows_.push_back(std::move(header));
    }
    void add(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }

    void print(std::ostream& out) const {
        std::vector<std::size_t> widths(alignment_.size(), 0);
        for (const auto& row : rows_) {
            for (std::size_t c = 0; c < row.size() && c < widths.size(); ++c) {
                widths[c] = std::max(widths[c], displayWidth(row[c]));
            }
        }
        for (const auto& row : rows_) {
            printRow(out, row, widths);
        }
    }

private:
    void printRow(std::ostream& out, const std::vector<std::string>& row,
                  const std::vector<std::size_t>& widths) const {
        std::string line;
        for (std::size_t c = 0; c < row.size() && c < widths.size(); ++c) {
            const std::string padding(widths[c] - displayWidth(row[c]), ' ');
            line += c == 0 ? "" : "  ";
            line += alignment_[c] == 'r' ? padding + row[c] : row[c] + padding;
        }
        out << line.substr(0, line.find_last_not_of(' ') + 1) << '\n';
    }

    std::string alignment_;
    std::vector<std::vector<std::string>> rows_;
};

void printJsonLine(std::ostream& out, const QJsonObject& object) {
    out << QJsonDocument(object).toJson(QJsonDocument::Compact).toStdString() << '\n';
}

QString text(const std::string& value) {
    return QString::fromStdString(value);
}

QJsonValue optionalJson(const std::optional<std::int64_t>& value) {
    return value ? QJsonValue(static_cast<qint64>(*value)) : QJsonValue(QJsonValue::Null);
}

// --- the listing ---

QJsonObject summaryJson(const archive::RunSummary& run) {
    return QJsonObject{{"id", static_cast<qint64>(run.id)},
                       {"started_unix_ms", static_cast<qint64>(run.started_unix_ms)},
                       {"scenario", text(run.scenario_name)},
                       {"source", text(run.source_label)},
                       {"simulated", run.simulated},
                       {"state", text(std::string(archive::runStateName(run.state)))},
                       {"duration_ms", static_cast<qint64>(run.duration_ms)},
                       {"stimuli", static_cast<qint64>(run.stimuli)},
                       {"p50_ns", optionalJson(run.p50_ns)},
                       {"p99_ns", optionalJson(run.p99_ns)},
                       {"verdict", text(run.verdict)}};
}

int listRuns(const archive::RunHistory& history, const HistoryOptions& options, std::ostream& out) {
    const auto runs = history.list(options.limit);
    if (options.json) {
        for (const auto& run : runs) {
            printJsonLine(out, summaryJson(run));
        }
        return 0;
    }
    if (runs.empty()) {
        out << "No runs recorded yet in " << history.path() << ".\n";
        return 0;
    }
    TextTable table({"ID", "STARTED", "SCENARIO", "SOURCE", "STATE", "DURATION", "STIMULI",
                     "P50 µs", "P99 µs", "VERDICT"},
                    "rllllrrrrl");
    for (const auto& run : runs) {
        table.add({std::to_string(run.id), localTime(run.started_unix_ms), run.scenario_name,
                   run.source_label + (run.simulated ? " (simulated)" : ""),
                   std::string(archive::runStateName(run.state)), duration(run.duration_ms),
                   std::to_string(run.stimuli), microsOrDash(run.p50_ns), microsOrDash(run.p99_ns),
                   run.verdict.empty() ? "-" : firstLine(run.verdict)});
    }
    table.print(out);
    return 0;
}

// --- one run ---

std::string stateLine(const archive::StoredRun& run) {
    const archive::RunSummary& summary = run.summary;
    const std::string writer = "pid " + std::to_string(run.writer_pid) + " on " + run.writer_host;
    switch (summary.state) {
        case archive::RunState::Running:
            return "running (" + writer + "), " + duration(summary.duration_ms) +
                   " recorded so far";
        case archive::RunState::Incomplete:
            return "incomplete: its process (" + writer + ") is gone; " +
                   duration(summary.duration_ms) + " recorded";
        default:
            return std::string(archive::runStateName(summary.state)) + " after " +
                   duration(summary.duration_ms) + " (" + duration(run.meta.planned_ms) +
                   " planned), exit code " + std::to_string(run.exit_code) +
                   (run.meta.end_reason.empty() ? "" : ", " + run.meta.end_reason);
    }
}

void printMetadata(const archive::StoredRun& run, std::ostream& out) {
    const engine::RunMetadata& meta = run.meta;
    const std::string source = meta.source.label +
                               (meta.source.bus_model.empty() ? "" : ", " + meta.source.bus_model) +
                               (meta.source.simulated ? " (simulated)" : "");
    const std::string verdict = !run.finished                 ? "- (not finished)"
                                : run.summary.verdict.empty() ? "- (no baseline comparison)"
                                                              : run.summary.verdict;
    out << "run       " << run.summary.id << '\n'
        << "scenario  " << meta.scenario_name
        << (meta.scenario_file.empty() ? "" : "  (" + meta.scenario_file + ")") << '\n'
        << "source    " << source << '\n'
        << "started   " << localTime(meta.started_unix_ms)
        << (meta.host.empty() ? "" : "  on " + meta.host) << '\n'
        << "state     " << stateLine(run) << '\n'
        << "verdict   " << verdict << '\n';
}

std::string integerCell(const QJsonObject& object, const char* key) {
    const QJsonValue value = object.value(key);
    return value.isDouble() ? std::to_string(value.toInteger()) : "-";
}

std::string microsCell(const QJsonObject& latency, const char* key) {
    const QJsonValue value = latency.value(key);
    // No serviced stimulus: the summary's zeros are not latencies.
    if (!value.isDouble() || latency.value("count").toInteger(1) == 0) {
        return "-";
    }
    return fixed(value.toDouble() / 1000.0, "%.1f");
}

// "stimuli" as written, else the sum of the counts that are there.
std::string stimuliCell(const QJsonObject& phase, const QJsonObject& counts) {
    if (phase.value("stimuli").isDouble()) {
        return integerCell(phase, "stimuli");
    }
    qint64 total = 0;
    bool any = false;
    for (const char* outcome : {"serviced", "suppressed", "unclaimed", "lost", "violation"}) {
        if (const QJsonValue count = counts.value(outcome); count.isDouble()) {
            any = true;
            total += count.toInteger();
        }
    }
    return any ? std::to_string(total) : "-";
}

std::vector<std::string> phaseRow(const QJsonObject& phase, const std::string& fallback_name) {
    const QJsonObject counts = phase.value("counts").toObject();
    const QJsonObject latency = phase.value("latency_ns").toObject();
    const QJsonValue name = phase.value("name");
    const QJsonValue state = phase.value("state");
    return {name.isString() ? name.toString().toStdString() : fallback_name,
            state.isString() ? state.toString().toStdString() : "-",
            stimuliCell(phase, counts),
            integerCell(counts, "serviced"),
            integerCell(counts, "suppressed"),
            integerCell(counts, "unclaimed"),
            integerCell(counts, "lost"),
            integerCell(counts, "violation"),
            microsCell(latency, "p50"),
            microsCell(latency, "p99"),
            microsCell(latency, "p99_9"),
            microsCell(latency, "max")};
}

void printProblems(const QJsonObject& result, std::ostream& out) {
    const QJsonArray problems = result.value("problems").toArray();
    if (problems.isEmpty()) {
        return;
    }
    out << "\nproblems:\n";
    for (const QJsonValue problem : problems) {
        out << "  - " << problem.toString().toStdString() << '\n';
    }
}

// The per-phase table from the stored result.json; false (after saying why) when there is none
// to print, so that the caller falls back to the per-second rows.
bool printPhaseTable(const archive::StoredRun& run, std::ostream& out) {
    if (run.result_json.empty()) {
        out << (run.finished ? "No result.json was stored with this run"
                             : "No result.json: the run did not finish")
            << "; its seconds as recorded:\n";
        return false;
    }
    QJsonParseError error{};
    const QJsonDocument document =
        QJsonDocument::fromJson(QByteArray::fromStdString(run.result_json), &error);
    const QJsonArray phases = document.object().value("phases").toArray();
    if (error.error != QJsonParseError::NoError || phases.isEmpty()) {
        out << "The stored result.json has no readable phase table ("
            << (error.error != QJsonParseError::NoError ? error.errorString().toStdString()
                                                        : "no \"phases\"")
            << "); the run's seconds as recorded:\n";
        return false;
    }
    TextTable table({"PHASE", "STATE", "STIMULI", "SERVICED", "SUPPRESSED", "UNCLAIMED", "LOST",
                     "VIOLATION", "P50 µs", "P99 µs", "P99.9 µs", "MAX µs"},
                    "llrrrrrrrrrr");
    int index = 0;
    for (const QJsonValue phase : phases) {
        table.add(phaseRow(phase.toObject(), "phase " + std::to_string(index++)));
    }
    if (const QJsonValue overall = document.object().value("overall"); overall.isObject()) {
        QJsonObject row = overall.toObject();
        row.insert("name", "overall");
        row.remove("state");
        table.add(phaseRow(row, "overall"));
    }
    table.print(out);
    printProblems(document.object(), out);
    return true;
}

std::string phaseName(const archive::StoredRun& run, std::uint32_t index) {
    return index < run.phases.size() ? run.phases[index].name : std::to_string(index);
}

void printSeconds(const archive::StoredRun& run, std::ostream& out) {
    if (run.seconds.empty()) {
        out << "No seconds were recorded.\n";
        return;
    }
    TextTable table({"SECOND", "ELAPSED", "PHASE", "SERVICED", "SUPPRESSED", "UNCLAIMED", "LOST",
                     "VIOLATION", "MIN µs", "P50 µs", "P99 µs", "MAX µs"},
                    "rrlrrrrrrrrr");
    for (const auto& second : run.seconds) {
        const bool timed = second.latency_count > 0;
        std::vector<std::string> row{std::to_string(second.second), duration(second.elapsed_ms),
                                     phaseName(run, second.phase)};
        for (const auto count : second.outcomes) {
            row.push_back(std::to_string(count));
        }
        for (const auto ns : {second.latency_min_ns, second.latency_p50_ns, second.latency_p99_ns,
                              second.latency_max_ns}) {
            row.push_back(timed ? micros(ns) : "-");
        }
        table.add(std::move(row));
    }
    table.print(out);
}

QJsonObject storedRunJson(const archive::StoredRun& run) {
    QJsonObject json = summaryJson(run.summary);
    json["scenario_file"] = text(run.meta.scenario_file);
    json["host"] = text(run.meta.host);
    json["finished"] = run.finished;
    if (run.finished) {
        json["exit_code"] = run.exit_code;
    }
    QJsonArray seconds;
    for (const auto& second : run.seconds) {
        QJsonObject row{{"second", static_cast<qint64>(second.second)},
                        {"elapsed_ms", static_cast<qint64>(second.elapsed_ms)},
                        {"phase", static_cast<qint64>(second.phase)},
                        {"latency_count", static_cast<qint64>(second.latency_count)},
                        {"latency_min_ns", static_cast<qint64>(second.latency_min_ns)},
                        {"latency_p50_ns", static_cast<qint64>(second.latency_p50_ns)},
                        {"latency_p99_ns", static_cast<qint64>(second.latency_p99_ns)},
                        {"latency_max_ns", static_cast<qint64>(second.latency_max_ns)}};
        for (int o = 0; o < engine::kOutcomeCount; ++o) {
            const auto outcome = static_cast<engine::Outcome>(o);
            row[text(std::string(engine::outcomeName(outcome)))] =
                static_cast<qint64>(second.count(outcome));
        }
        seconds.append(row);
    }
    json["seconds"] = seconds;
    const QJsonDocument result =
        QJsonDocument::fromJson(QByteArray::fromStdString(run.result_json));
    if (result.isObject()) {
        json["result"] = result.object();
    }
    return json;
}

int showRun(const archive::RunHistory& history, std::int64_t run_id, bool json, std::ostream& out) {
    const auto run = history.find(run_id);
    if (!run) {
        throw BadInput("no run " + std::to_string(run_id) + " in " + history.path());
    }
    if (json) {
        printJsonLine(out, storedRunJson(*run));
        return 0;
    }
    printMetadata(*run, out);
    out << '\n';
    if (!printPhaseTable(*run, out)) {
        printSeconds(*run, out);
    }
    return 0;
}

archive::StoredRun storedRun(const archive::RunHistory& history, std::int64_t run_id) {
    auto run = history.find(run_id);
    if (!run) {
        throw BadInput("no run " + std::to_string(run_id) + " in " + history.path());
    }
    return std::move(*run);
}

int compareRuns(const archive::RunHistory& history, std::int64_t baseline_id,
                std::int64_t current_id, std::ostream& out) {
    const archive::StoredRun baseline = storedRun(history, baseline_id);
    const archive::StoredRun current = storedRun(history, current_id);
    const report::StoredRunComparison judged = report::compareStoredRuns(current, baseline);
    if (!judged.compared) {
        throw BadInput("cannot compare: " + judged.error);
    }
    out << "run " << current_id << " (" << current.summary.scenario_name << ", "
        << current.summary.source_label << (current.summary.simulated ? ", simulated" : "")
        << ") against run " << baseline_id << " (" << baseline.summary.scenario_name << ", "
        << baseline.summary.source_label << (baseline.summary.simulated ? ", simulated" : "")
        << ")\n";
    printComparison(out, judged.comparison);
    for (const std::string& reason : judged.comparison.reasons) {
        out << "  - " << reason << '\n';
    }
    out << "\nverdict: " << engine::verdictName(judged.comparison.verdict) << '\n';
    return engine::exitCodeOf(judged.comparison.verdict);
}

// The run's latencies as `isrbench run` wrote histogram.txt or latency.hgrm, from the same
// writers; only the text of the format goes to `out`, what the reader should know to `err`.
int printDistribution(const archive::RunHistory& history, std::int64_t run_id, PlotFormat format,
                      std::ostream& out, std::ostream& err) {
    const archive::StoredRun run = storedRun(history, run_id);
    const auto distribution = history.distribution(run_id);
    if (!distribution) {
        throw BadInput("run " + std::to_string(run_id) +
                       " has no latency distribution in the history: it was recorded before the "
                       "history kept them, or it ended before its first second was recorded (its "
                       "summary: isrbench history --show " +
                       std::to_string(run_id) + ")");
    }
    if (!distribution->complete) {
        err << "isrbench history: note: run " << run_id << " is " << stateLine(run)
            << "; its latencies are those recorded up to its last second\n";
    }
    if (format == PlotFormat::Cyclictest) {
        out << report::CyclictestHistogram(distribution->microseconds).text();
    } else {
        out << report::percentileDistribution(distribution->histogram);
    }
    return 0;
}

int runWithOptions(const HistoryOptions& options, std::ostream& out, std::ostream& err) {
    const std::string path = options.path.empty() ? archive::defaultHistoryPath() : options.path;
    // Listing a history that was never written is not an error, and must not create one. (A path
    // that cannot even be looked at is left to RunHistory, which says why.)
    std::error_code missing;
    if (!options.show && !options.compare && !std::filesystem::exists(path, missing) && !missing) {
        if (!options.json) {
            out << "No runs recorded yet (no history at " << path << ").\n";
        }
        return 0;
    }
    const archive::RunHistory history(path, archive::OpenMode::ExistingOnly);
    if (options.compare) {
        return compareRuns(history, options.compare->first, options.compare->second, out);
    }
    if (options.show && options.format != PlotFormat::None) {
        return printDistribution(history, *options.show, options.format, out, err);
    }
    return options.show ? showRun(history, *options.show, options.json, out)
                        : listRuns(history, options, out);
}

}  // namespace

int runHistory(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    CommandLine line = historyCommandLine();
    const auto parsed = line.parseAndRead(args, out, err, historyOptionsFrom);
    if (const int* status = std::get_if<int>(&parsed)) {
        return *status;
    }
    const HistoryOptions& options = std::get<HistoryOptions>(parsed);
    try {
        return runWithOptions(options, out, err);
    } catch (const BadInput& error) {
        err << "isrbench history: " << error.what() << '\n';
    } catch (const archive::ArchiveError& error) {
        err << "isrbench history: " << error.what() << '\n';
    }
    return kExitBadInput;
}

}  // namespace cli
