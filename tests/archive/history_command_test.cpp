#include "history_command.h"

#include <gtest/gtest.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "archive_test_support.h"
#include "cyclictest_histogram.h"
#include "latency_histogram.h"
#include "measured_results.h"
#include "percentile_distribution.h"
#include "result_json.h"

namespace {

using archive::RunState;
using archive_test::metadata;
using archive_test::TempDirectory;
using archive_test::threePhases;

// A result.json in the shape app/report/result_json.cpp writes, trimmed to what history reads.
constexpr const char* kResultJson = R"({
  "schema": "isrbench.result/1",
  "valid": true,
  "problems": [],
  "phases": [
    {"index": 0, "name": "0 active", "state": "active", "stimuli": 1000,
     "counts": {"serviced": 1000, "suppressed": 0, "unclaimed": 0, "lost": 0, "violation": 0},
     "latency_ns": {"count": 1000, "min": 3306, "mean": 3600.5, "stdev": 20.1, "p50": 3577,
                    "p90": 4000, "p99": 9709, "p99_9": 41234, "p99_99": 80000, "max": 80392}},
    {"index": 1, "name": "1 inactive", "state": "inactive",
     "counts": {"serviced": 0, "suppressed": 990, "unclaimed": 0, "lost": 10, "violation": 0},
     "latency_ns": {"count": 0, "min": 0, "p50": 0, "p99": 0, "p99_9": 0, "max": 0}},
    {"name": "2 disconnected"}
  ],
  "overall": {"stimuli": 2000,
              "counts": {"serviced": 1000, "suppressed": 990, "unclaimed": 0, "lost": 10,
                         "violation": 0},
              "latency_ns": {"count": 1000, "p50": 3577, "p99": 9709, "p99_9": 41234,
                             "max": 80392}}
})";

struct Output {
    int code = -1;
    std::string out;
    std::string err;
};

