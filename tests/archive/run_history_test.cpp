#include "run_history.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "archive_test_support.h"
#include "latency_distribution.h"
#include "writer_process.h"

namespace {

using archive::ArchiveError;
using archive::OpenMode;
using archive::RunHistory;
using archive::RunState;
using archive_test::distributionOf;
using archive_test::metadata;
using archive_test::second;
using archive_test::sqliteValue;
using archive_test::TempDirectory;
using archive_test::threePhases;

archive::FinishedRun finished(RunState state, std::string verdict, std::string result_json) {
    archive::FinishedRun run;
    run.state = state;
    run.end_reason = "completed";
    run.verdict = std::move(verdict);
    run.exit_code = 1;
    run.elapsed_ms = 3'012;
    run.stimuli = 3'000;
    run.serviced = 1'000;
    run.violations = 0;
    run.p50_ns = 3'577;
    run.p99_ns = 9'709;
    run.max_ns = 80'392;
    run.result_json = std::move(result_json);
    return run;
}

// Expects `call` to throw an ArchiveError naming `path` whose message holds `words`.
template <typename Call>
void expectArchiveError(Call call, const std::string& path, const std::string& words) {
    try {
        call();
        ADD_FAILURE() << "no ArchiveError; expected one about '" << words << "'";
    } catch (const ArchiveError& error) {
        EXPECT_EQ(error.path(), path);
        EXPECT_NE(std::string(error.what()).find(path), std::string::npos) << error.what();
        EXPECT_NE(std::string(error.what()).find(words), std::string::npos) << error.what();
    }
}

TEST(RunHistory, ANewHistoryCreatesItsDirectoryFileAndVersionedSchemaInWalMode) {
    TempDirectory dir;
    const std::string path = dir.file("deep/er/history.sqlite");
    {
        RunHistory history(path);
        EXPECT_EQ(history.path(), path);
        EXPECT_TRUE(history.list().empty());
        EXPECT_EQ(history.integrityCheck(), "ok");
    }
    EXPECT_TRUE(std::filesystem::exists(path));
    EXPECT_EQ(sqliteValue(path, "PRAGMA user_version"), std::to_string(2));
    EXPECT_EQ(sqliteValue(path, "PRAGMA journal_mode"), "wal");
    EXPECT_EQ(sqliteValue(path, "PRAGMA application_id"), std::to_string(0x49535242));
    EXPECT_EQ(sqliteValue(path,
                          "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name "
                          "IN ('runs', 'phases', 'seconds', 'distributions')"),
              "4");
}

TEST(RunHistory, ProcessesCreatingTheSameHistoryAtOnceAllSucceed) {
    for (int round = 0; round < 5; ++round) {
        TempDirectory dir;
        const std::string path = dir.file("history.sqlite");
        std::vector<pid_t> children;
        for (int child = 0; child < 4; ++child) {
            const pid_t pid = fork();
            if (pid == 0) {
                try {
                    RunHistory history(path);
                    history.beginRun(metadata("racer", child), threePhases());
                    _exit(0);
                } catch (const std::exception& error) {
                    std::fprintf(stderr, "child %d: %s\n", child, error.what());
                    _exit(1);
                }
            }
            children.push_back(pid);
        }
        for (const pid_t pid : children) {
            int status = -1;
            waitpid(pid, &status, 0);
            EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "round " << round;
        }
        EXPECT_EQ(RunHistory(path).list().size(), 4u);
    }
}

TEST(RunHistory, ReopeningAHistoryKeepsItsRuns) {
    TempDirectory dir;
    const std::string path = dir.file("history.sqlite");
    RunHistory(path).beginRun(metadata("first", 1'000), threePhases());
    RunHistory reopened(path, OpenMode::ExistingOnly);
    ASSERT_EQ(reopened.list().size(), 1u);
    EXPECT_EQ(reopened.list()[0].scenario_name, "first");
}

TEST(RunHistory, ARunBegunRecordedAndFinishedIsListedAndFoundWithEveryField) {
    TempDirectory dir;
    RunHistory history(dir.file("history.sqlite"));
    const auto meta = metadata("default", 1'700'000'000'123);
    const std::int64_t id = history.beginRun(meta, threePhases());
    for (int i = 0; i < 3; ++i) {
        history.recordSecond(id, second(i, static_cast<std::uint32_t>(i)));
    }
    history.finishRun(id, finished(RunState::Completed, "REGRESSION: 0 active p99 1.40x",
                                   R"({"schema":"isrbench.result/1"})"));

    const auto runs = history.list();
    ASSERT_EQ(runs.size(), 1u);
    const archive::RunSummary& summary = runs[0];
    EXPECT_EQ(summary.id, id);
    EXPECT_EQ(summary.started_unix_ms, 1'700'000'000'123);
    EXPECT_EQ(summary.scenario_name, "default");
    EXPECT_EQ(summary.source_label, "virtual fixture");
    EXPECT_EQ(summary.state, RunState::Completed);
    EXPECT_EQ(summary.duration_ms, 3'012);
    EXPECT_EQ(summary.stimuli, 3'000u);
    EXPECT_EQ(summary.p50_ns, 3'577);
    EXPECT_EQ(summary.p99_ns, 9'709);
    EXPECT_EQ(summary.verdict, "REGRESSION: 0 active p99 1.40x");

    const auto run = history.find(id);
    ASSERT_TRUE(run.has_value());
    EXPECT_EQ(run->summary.id, id);
    EXPECT_TRUE(run->finished);
    EXPECT_EQ(run->exit_code, 1);
    EXPECT_EQ(run->serviced, 1'000u);
    EXPECT_EQ(run->violations, 0u);
    EXPECT_EQ(run->max_ns, 80'392);
    EXPECT_GT(run->finished_unix_ms, 0);
    EXPECT_EQ(run->result_json, R"({"schema":"isrbench.result/1"})");
    EXPECT_EQ(run->writer_pid, getpid());
    EXPECT_EQ(run->writer_host, archive::thisHostName());

    const engine::RunMetadata& stored = run->meta;
    EXPECT_EQ(stored.tool_version, meta.tool_version);
    EXPECT_EQ(stored.scenario_name, meta.scenario_name);
    EXPECT_EQ(stored.scenario_file, meta.scenario_file);
    EXPECT_EQ(stored.scenario_hash, meta.scenario_hash);
    EXPECT_EQ(stored.scenario_json, meta.scenario_json);
    EXPECT_EQ(stored.host, meta.host);
    EXPECT_EQ(stored.kernel, meta.kernel);
    EXPECT_EQ(stored.started_unix_ms, meta.started_unix_ms);
    EXPECT_EQ(stored.planned_ms, meta.planned_ms);
    EXPECT_EQ(stored.elapsed_ms, 3'012);
    EXPECT_FALSE(stored.interrupted);
    EXPECT_EQ(stored.end_reason, "completed");
    EXPECT_EQ(stored.source.backend, meta.source.backend);
    EXPECT_EQ(stored.source.label, meta.source.label);
    EXPECT_EQ(stored.source.serial, meta.source.serial);
    EXPECT_EQ(stored.source.simulated, meta.source.simulated);
    EXPECT_EQ(stored.source.bus_model, meta.source.bus_model);
    EXPECT_EQ(stored.source.faults, meta.source.faults);
    EXPECT_EQ(stored.source.wiring, meta.source.wiring);

    const auto phases = threePhases();
    ASSERT_EQ(run->phases.size(), phases.size());
    for (std::size_t i = 0; i < phases.size(); ++i) {
        EXPECT_EQ(run->phases[i].name, phases[i].name);
        EXPECT_EQ(run->phases[i].start_ms, phases[i].start_ms);
        EXPECT_EQ(run->phases[i].end_ms, phases[i].end_ms);
        EXPECT_EQ(run->phases[i].state, phases[i].state);
    }

    ASSERT_EQ(run->seconds.size(), 3u);
    for (int i = 0; i < 3; ++i) {
        const auto expected = second(i, static_cast<std::uint32_t>(i));
        const auto& got = run->seconds[static_cast<std::size_t>(i)];
        EXPECT_EQ(got.second, expected.second);
        EXPECT_EQ(got.elapsed_ms, expected.elapsed_ms);
        EXPECT_EQ(got.phase, expected.phase);
        EXPECT_EQ(got.outcomes, expected.outcomes);
        EXPECT_EQ(got.latency_count, expected.latency_count);
        EXPECT_EQ(got.latency_min_ns, expected.latency_min_ns);
        EXPECT_EQ(got.latency_p50_ns, expected.latency_p50_ns);
        EXPECT_EQ(got.latency_p99_ns, expected.latency_p99_ns);
        EXPECT_EQ(got.latency_max_ns, expected.latency_max_ns);
    }
}

TEST(RunHistory, AnEmptyVerdictAndResultAreStoredAsNone) {
    TempDirectory dir;
    RunHistory history(dir.file("history.sqlite"));
    const auto id = history.beginRun(metadata("default", 1), {});
    history.finishRun(id, finished(RunState::Interrupted, "", ""));
    const auto run = history.find(id);
    ASSERT_TRUE(run.has_value());
    EXPECT_EQ(run->summary.state, RunState::Interrupted);
    EXPECT_TRUE(run->meta.interrupted);
    EXPECT_EQ(run->summary.verdict, "");
    EXPECT_EQ(run->result_json, "");
    EXPECT_TRUE(run->phases.empty());
}

TEST(RunHistory, RunsAreListedNewestFirstUpToTheLimit) {
    TempDirectory dir;
    RunHistory history(dir.file("history.sqlite"));
    std::vector<std::int64_t> ids;
    for (const char* name : {"one", "two", "three", "four"}) {
        ids.push_back(history.beginRun(metadata(name, 1'000), threePhases()));
    }
    const auto two = history.list(2);
    ASSERT_EQ(two.size(), 2u);
    EXPECT_EQ(two[0].id, ids[3]);
    EXPECT_EQ(two[0].scenario_name, "four");
    EXPECT_EQ(two[1].scenario_name, "three");
    const auto all = history.list(100);
    ASSERT_EQ(all.size(), 4u);
    EXPECT_EQ(all[3].scenario_name, "one");
    EXPECT_TRUE(history.list(0).empty());
}

TEST(RunHistory, AnUnfinishedRunIsSummedFromItsSecondsAndHasNoPercentilesYet) {
    TempDirectory dir;
    RunHistory history(dir.file("history.sqlite"));
    const auto id = history.beginRun(metadata("live", 1'000), threePhases());
    history.recordSecond(id, second(0, 0));
    history.recordSecond(id, second(1, 0));
    const auto runs = history.list();
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].state, RunState::Running);  // this process is its writer, and alive
    EXPECT_EQ(runs[0].duration_ms, 2'000);
    EXPECT_EQ(runs[0].stimuli, (100u + 2 + 3 + 4) + (101u + 2 + 3 + 4));
    EXPECT_FALSE(runs[0].p50_ns.has_value());
    EXPECT_FALSE(runs[0].p99_ns.has_value());
    const auto run = history.find(id);
    ASSERT_TRUE(run.has_value());
    EXPECT_FALSE(run->finished);
    EXPECT_TRUE(run->result_json.empty());
}

TEST(RunHistory, ARunWhoseWriterDiedIsIncomplete) {
    TempDirectory dir;
    const std::string path = dir.file("history.sqlite");
    ASSERT_EQ(archive_test::writeUnfinishedRunInAnotherProcess(path, 2), 0);
    RunHistory history(path, OpenMode::ExistingOnly);
    const auto runs = history.list();
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].scenario_name, "abandoned");
    EXPECT_EQ(runs[0].state, RunState::Incomplete);
    EXPECT_EQ(runs[0].duration_ms, 2'000);
    const auto run = history.find(runs[0].id);
    ASSERT_TRUE(run.has_value());
    EXPECT_EQ(run->summary.state, RunState::Incomplete);
    EXPECT_EQ(run->seconds.size(), 2u);
}

TEST(RunHistory, ARunningRowFromAnotherHostIsNotJudged) {
    TempDirectory dir;
    const std::string path = dir.file("history.sqlite");
    ASSERT_EQ(archive_test::writeUnfinishedRunInAnotherProcess(path, 1), 0);
    archive_test::sqliteExecute(path, "UPDATE runs SET writer_host = 'elsewhere.invalid'");
    EXPECT_EQ(RunHistory(path).list().at(0).state, RunState::Running);
}

TEST(RunHistory, AReusedPidIsNotTakenForTheWriter) {
    TempDirectory dir;
    const std::string path = dir.file("history.sqlite");
    RunHistory history(path);
    const auto id = history.beginRun(metadata("reused", 1), {});
    // This process is alive, but started at another time than the one recorded.
    archive_test::sqliteExecute(path,
                                "UPDATE runs SET writer_start_ticks = writer_start_ticks + 1");
    EXPECT_EQ(history.find(id)->summary.state, RunState::Incomplete);
}

TEST(RunHistory, AHistoryFromANewerSchemaIsRefused) {
    TempDirectory dir;
    const std::string path = dir.file("history.sqlite");
    RunHistory(path).beginRun(metadata("old", 1), {});
    archive_test::sqliteExecute(path, "PRAGMA user_version = 3");
    expectArchiveError([&] { RunHistory reopened(path); }, path, "newer isrbench");
    expectArchiveError([&] { RunHistory reopened(path); }, path, "schema version 3");
}

TEST(RunHistory, ADistributionFinishedWithTheRunReadsBackExactly) {
    TempDirectory dir;
    RunHistory history(dir.file("history.sqlite"));
    const auto id = history.beginRun(metadata("plotted", 1), threePhases());
    archive::FinishedRun done = finished(RunState::Completed, "", "");
    // Latencies across the exact range, the log buckets, cyclictest's overflows and a negative
    // one (a clock mapping off by more than the latency).
    done.distribution = distributionOf({{1, 3'306},
                                        {2, 3'999},
                                        {3, 127},
                                        {4, 999'999},
                                        {5, 1'000'000},
                                        {6, 3'862'600},
                                        {7, -50},
                                        {8, 80'392}});
    history.finishRun(id, done);
    const auto stored = history.distribution(id);
    ASSERT_TRUE(stored.has_value());
    EXPECT_TRUE(stored->complete);
    EXPECT_EQ(*stored, *done.distribution);  // every bucket, and mean and stdev to the bit
    EXPECT_EQ(stored->microseconds.overflows, 2u);
    EXPECT_EQ(stored->microseconds.overflow_stimuli, (std::vector<std::uint64_t>{5, 6}));
    EXPECT_EQ(stored->histogram.count, 8u);
}

TEST(RunHistory, EachSecondCarriesTheDistributionSoFarAndTheEndReplacesIt) {
    TempDirectory dir;
    const std::string path = dir.file("history.sqlite");
    RunHistory history(path);
    const auto id = history.beginRun(metadata("growing", 1), threePhases());
    EXPECT_FALSE(history.distribution(id).has_value());
    const archive::LatencyDistribution first = distributionOf({{1, 5'000}});
    history.recordSecond(id, second(0, 0), &first);
    const archive::LatencyDistribution both = distributionOf({{1, 5'000}, {2, 7'000}});
    history.recordSecond(id, second(1, 0), &both);
    auto stored = history.distribution(id);
    ASSERT_TRUE(stored.has_value());
    EXPECT_FALSE(stored->complete);
    EXPECT_EQ(stored->histogram, both.histogram);
    EXPECT_EQ(stored->microseconds, both.microseconds);
    EXPECT_EQ(sqliteValue(path, "SELECT count(*) FROM distributions"), "1");
    // A second without one leaves it as it was.
    history.recordSecond(id, second(2, 0));
    EXPECT_EQ(history.distribution(id)->histogram.count, 2u);

    archive::FinishedRun done = finished(RunState::Completed, "", "");
    done.distribution = distributionOf({{1, 5'000}, {2, 7'000}, {3, 9'000}});
    history.finishRun(id, done);
    stored = history.distribution(id);
    ASSERT_TRUE(stored.has_value());
    EXPECT_TRUE(stored->complete);
    EXPECT_EQ(stored->histogram.count, 3u);
}

TEST(RunHistory, AWriterKilledAfterItsSecondsKeepsTheirDistribution) {
    TempDirectory dir;
    const std::string path = dir.file("history.sqlite");
    ASSERT_EQ(archive_test::writeUnfinishedRunInAnotherProcess(path, 3, true), 0);
    RunHistory history(path, OpenMode::ExistingOnly);
    const auto id = history.list(1).at(0).id;
    EXPECT_EQ(history.find(id)->summary.state, RunState::Incomplete);
    const auto stored = history.distribution(id);
    ASSERT_TRUE(stored.has_value());
    EXPECT_FALSE(stored->complete);
    EXPECT_EQ(stored->histogram.count, 3u);  // one latency per recorded second
}

TEST(RunHistory, AVersion1HistoryIsMigratedAndItsRunsHaveNoDistribution) {
    TempDirectory dir;
    const std::string path = dir.file("history.sqlite");
    archive_test::writeVersion1History(path);
    ASSERT_EQ(sqliteValue(path, "PRAGMA user_version"), "1");
    {
        RunHistory history(path, OpenMode::ExistingOnly);
        const auto runs = history.list();
        ASSERT_EQ(runs.size(), 1u);
        EXPECT_EQ(runs[0].scenario_name, "before-v2");
        const auto old = history.find(runs[0].id);
        ASSERT_TRUE(old.has_value());
        EXPECT_EQ(old->seconds.size(), 1u);
        EXPECT_FALSE(history.distribution(runs[0].id).has_value());
        EXPECT_EQ(history.integrityCheck(), "ok");
    }
    EXPECT_EQ(sqliteValue(path, "PRAGMA user_version"), "2");
    EXPECT_EQ(sqliteValue(path, "SELECT count(*) FROM distributions"), "0");
    // And new runs go in with theirs.
    RunHistory history(path);
    const auto id = history.beginRun(metadata("after", 2), {});
    archive::FinishedRun done = finished(RunState::Completed, "", "");
    done.distribution = distributionOf({{1, 4'000}});
    history.finishRun(id, done);
    EXPECT_TRUE(history.distribution(id).has_value());
}

TEST(RunHistory, ADamagedDistributionRowIsAClearErrorAndTheRunStillReads) {
    const std::vector<std::pair<const char*, const char*>> damages = {
        {"UPDATE distributions SET latency_buckets = 'x:1'", "not a number"},
        {"UPDATE distributions SET latency_buckets = '3 4'", "without ':count'"},
        {"UPDATE distributions SET latency_buckets = '99999999:2'", "beyond"},
        {"UPDATE distributions SET latency_count = 7", "latency_count says 7"},
        {"UPDATE distributions SET us_counts = '4:1 '", "stray character"},
        {"UPDATE distributions SET us_counts = '4000:1'", "beyond 1000"},
        {"UPDATE distributions SET us_buckets = 1000000000000", "us_buckets is"},
        {"UPDATE distributions SET us_samples = -1", "us_samples is negative"},
        {"UPDATE distributions SET us_overflow_stimuli = ''", "lists 0 stimuli for 1"},
        {"UPDATE distributions SET latency_min_ns = latency_max_ns + 1", "above"},
    };
    TempDirectory dir;
    int file = 0;
    for (const auto& [damage, words] : damages) {
        const std::string path = dir.file("history" + std::to_string(++file) + ".sqlite");
        std::int64_t id = 0;
        {
            RunHistory history(path);
            id = history.beginRun(metadata("damaged", 1), {});
            archive::FinishedRun done = finished(RunState::Completed, "", "");
            done.distribution = distributionOf({{1, 4'000}, {2, 2'000'000}});
            history.finishRun(id, done);
        }
        archive_test::sqliteExecute(path, damage);
        RunHistory history(path, OpenMode::ExistingOnly);
        expectArchiveError([&] { (void)history.distribution(id); }, path, "damaged");
        expectArchiveError([&] { (void)history.distribution(id); }, path, words);
        EXPECT_TRUE(history.find(id).has_value()) << damage;  // the rest of the run is intact
    }
}

TEST(RunHistory, AFileThatIsNotADatabaseIsAClearErrorNamingIt) {
    TempDirectory dir;
    const std::string path = dir.file("history.sqlite");
    {
        std::ofstream garbage(path, std::ios::binary);
        for (int i = 0; i < 400; ++i) {
            garbage << "this is not an SQLite database, line " << i << '\n';
        }
    }
    expectArchiveError([&] { RunHistory history(path); }, path, "is not an SQLite database");
    expectArchiveError([&] { RunHistory history(path, OpenMode::ExistingOnly); }, path,
                       "file is not a database");
    try {
        RunHistory history(path);
    } catch (const ArchiveError& error) {
        EXPECT_EQ(error.sqliteCode() & 0xFF, SQLITE_NOTADB);
        EXPECT_EQ(error.detail(), "file is not a database");
    }
}

TEST(RunHistory, AShortTextFileIsAClearErrorToo) {
    TempDirectory dir;
    const std::string path = dir.file("notes.txt");
    std::ofstream(path) << "hello\n";
    expectArchiveError([&] { RunHistory history(path); }, path, "is not an SQLite database");
}

TEST(RunHistory, AnotherApplicationsSqliteDatabaseIsLeftAlone) {
    TempDirectory dir;
    const std::string path = dir.file("other.sqlite");
    archive_test::sqliteExecute(path, "CREATE TABLE contacts (name TEXT)");
    expectArchiveError([&] { RunHistory history(path); }, path, "not an isrbench run history");
    EXPECT_EQ(sqliteValue(path, "SELECT count(*) FROM sqlite_master"), "1");
}

TEST(RunHistory, ADirectoryOrAMissingFileIsAnErrorAndNothingIsCreatedForAReader) {
    TempDirectory dir;
    const std::string missing = dir.file("missing/history.sqlite");
    expectArchiveError([&] { RunHistory history(missing, OpenMode::ExistingOnly); }, missing,
                       "does not exist");
    EXPECT_FALSE(std::filesystem::exists(dir.file("missing")));
    const std::string directory = dir.file("");
    expectArchiveError([&] { RunHistory history(directory); }, directory, "is a directory");
}

TEST(RunHistory, MisusesAreArchiveErrors) {
    TempDirectory dir;
    const std::string path = dir.file("history.sqlite");
    RunHistory history(path);
    expectArchiveError([&] { history.finishRun(42, finished(RunState::Completed, "", "")); }, path,
                       "no run 42");
    expectArchiveError([&] { history.recordSecond(42, second(0, 0)); }, path, "FOREIGN KEY");
    const auto id = history.beginRun(metadata("twice", 1), {});
    history.recordSecond(id, second(0, 0));
    expectArchiveError([&] { history.recordSecond(id, second(0, 0)); }, path, "UNIQUE");
    expectArchiveError([&] { history.finishRun(id, finished(RunState::Running, "", "")); }, path,
                       "cannot end as 'running'");
    EXPECT_FALSE(history.find(42).has_value());
}

TEST(RunHistory, AFinishedRunIsSummarisedFromTheRunResult) {
    engine::RunResult result;
    result.meta = metadata("default", 1);
    result.meta.elapsed_ms = 2'500;
    result.meta.interrupted = true;
    result.meta.end_reason = "stopped (SIGINT)";
    result.statistics = engine::RunStatistics(2);
    for (std::int64_t latency : {1'000, 2'000, 3'000, 4'000}) {
        result.statistics.add({1, 0, engine::Outcome::Serviced, 10, 0, 10 + latency, 0});
    }
    result.statistics.add({2, 1, engine::Outcome::Suppressed, 10, 0, 0, 0});
    result.counters.stimuli = 5;

    auto run = archive::finishedRunOf(result, 0, "PASS", "{}");
    EXPECT_EQ(run.state, RunState::Interrupted);
    EXPECT_EQ(run.end_reason, "stopped (SIGINT)");
    EXPECT_EQ(run.verdict, "PASS");
    EXPECT_EQ(run.elapsed_ms, 2'500);
    EXPECT_EQ(run.stimuli, 5u);
    EXPECT_EQ(run.serviced, 4u);
    EXPECT_EQ(run.violations, 0u);
    EXPECT_EQ(run.max_ns, 4'000);
    EXPECT_NEAR(static_cast<double>(run.p50_ns), 2'000, 20);
    EXPECT_EQ(run.result_json, "{}");

    result.problems.push_back("accounting: ...");
    EXPECT_EQ(archive::finishedRunOf(result, 4, "", "").state, RunState::Invalid);
    result.problems.clear();
    result.meta.interrupted = false;
    EXPECT_EQ(archive::finishedRunOf(result, 0, "", "").state, RunState::Completed);
}

TEST(RunHistory, ASecondSummaryIsTakenFromATally) {
    engine::LatencySummary latency;
    latency.count = 7;
    latency.min = 1;
    latency.p50 = 2;
    latency.p99 = 3;
    latency.max = 4;
    const auto s = archive::secondSummaryOf(5, 2, 6'000, {7, 1, 0, 0, 0}, latency);
    EXPECT_EQ(s.second, 5);
    EXPECT_EQ(s.phase, 2u);
    EXPECT_EQ(s.elapsed_ms, 6'000);
    EXPECT_EQ(s.count(engine::Outcome::Serviced), 7u);
    EXPECT_EQ(s.count(engine::Outcome::Suppressed), 1u);
    EXPECT_EQ(s.latency_count, 7u);
    EXPECT_EQ(s.latency_min_ns, 1);
    EXPECT_EQ(s.latency_p50_ns, 2);
    EXPECT_EQ(s.latency_p99_ns, 3);
    EXPECT_EQ(s.latency_max_ns, 4);
}

TEST(RunHistory, StateNamesRoundTrip) {
    for (const auto state : {RunState::Running, RunState::Completed, RunState::Interrupted,
                             RunState::Invalid, RunState::Incomplete}) {
        EXPECT_EQ(archive::runStateFromName(archive::runStateName(state)), state);
    }
    EXPECT_FALSE(archive::runStateFromName("bogus").has_value());
}

// Sets (or unsets, for nullptr) an environment variable for one test and puts it back after.
class ScopedEnvironment {
public:
    ScopedEnvironment(const char* name, const char* value) : name_(name) {
        if (const char* old = std::getenv(name)) {
            old_ = old;
        }
        set(value);
    }
    ~ScopedEnvironment() { set(old_ ? old_->c_str() : nullptr); }

private:
    void set(const char* value) {
        if (value != nullptr) {
            setenv(name_, value, 1);
        } else {
            unsetenv(name_);
        }
    }
    const char* name_;
    std::optional<std::string> old_;
};

TEST(RunHistory, TheDefaultPathFollowsTheEnvironment) {
    ScopedEnvironment home("HOME", "/home/tester");
    {
        ScopedEnvironment chosen("ISRBENCH_HISTORY", "/tmp/chosen.sqlite");
        ScopedEnvironment data("XDG_DATA_HOME", "/data");
        EXPECT_EQ(archive::defaultHistoryPath(), "/tmp/chosen.sqlite");
    }
    ScopedEnvironment chosen("ISRBENCH_HISTORY", "");  // empty counts as unset
    {
        ScopedEnvironment data("XDG_DATA_HOME", "/data");
        EXPECT_EQ(archive::defaultHistoryPath(), "/data/isrbench/history.sqlite");
    }
    {
        ScopedEnvironment data("XDG_DATA_HOME", "relative/data");  // ignored, as XDG says
        EXPECT_EQ(archive::defaultHistoryPath(),
                  "/home/tester/.local/share/isrbench/history.sqlite");
    }
    ScopedEnvironment data("XDG_DATA_HOME", nullptr);
    EXPECT_EQ(archive::defaultHistoryPath(), "/home/tester/.local/share/isrbench/history.sqlite");
}

}  // namespace
