#include "bench_command.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ostream>
#include <stdexcept>

#include "bench_figures.h"
#include "command_line.h"
#include "run_command.h"
#include "window_frames.h"
#include "window_launch.h"

namespace cli {
namespace {

CommandLine benchCommandLine() {
    CommandLine line("bench", "[--seconds S] [--stream-rate HZ] [--json]",
                     "The bench's own performance, each figure beside a reference measured in "
                     "the same run (a bare indirect call, an eventfd ping-pong at the stimulus "
                     "period) and their ratio, as a table or JSON.");
    line.option({"seconds"}, "length of the latency comparison, 0.4 to 600 (default 4)", "S")
        .option({"stream-rate"},
                "edges per second streamed in while the window's frames are timed, 100 to "
                "1000000 (default 100000)",
                "HZ")
        .option({"json"}, "the figures as JSON")
        .epilogue("Exit status: 0 measured, 2 a measurement could not run, 3 bad input.\n");
    return line;
}

struct BenchArguments {
    bench::BenchOptions options;
    double stream_rate = bench::kDefaultStreamRate;  // edges/s while the frames are timed
};

BenchArguments benchArgumentsFrom(const CommandLine& line) {
    BenchArguments parsed;
    parsed.options.seconds =
        line.decimal("seconds", 0.4, 600, "seconds").value_or(parsed.options.seconds);
    parsed.stream_rate = line.decimal("stream-rate", 100, 1e6).value_or(parsed.stream_rate);
    return parsed;
}

std::string fixed(const char* format, double value) {
    char text[64];
    std::snprintf(text, sizeof text, format, value);
    return text;
}

// Nanoseconds below 10 us, microseconds below 10 ms, milliseconds above: each figure reads at a
// glance.
std::string duration(double ns) {
    return ns < 10'000       ? fixed("%.2f ns", ns)
           : ns < 10'000'000 ? fixed("%.1f us", ns / 1e3)
                             : fixed("%.1f ms", ns / 1e6);
}

// A rate figure keeps the time per interrupt; it reads as interrupts per second.
std::string perSecond(double ns) {
    return ns > 0 ? fixed("%.0f/s", 1e9 / ns) : "none";
}

// Columns as wide as their longest entry, so that every figure sits on one line.
void printTable(const std::vector<bench::BenchFigure>& figures, std::ostream& out) {
    std::size_t name_width = 6;
    std::size_t reference_width = 9;
    for (const bench::BenchFigure& f : figures) {
        name_width = std::max(name_width, f.name.size());
        reference_width = std::max(reference_width, f.reference.size());
    }
    const auto padded = [](const std::string& text, std::size_t width) {
        return text + std::string(width - std::min(width, text.size()), ' ');
    };
    out << "isrbench bench: each figure beside its reference, measured in this run\n"
        << padded("figure", name_width) << "       value  " << padded("reference", reference_width)
        << "       value     ratio  goal\n";
    for (const bench::BenchFigure& f : figures) {
        const std::string goal =
            f.goal_ratio > 0 ? fixed("<= %.2fx", f.goal_ratio) + (f.goalMet() ? " met" : " NOT met")
                             : "";
        const auto shown = [&](double ns) { return f.rate ? perSecond(ns) : duration(ns); };
        char values[96];
        std::snprintf(values, sizeof values, " %11s  ", shown(f.value_ns).c_str());
        char rest[96];
        std::snprintf(rest, sizeof rest, " %11s %8.2fx  ", shown(f.reference_ns).c_str(),
                      f.ratio());
        out << padded(f.name, name_width) << values << padded(f.reference, reference_width) << rest
            << goal << '\n';
    }
    out << "not measured here: " << bench::kNotMeasuredHere << '\n';
}

void printJson(const std::vector<bench::BenchFigure>& figures, std::ostream& out) {
    QJsonArray rows;
    for (const bench::BenchFigure& f : figures) {
        QJsonObject row{{"name", QString::fromStdString(f.name)},
                        {"value_ns", f.value_ns},
                        {"reference", QString::fromStdString(f.reference)},
                        {"reference_ns", f.reference_ns},
                        {"ratio", f.ratio()}};
        if (f.rate) {
            row["value_per_s"] = f.value_ns > 0 ? 1e9 / f.value_ns : 0;
            row["reference_per_s"] = 1e9 / f.reference_ns;
        }
        if (f.goal_ratio > 0) {
            row["goal_ratio"] = f.goal_ratio;
            row["goal_met"] = f.goalMet();
        }
        rows.append(row);
    }
    const QJsonObject document{{"figures", rows},
                               {"not_measured_here", QString(bench::kNotMeasuredHere)}};
    out << QJsonDocument(document).toJson(QJsonDocument::Indented).toStdString();
}

}  // namespace

int runBench(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    CommandLine line = benchCommandLine();
    auto parsed = line.parseAndRead(args, out, err, benchArgumentsFrom);
    if (const int* status = std::get_if<int>(&parsed)) {
        return *status;
    }
    bench::BenchOptions& options = std::get<BenchArguments>(parsed).options;
    const double stream_rate = std::get<BenchArguments>(parsed).stream_rate;
    const std::optional<std::string> scenario = builtinScenarioText();
    if (!scenario) {
        err << "isrbench bench: the built-in default scenario is missing from this build\n";
        return kExitBadInput;
    }
    options.scenario_text = *scenario;
    options.scenario_name = kBuiltinScenarioName;
    try {
        const auto progress = [&](const std::string& what) { err << "measuring " << what << "\n"; };
        // Launches first, while no thread of ours has run yet: ThreadSanitizer's fork support
        // failed a check in a process that had made and ended the window's threads.
        progress("the window's launch to its first frame");
        const bench::BenchFigure launch =
            bench::launchToFirstFrame(QCoreApplication::applicationFilePath().toStdString());
        auto figures = bench::measureBenchFigures(options, progress);
        for (bench::BenchFigure& figure :
             bench::windowFrameFigures(options.seconds, stream_rate, progress)) {
            figures.push_back(std::move(figure));
        }
        figures.push_back(launch);
        line.isSet("json") ? printJson(figures, out) : printTable(figures, out);
    } catch (const std::runtime_error& failure) {
        err << "isrbench bench: " << failure.what() << '\n';
        return 2;
    }
    return 0;
}

}  // namespace cli