Output history(std::vector<std::string> args) {
    std::ostringstream out;
    std::ostringstream err;
    Output result;
    result.code = cli::runHistory(args, out, err);
    result.out = out.str();
    result.err = err.str();
    return result;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

class HistoryCommand : public ::testing::Test {
protected:
    void SetUp() override {
        setenv("TZ", "UTC", 1);
        tzset();
    }

    // Three runs: a finished one with a verdict, an interrupted one, and one whose writer died.
    void fillHistory() {
        archive::RunHistory history(path_);
        finished_id_ = history.beginRun(metadata("default", 1'700'000'000'000), threePhases());
        history.recordSecond(finished_id_, archive_test::second(0, 0));
        archive::FinishedRun done;
        done.state = RunState::Completed;
        done.verdict = "PASS";
        done.elapsed_ms = 3'000;
        done.stimuli = 2'000;
        done.serviced = 1'000;
        done.p50_ns = 3'577;
        done.p99_ns = 9'709;
        done.max_ns = 80'392;
        done.result_json = kResultJson;
        history.finishRun(finished_id_, done);

        interrupted_id_ = history.beginRun(metadata("short", 1'700'000'100'000), threePhases());
        done.state = RunState::Interrupted;
        done.verdict = "";
        done.result_json = "";
        history.finishRun(interrupted_id_, done);

        ASSERT_EQ(archive_test::writeUnfinishedRunInAnotherProcess(path_, 2), 0);
        abandoned_id_ = history.list(1).at(0).id;
    }

    TempDirectory dir_;
    std::string path_ = dir_.file("history.sqlite");
    std::int64_t finished_id_ = 0;
    std::int64_t interrupted_id_ = 0;
    std::int64_t abandoned_id_ = 0;
};

TEST_F(HistoryCommand, AHistoryNeverWrittenListsNothingAndIsNotCreated) {
    const auto result = history({"--history", path_});
    EXPECT_EQ(result.code, 0) << result.err;
    EXPECT_TRUE(contains(result.out, "No runs recorded yet")) << result.out;
    EXPECT_FALSE(std::filesystem::exists(path_));
}

TEST_F(HistoryCommand, TheListingIsATableNewestFirst) {
    fillHistory();
    const auto result = history({"--history", path_});
    ASSERT_EQ(result.code, 0) << result.err;
    EXPECT_EQ(result.err, "");
    std::istringstream lines(result.out);
    std::string header;
    std::string newest;
    std::string middle;
    std::string oldest;
    std::getline(lines, header);
    std::getline(lines, newest);
    std::getline(lines, middle);
    std::getline(lines, oldest);
    EXPECT_TRUE(contains(header, "ID") && contains(header, "SCENARIO") &&
                contains(header, "P99 µs") && contains(header, "VERDICT"))
        << header;
    EXPECT_TRUE(contains(newest, "abandoned") && contains(newest, "incomplete")) << newest;
    EXPECT_TRUE(contains(middle, "short") && contains(middle, "interrupted")) << middle;
    EXPECT_TRUE(contains(oldest, "default") && contains(oldest, "completed") &&
                contains(oldest, "2023-11-14 22:13:20") && contains(oldest, "virtual fixture") &&
                contains(oldest, "3.0 s") && contains(oldest, "2000") && contains(oldest, "3.6") &&
                contains(oldest, "9.7") && contains(oldest, "PASS"))
        << oldest;
}

TEST_F(HistoryCommand, LimitShortensTheListing) {
    fillHistory();
    const auto result = history({"--history", path_, "--limit", "1"});
    ASSERT_EQ(result.code, 0) << result.err;
    EXPECT_TRUE(contains(result.out, "abandoned"));
    EXPECT_FALSE(contains(result.out, "short"));
    EXPECT_FALSE(contains(result.out, "default"));
}

TEST_F(HistoryCommand, JsonPrintsOneObjectPerRun) {
    fillHistory();
    const auto result = history({"--json", "--history", path_});
    ASSERT_EQ(result.code, 0) << result.err;
    std::istringstream lines(result.out);
    std::vector<QJsonObject> runs;
    for (std::string line; std::getline(lines, line);) {
        const auto document = QJsonDocument::fromJson(QByteArray::fromStdString(line));
        ASSERT_TRUE(document.isObject()) << line;
        runs.push_back(document.object());
    }
    ASSERT_EQ(runs.size(), 3u);
    EXPECT_EQ(runs[0].value("state").toString(), "incomplete");
    EXPECT_TRUE(runs[0].value("p50_ns").isNull());
    EXPECT_EQ(runs[2].value("id").toInteger(), finished_id_);
    EXPECT_EQ(runs[2].value("scenario").toString(), "default");
    EXPECT_EQ(runs[2].value("source").toString(), "virtual fixture");
    EXPECT_EQ(runs[2].value("state").toString(), "completed");
    EXPECT_EQ(runs[2].value("stimuli").toInteger(), 2000);
    EXPECT_EQ(runs[2].value("p99_ns").toInteger(), 9709);
    EXPECT_EQ(runs[2].value("verdict").toString(), "PASS");
    EXPECT_EQ(runs[2].value("started_unix_ms").toInteger(), 1'700'000'000'000);
}

TEST_F(HistoryCommand, ShowReprintsAFinishedRunWithItsPhaseTable) {
    fillHistory();
    const auto result = history({"--history", path_, "--show", std::to_string(finished_id_)});
    ASSERT_EQ(result.code, 0) << result.err;
    const std::string& out = result.out;
    EXPECT_TRUE(contains(out, "scenario  default  (scenarios/default.json)")) << out;
    EXPECT_TRUE(contains(out, "source    virtual fixture, ideal (simulated)")) << out;
    EXPECT_TRUE(contains(out, "started   2023-11-14 22:13:20")) << out;
    EXPECT_TRUE(contains(out, "state     completed after 3.0 s")) << out;
    EXPECT_TRUE(contains(out, "verdict   PASS")) << out;
    EXPECT_TRUE(contains(out, "P99.9 µs")) << out;
    std::istringstream lines(out);
    std::string active;
    std::string inactive;
    std::string disconnected;
    std::string overall;
    for (std::string line; std::getline(lines, line);) {
        if (line.rfind("0 active", 0) == 0) {
            active = line;
        } else if (line.rfind("1 inactive", 0) == 0) {
            inactive = line;
        } else if (line.rfind("2 disconnected", 0) == 0) {
            disconnected = line;
        } else if (line.rfind("overall", 0) == 0) {
            overall = line;
        }
    }
    // serviced 1000; p50 3.6 µs, p99 9.7, p99.9 41.2, max 80.4
    EXPECT_TRUE(contains(active, "active") && contains(active, "1000") && contains(active, "3.6") &&
                contains(active, "9.7") && contains(active, "41.2") && contains(active, "80.4"))
        << active;
    // No latency without serviced stimuli; stimuli summed from the counts.
    EXPECT_TRUE(contains(inactive, "inactive") && contains(inactive, "1000") &&
                contains(inactive, "990") && contains(inactive, " -"))
        << inactive;
    EXPECT_TRUE(contains(disconnected, "-")) << disconnected;  // nothing but a name: dashes
    EXPECT_TRUE(contains(overall, "2000") && contains(overall, "80.4")) << overall;
    EXPECT_FALSE(contains(out, "SECOND")) << out;
}

TEST_F(HistoryCommand, ShowReprintsAnIncompleteRunSecondBySecond) {
    fillHistory();
    const auto result = history({"--history", path_, "--show", std::to_string(abandoned_id_)});
    ASSERT_EQ(result.code, 0) << result.err;
    const std::string& out = result.out;
    EXPECT_TRUE(contains(out, "state     incomplete")) << out;
    EXPECT_TRUE(contains(out, "verdict   - (not finished)")) << out;
    EXPECT_TRUE(contains(out, "SECOND")) << out;
    EXPECT_TRUE(contains(out, "0 active")) << out;  // the phase, by name
    // Serviced, per second.
    EXPECT_TRUE(contains(out, "100") && contains(out, "101")) << out;
}

TEST_F(HistoryCommand, ShowOfAFinishedRunWithoutResultFallsBackToItsSeconds) {
    fillHistory();
    const auto result = history({"--history", path_, "--show", std::to_string(interrupted_id_)});
    ASSERT_EQ(result.code, 0) << result.err;
    EXPECT_TRUE(contains(result.out, "state     interrupted")) << result.out;
    EXPECT_TRUE(contains(result.out, "No seconds were recorded")) << result.out;
}

TEST_F(HistoryCommand, ShowJsonIsOneObjectWithTheStoredResult) {
    fillHistory();
    const auto result =
        history({"--history", path_, "--json", "--show", std::to_string(finished_id_)});
    ASSERT_EQ(result.code, 0) << result.err;
    const auto document = QJsonDocument::fromJson(QByteArray::fromStdString(result.out));
    ASSERT_TRUE(document.isObject()) << result.out;
    const QJsonObject run = document.object();
    EXPECT_EQ(run.value("id").toInteger(), finished_id_);
    EXPECT_EQ(run.value("result").toObject().value("schema").toString(), "isrbench.result/1");
    EXPECT_EQ(run.value("seconds").toArray().size(), 1);
}

TEST_F(HistoryCommand, AnUnknownRunIsBadInput) {
    fillHistory();
    const auto result = history({"--history", path_, "--show", "999"});
    EXPECT_EQ(result.code, 3);
    EXPECT_EQ(result.out, "");
    EXPECT_TRUE(contains(result.err, "no run 999")) << result.err;
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
}

TEST_F(HistoryCommand, BadOptionsAndNumbersAreBadInput) {
    fillHistory();
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
        {{"--bogus"}, "unknown option '--bogus'"},
        {{"--limit", "abc"}, "--limit takes a positive whole number, not 'abc'"},
        {{"--limit", "0"}, "not '0'"},
        {{"--limit", "12x"}, "not '12x'"},
        {{"--show", "-1"}, "--show takes a positive whole number"},
        {{"--show"}, "missing value after '--show'"},
        {{"--history"}, "missing value after '--history'"},
    };
    for (const auto& [args, message] : cases) {
        std::vector<std::string> full = args;
        if (args[0] != "--history") {
            full.insert(full.begin(), {"--history", path_});
        }
        const auto result = history(full);
        EXPECT_EQ(result.code, 3) << args[0];
        EXPECT_TRUE(contains(result.err, message)) << result.err;
        EXPECT_EQ(result.out, "");
    }
}

