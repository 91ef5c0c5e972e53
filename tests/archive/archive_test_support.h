// What the history tests share: a private temporary directory, a run's metadata, a writer process
// that dies without finishing its run, and a look at the database with nothing but SQLite.
#pragma once

#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "cyclictest_histogram.h"
#include "latency_histogram.h"
#include "run_history.h"
#include "sample.h"

namespace archive_test {

// mkdtemp under $TMPDIR (or /tmp), removed with everything in it at the end of the test.
class TempDirectory {
public:
    TempDirectory() {
        const char* base = std::getenv("TMPDIR");
        std::string pattern = std::string(base != nullptr && *base != '\0' ? base : "/tmp") +
                              "/isrbench-archive-XXXXXX";
        if (mkdtemp(pattern.data()) == nullptr) {
            throw std::runtime_error("mkdtemp failed for " + pattern);
        }
        path_ = pattern;
    }
    ~TempDirectory() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    TempDirectory(const TempDirectory&) = delete;
    TempDirectory& operator=(const TempDirectory&) = delete;

    std::string file(const std::string& name) const { return (path_ / name).string(); }

private:
    std::filesystem::path path_;
};

inline engine::RunMetadata metadata(const std::string& scenario, std::int64_t started_unix_ms) {
    engine::RunMetadata meta;
    meta.tool_version = "0.1.0";
    meta.scenario_name = scenario;
    meta.scenario_file = "scenarios/" + scenario + ".json";
    meta.scenario_hash = "ab12";
    meta.scenario_json = R"({"name":")" + scenario + R"("})";
    meta.host = "bench-host";
    meta.kernel = "6.1.0";
    meta.started_unix_ms = started_unix_ms;
    meta.planned_ms = 3000;
    meta.source.backend = "virtual-fixture";
    meta.source.label = "virtual fixture";
    meta.source.serial = "VF-1";
    meta.source.simulated = true;
    meta.source.bus_model = "ideal";
    meta.source.faults = "";
    meta.source.wiring = "checkit";
    return meta;
}

inline std::vector<engine::Phase> threePhases() {
    return {{"0 active", 0, 1000, engine::PortState::Active},
            {"1 inactive", 1000, 2000, engine::PortState::Inactive},
            {"2 disconnected", 2000, 3000, engine::PortState::Disconnected}};
}

inline archive::SecondSummary second(std::int64_t index, std::uint32_t phase) {
    archive::SecondSummary s;
    s.second = index;
    s.elapsed_ms = (index + 1) * 1000;
    s.phase = phase;
    s.outcomes = {100 + static_cast<std::uint64_t>(index), 2, 3, 4, 0};
    s.latency_count = 100 + static_cast<std::uint64_t>(index);
    s.latency_min_ns = 3'000;
    s.latency_p50_ns = 3'500;
    s.latency_p99_ns = 9'700;
    s.latency_max_ns = 80'000;
    return s;
}

// A serviced stimulus with this latency (from an edge at 1 s on the host clock).
inline engine::Sample serviced(std::uint64_t sequence, std::int64_t latency_ns) {
    engine::Sample sample;
    sample.sequence = sequence;
    sample.outcome = engine::Outcome::Serviced;
    sample.t_edge_ns = 1'000'000'000;
    sample.t_arrive_ns = sample.t_edge_ns + latency_ns / 2;
    sample.t_isr_ns = sample.t_edge_ns + latency_ns;
    sample.t_resp_ns = sample.t_isr_ns + 1'000;
    return sample;
}

// (stimulus number, latency ns) of serviced stimuli.
using Latencies = std::vector<std::pair<std::uint64_t, std::int64_t>>;

// What `isrbench run` gives the history for these samples: its own writers' data, counted by the
// run's own rules (report::CyclictestHistogram, engine::LatencyHistogram).
inline archive::LatencyDistribution distributionOf(const Latencies& latencies,
                                                   bool complete = true) {
    report::CyclictestHistogram cyclictest;
    engine::LatencyHistogram histogram;
    for (const auto& [sequence, latency_ns] : latencies) {
        const engine::Sample sample = serviced(sequence, latency_ns);
        cyclictest.add(sample);
        histogram.record(sample.latencyNs());
    }
    return {archive::HistogramBuckets::of(histogram), cyclictest.counted(), complete};
}

// Begins a run in a child process that records `seconds` seconds and exits without finishing:
// what a writer killed mid-run leaves. The child is reaped before this returns, so its pid is
// gone. Returns the child's exit status (0: it wrote the run). `with_distribution`: each second
// carries the distribution so far, one more latency each second.
inline int writeUnfinishedRunInAnotherProcess(const std::string& path, int seconds,
                                              bool with_distribution = false) {
    const pid_t child = fork();
    if (child == 0) {
        int status = 0;
        try {
            archive::RunHistory history(path);
            const auto id =
                history.beginRun(metadata("abandoned", 1'700'000'000'000), threePhases());
            Latencies latencies;
            for (int i = 0; i < seconds; ++i) {
                latencies.emplace_back(i + 1, 4'000 + 1'000 * i);
                const archive::LatencyDistribution so_far = distributionOf(latencies, false);
                history.recordSecond(id, second(i, 0), with_distribution ? &so_far : nullptr);
            }
        } catch (...) {
            status = 1;
        }
        _exit(status);
    }
    int status = -1;
    waitpid(child, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// One value of a query, read with the C API alone (independent of the library under test).
inline std::string sqliteValue(const std::string& path, const char* sql) {
    sqlite3* db = nullptr;
    std::string value = "(cannot open)";
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK) {
        sqlite3_stmt* statement = nullptr;
        value = "(no value)";
        if (sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) == SQLITE_OK &&
            sqlite3_step(statement) == SQLITE_ROW) {
            const unsigned char* text = sqlite3_column_text(statement, 0);
            value = text != nullptr ? reinterpret_cast<const char*>(text) : "NULL";
        } else {
            value = std::string("(error) ") + sqlite3_errmsg(db);
        }
        sqlite3_finalize(statement);
    }
    sqlite3_close_v2(db);
    return value;
}

inline void sqliteExecute(const std::string& path, const char* sql);

// A history as a version 1 build left it: runs, phases and seconds, no distributions table
// (version 2 added only that table, so dropping it is the version 1 schema). One finished run
// with a second.
inline void writeVersion1History(const std::string& path) {
    {
        archive::RunHistory history(path);
        const auto id = history.beginRun(metadata("before-v2", 1'600'000'000'000), threePhases());
        history.recordSecond(id, second(0, 0));
        archive::FinishedRun done;
        done.elapsed_ms = 1'000;
        history.finishRun(id, done);
    }
    sqliteExecute(path, "DROP TABLE distributions; PRAGMA user_version = 1");
}

inline void sqliteExecute(const std::string& path, const char* sql) {
    sqlite3* db = nullptr;
    sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    char* message = nullptr;
    const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &message);
    const std::string text = message != nullptr ? message : "";
    sqlite3_free(message);
    sqlite3_close_v2(db);
    if (rc != SQLITE_OK) {
        throw std::runtime_error(text);
    }
}

}  // namespace archive_test