TEST_F(HistoryCommand, AnUnreadableHistoryIsBadInputNamingTheFile) {
    std::ofstream(path_) << std::string(8192, 'x');
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"--history", path_}, {"--history", path_, "--show", "1"}}) {
        const auto result = history(args);
        EXPECT_EQ(result.code, 3);
        EXPECT_TRUE(contains(result.err, path_)) << result.err;
        EXPECT_TRUE(contains(result.err, "is not an SQLite database")) << result.err;
    }
}

TEST_F(HistoryCommand, ShowOnAHistoryNeverWrittenIsBadInput) {
    const auto result = history({"--history", path_, "--show", "1"});
    EXPECT_EQ(result.code, 3);
    EXPECT_TRUE(contains(result.err, path_)) << result.err;
    EXPECT_FALSE(std::filesystem::exists(path_));
}

TEST_F(HistoryCommand, AResultJsonThatDoesNotParseFallsBackToTheSeconds) {
    archive::RunHistory writer(path_);
    const auto id = writer.beginRun(metadata("odd", 1), threePhases());
    writer.recordSecond(id, archive_test::second(0, 1));
    archive::FinishedRun done;
    done.result_json = "{not json";
    writer.finishRun(id, done);
    const auto result = history({"--history", path_, "--show", std::to_string(id)});
    ASSERT_EQ(result.code, 0) << result.err;
    EXPECT_TRUE(contains(result.out, "no readable phase table")) << result.out;
    EXPECT_TRUE(contains(result.out, "1 inactive")) << result.out;
}

TEST_F(HistoryCommand, TheEnvironmentChoosesTheDefaultHistory) {
    fillHistory();
    setenv("ISRBENCH_HISTORY", path_.c_str(), 1);
    const auto result = history({});
    unsetenv("ISRBENCH_HISTORY");
    EXPECT_EQ(result.code, 0) << result.err;
    EXPECT_TRUE(contains(result.out, "abandoned")) << result.out;
}

TEST_F(HistoryCommand, HelpPrintsTheUsage) {
    const auto result = history({"--help"});
    EXPECT_EQ(result.code, 0);
    EXPECT_TRUE(contains(result.out, "Usage: isrbench history")) << result.out;
    EXPECT_TRUE(contains(result.out, "--show ID")) << result.out;
    EXPECT_TRUE(contains(result.out, "--compare BASELINE_ID")) << result.out;
    EXPECT_EQ(result.err, "");
}

TEST_F(HistoryCommand, CompareTakesTwoRunIdsAndNothingElseTakesAnArgument) {
    fillHistory();
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
        {{"--compare", "1"}, "--compare takes two run IDs: BASELINE_ID ID"},
        {{"--compare", "1", "x"}, "--compare takes two run IDs, not 'x'"},
        {{"--compare", "1", "2", "3"}, "unexpected argument '3'"},
        {{"7"}, "unexpected argument '7'"},
    };
    for (const auto& [args, message] : cases) {
        std::vector<std::string> full = args;
        full.insert(full.begin(), {"--history", path_});
        const auto result = history(full);
        EXPECT_EQ(result.code, 3) << args[0];
        EXPECT_TRUE(contains(result.err, message)) << result.err;
        EXPECT_TRUE(contains(result.err, "Try 'isrbench history --help'.")) << result.err;
        EXPECT_EQ(result.out, "");
    }
}

}  // namespace

namespace {

std::int64_t finishedRun(const std::string& path, const std::string& result_json) {
    archive::RunHistory history(path);
    const std::int64_t id = history.beginRun(metadata("short", 1'700'000'200'000), threePhases());
    archive::FinishedRun done;
    done.result_json = result_json;
    history.finishRun(id, done);
    return id;
}

}  // namespace

TEST_F(HistoryCommand, CompareJudgesOneRunAgainstAnotherAsABaselineWould) {
    fillHistory();
    const std::string measured = report::resultToJson(test_support::shortMeasuredRun());
    const std::int64_t base = finishedRun(path_, measured);
    const std::int64_t same = finishedRun(path_, measured);
    const std::int64_t slower =
        finishedRun(path_, test_support::shiftedLatencies(measured, 20'000'000));  // +20 ms
    // 1.3x at every quantile: beyond the limits, within the default noise model.
    const std::int64_t noisy = finishedRun(path_, test_support::scaledLatencies(measured, 1.3));

    const auto pass =
        history({"--history", path_, "--compare", std::to_string(base), std::to_string(same)});
    EXPECT_EQ(pass.code, 0) << pass.err << pass.out;
    EXPECT_TRUE(contains(pass.out, "verdict: PASS")) << pass.out;
    EXPECT_TRUE(contains(pass.out, "simulated")) << pass.out;

    const auto worse =
        history({"--history", path_, "--compare", std::to_string(base), std::to_string(slower)});
    EXPECT_EQ(worse.code, 1) << worse.err << worse.out;
    EXPECT_TRUE(contains(worse.out, "active p50 ")) << worse.out;
    EXPECT_TRUE(contains(worse.out, "x of the baseline, at least")) << worse.out;
    EXPECT_TRUE(contains(worse.out, "verdict: REGRESSION")) << worse.out;

    const auto warned =
        history({"--history", path_, "--compare", std::to_string(base), std::to_string(noisy)});
    EXPECT_EQ(warned.code, 0) << warned.err << warned.out;
    EXPECT_TRUE(contains(warned.out, "within this host's run-to-run noise")) << warned.out;
    EXPECT_TRUE(contains(warned.out, "verdict: WARN")) << warned.out;

    // The interrupted run stored no result: it cannot be compared, and says so.
    const auto unfinished = history(
        {"--history", path_, "--compare", std::to_string(base), std::to_string(interrupted_id_)});
    EXPECT_EQ(unfinished.code, 3);
    EXPECT_TRUE(contains(unfinished.err, "has no result yet (state interrupted)"))
        << unfinished.err;
    EXPECT_EQ(history({"--history", path_, "--compare", std::to_string(base)}).code, 3);
}

// --- --format: the run's latencies as `isrbench run` wrote them ---

namespace {

std::vector<std::string> linesOf(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        lines.push_back(line);
    }
    return lines;
}

// Serviced latencies as a run gives them, with what its own writers made of them.
struct PlottedRun {
    std::int64_t id = 0;
    std::string histogram_txt;  // report::CyclictestHistogram::text(), as histogram.txt
    std::string latency_hgrm;   // report::percentileDistribution(), as latency.hgrm
};

PlottedRun recordPlottedRun(const std::string& path) {
    // 1 us buckets, truncation (3.999 us is 3), cyclictest's overflows (>= 1000 us) with their
    // stimulus numbers, a negative latency, a suppressed stimulus (not a latency) among them.
    const archive_test::Latencies latencies = {
        {1, 3'306},  {2, 3'999}, {3, 3'577},     {4, 9'709},      {5, 41'234}, {6, 999'999},
        {7, 80'392}, {8, -40},   {9, 1'000'000}, {10, 3'862'600}, {11, 4'200}};
    report::CyclictestHistogram cyclictest;
    engine::LatencyHistogram histogram;
    for (const auto& [sequence, latency_ns] : latencies) {
        const engine::Sample sample = archive_test::serviced(sequence, latency_ns);
        cyclictest.add(sample);
        histogram.record(sample.latencyNs());
    }
    engine::Sample suppressed = archive_test::serviced(12, 5'000);
    suppressed.outcome = engine::Outcome::Suppressed;
    cyclictest.add(suppressed);

    archive::RunHistory history(path);
    PlottedRun run;
    run.id = history.beginRun(metadata("plotted", 1'700'000'000'000), threePhases());
    archive::FinishedRun done;
    done.elapsed_ms = 3'000;
    done.distribution = archive::LatencyDistribution{archive::HistogramBuckets::of(histogram),
                                                     cyclictest.counted(), true};
    history.finishRun(run.id, done);
    run.histogram_txt = cyclictest.text();
    run.latency_hgrm = report::percentileDistribution(histogram);
    return run;
}

}  // namespace

TEST_F(HistoryCommand, FormatCyclictestPrintsTheRunsHistogramTxt) {
    const PlottedRun run = recordPlottedRun(path_);
    const auto result =
        history({"--history", path_, "--show", std::to_string(run.id), "--format", "cyclictest"});
    ASSERT_EQ(result.code, 0) << result.err;
    EXPECT_EQ(result.err, "");
    EXPECT_EQ(result.out, run.histogram_txt);  // byte for byte what the run wrote

    // And that is cyclictest -h's layout: 1000 buckets, the footer, the overflows' cycles.
    const std::vector<std::string> lines = linesOf(result.out);
    ASSERT_EQ(lines.size(), 1u + 1000u + 7u);
    EXPECT_EQ(lines[0], "# Histogram");
    EXPECT_EQ(lines[1], "000000 000001");      // the negative latency, counted as 0
    EXPECT_EQ(lines[1 + 3], "000003 000003");  // 3.306, 3.999 and 3.577 us
    EXPECT_EQ(lines[1 + 4], "000004 000001");
    EXPECT_EQ(lines[1 + 999], "000999 000001");
    EXPECT_EQ(lines[1001], "# Total: 000000009");
    EXPECT_EQ(lines[1002], "# Min Latencies: 00000");
    // (0 + 3 + 3 + 3 + 9 + 41 + 999 + 80 + 1000 + 3862 + 4) / 11, in whole microseconds
    EXPECT_EQ(lines[1003], "# Avg Latencies: 00545");
    EXPECT_EQ(lines[1004], "# Max Latencies: 03862");
    EXPECT_EQ(lines[1005], "# Histogram Overflows: 00002");
    EXPECT_EQ(lines[1006], "# Histogram Overflow at cycle number:");
    EXPECT_EQ(lines[1007], "# Thread 0: 00009 00010");
}

TEST_F(HistoryCommand, FormatHgrmPrintsTheRunsLatencyHgrm) {
    const PlottedRun run = recordPlottedRun(path_);
    const auto result =
        history({"--history", path_, "--show", std::to_string(run.id), "--format", "hgrm"});
    ASSERT_EQ(result.code, 0) << result.err;
    EXPECT_EQ(result.err, "");
    EXPECT_EQ(result.out, run.latency_hgrm);  // byte for byte, mean and deviation included

    // HdrHistogram's layout: the header, a blank line, rows of value, percentile, total count and
    // 1/(1-percentile) (none on the 100 % row), then the footer.
    const std::vector<std::string> lines = linesOf(result.out);
    ASSERT_GE(lines.size(), 6u);
    EXPECT_EQ(lines[0], "       Value     Percentile TotalCount 1/(1-Percentile)");
    EXPECT_EQ(lines[1], "");
    std::size_t row = 2;
    double last_percentile = -1;
    for (; row < lines.size() && lines[row].rfind("#[", 0) != 0; ++row) {
        std::istringstream columns(lines[row]);
        double value = 0;
        double percentile = 0;
        unsigned long long total = 0;
        double inverse = 0;
        ASSERT_TRUE(columns >> value >> percentile >> total) << lines[row];
        EXPECT_GE(percentile, last_percentile) << lines[row];
        last_percentile = percentile;
        if (percentile < 1.0) {
            EXPECT_TRUE(columns >> inverse) << lines[row];
        } else {
            EXPECT_EQ(total, 11u) << lines[row];
            EXPECT_DOUBLE_EQ(value, 3862.600) << lines[row];
        }
    }
    EXPECT_EQ(last_percentile, 1.0);
    ASSERT_EQ(lines.size(), row + 3);
    EXPECT_EQ(lines[row].rfind("#[Mean    = ", 0), 0u) << lines[row];
    EXPECT_EQ(lines[row + 1], "#[Max     =     3862.600, Total count    =           11]");
    EXPECT_EQ(lines[row + 2].rfind("#[Buckets = ", 0), 0u) << lines[row + 2];
}

TEST_F(HistoryCommand, FormatOfARunWithoutADistributionSaysSoAndIsBadInput) {
    fillHistory();  // recorded without distributions, as runs before they were kept
    for (const char* format : {"cyclictest", "hgrm"}) {
        const auto result = history(
            {"--history", path_, "--show", std::to_string(finished_id_), "--format", format});
        EXPECT_EQ(result.code, 3) << format;
        EXPECT_EQ(result.out, "") << format;
        EXPECT_TRUE(contains(result.err, "run " + std::to_string(finished_id_) +
                                             " has no latency distribution in the history"))
            << result.err;
    }
}

TEST_F(HistoryCommand, FormatOfARunFromAVersion1HistorySaysItHasNoDistribution) {
    archive_test::writeVersion1History(path_);
    const auto shown = history({"--history", path_, "--show", "1"});
    EXPECT_EQ(shown.code, 0) << shown.err;
    EXPECT_TRUE(contains(shown.out, "before-v2")) << shown.out;
    const auto result = history({"--history", path_, "--show", "1", "--format", "hgrm"});
    EXPECT_EQ(result.code, 3);
    EXPECT_EQ(result.out, "");
    EXPECT_TRUE(contains(result.err,
                         "run 1 has no latency distribution in the history: it was recorded "
                         "before the history kept them"))
        << result.err;
}

TEST_F(HistoryCommand, FormatOfAKilledRunPrintsItsLatenciesSoFarWithANoteOnStderr) {
    ASSERT_EQ(archive_test::writeUnfinishedRunInAnotherProcess(path_, 3, true), 0);
    const auto result = history({"--history", path_, "--show", "1", "--format", "cyclictest"});
    ASSERT_EQ(result.code, 0) << result.err;
    EXPECT_TRUE(contains(result.err, "note: run 1 is incomplete")) << result.err;
    EXPECT_TRUE(contains(result.err, "up to its last second")) << result.err;
    // 4, 5 and 6 us, one each: what the three recorded seconds held.
    const archive::LatencyDistribution so_far =
        archive_test::distributionOf({{1, 4'000}, {2, 5'000}, {3, 6'000}});
    EXPECT_EQ(result.out, report::CyclictestHistogram(so_far.microseconds).text());
    EXPECT_TRUE(contains(result.out, "\n000005 000001\n")) << result.out.substr(0, 200);
}

TEST_F(HistoryCommand, ADamagedDistributionIsBadInputNamingTheFile) {
    const PlottedRun run = recordPlottedRun(path_);
    archive_test::sqliteExecute(path_, "UPDATE distributions SET us_counts = '3:x'");
    const auto result =
        history({"--history", path_, "--show", std::to_string(run.id), "--format", "cyclictest"});
    EXPECT_EQ(result.code, 3);
    EXPECT_EQ(result.out, "");
    EXPECT_TRUE(contains(result.err, path_) &&
                contains(result.err, "stored latency distribution is damaged"))
        << result.err;
    // The run itself still shows.
    EXPECT_EQ(history({"--history", path_, "--show", std::to_string(run.id)}).code, 0);
}

TEST_F(HistoryCommand, BadFormatsAndFormatWithoutShowAreUsageErrors) {
    const PlottedRun run = recordPlottedRun(path_);
    const std::string id = std::to_string(run.id);
    const auto unknown = history({"--history", path_, "--show", id, "--format", "csv"});
    EXPECT_EQ(unknown.code, 3);
    EXPECT_EQ(unknown.out, "");
    EXPECT_TRUE(contains(unknown.err, "--format takes cyclictest or hgrm, not 'csv'"))
        << unknown.err;
    EXPECT_TRUE(contains(unknown.err, "Try 'isrbench history --help'")) << unknown.err;

    const auto prometheus = history({"--history", path_, "--show", id, "--format", "prometheus"});
    EXPECT_EQ(prometheus.code, 3);
    EXPECT_TRUE(contains(prometheus.err, "cannot rebuild a run's metrics.prom")) << prometheus.err;

    const auto no_show = history({"--history", path_, "--format", "hgrm"});
    EXPECT_EQ(no_show.code, 3);
    EXPECT_TRUE(contains(no_show.err, "--format needs --show ID")) << no_show.err;
    const auto compare = history({"--history", path_, "--compare", id, id, "--format", "hgrm"});
    EXPECT_EQ(compare.code, 3);
    EXPECT_EQ(history({"--history", path_, "--show", id, "--format", "hgrm", "--json"}).code, 3);
    EXPECT_EQ(history({"--history", path_, "--show", id, "--format"}).code, 3);
    EXPECT_EQ(history({"--history", path_, "--show", id, "--format", ""}).code, 3);
}
