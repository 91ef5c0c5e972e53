// The run history: every run, while it happens, in an SQLite database (README.md in this
// folder). A run is begun (its row, state "running"), recorded second by second (one transaction
// per second, so a run killed halfway still holds everything up to its last second) and
// finished (end state, totals and the full result.json). `isrbench history` and the GUI list and
// reprint what it holds.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "archive_error.h"
#include "latency_distribution.h"
#include "run_result.h"
#include "sample.h"
#include "scenario.h"

namespace archive {

namespace sqlite {
class Connection;
}

// "running" until finishRun; a running run whose writer process is gone reads as Incomplete
// (never stored: it is what a reader sees).
enum class RunState { Running, Completed, Interrupted, Invalid, Incomplete };

std::string_view runStateName(RunState state);
std::optional<RunState> runStateFromName(std::string_view name);

// One second of a run: its outcome counts and the latency of the stimuli serviced in it.
struct SecondSummary {
    std::int64_t second = 0;  // index from the run's start; unique within a run
    std::int64_t elapsed_ms = 0;
    std::uint32_t phase = 0;  // index of the phase in force
    // By engine::Outcome: serviced, suppressed, unclaimed, lost, violation.
    std::array<std::uint64_t, engine::kOutcomeCount> outcomes{};
    std::uint64_t latency_count = 0;
    std::int64_t latency_min_ns = 0;
    std::int64_t latency_p50_ns = 0;
    std::int64_t latency_p99_ns = 0;
    std::int64_t latency_max_ns = 0;

    std::uint64_t count(engine::Outcome outcome) const {
        return outcomes[static_cast<std::size_t>(outcome)];
    }
};

SecondSummary secondSummaryOf(std::int64_t second, std::uint32_t phase, std::int64_t elapsed_ms,
                              const std::array<std::uint64_t, engine::kOutcomeCount>& outcomes,
                              const engine::LatencySummary& latency);

// How a run ended, for finishRun.
struct FinishedRun {
    RunState state = RunState::Completed;  // Completed, Interrupted or Invalid
    std::string end_reason;                // engine::RunMetadata::end_reason
    std::string verdict;                   // the baseline comparison's verdict; empty: none
    int exit_code = 0;
    std::int64_t elapsed_ms = 0;
    std::uint64_t stimuli = 0;
    std::uint64_t serviced = 0;
    std::uint64_t violations = 0;
    std::int64_t p50_ns = 0;  // overall interrupt latency
    std::int64_t p99_ns = 0;
    std::int64_t max_ns = 0;
    std::string result_json;  // the report's result.json, stored as it is
    // The run's serviced latencies as histogram.txt and latency.hgrm were written from; stored
    // (as complete) with the end of the run, in the same transaction. None: the distribution
    // stays as the last recordSecond left it, if any.
    std::optional<LatencyDistribution> distribution;
};

// Everything but the verdict, exit code and result.json comes from the result: invalid if an
// accounting check failed, else interrupted if cut short, else completed.
FinishedRun finishedRunOf(const engine::RunResult& result, int exit_code, std::string verdict,
                          std::string result_json);

// One run as the listing shows it.
struct RunSummary {
    std::int64_t id = 0;
    std::int64_t started_unix_ms = 0;
    std::string scenario_name;
    std::string source_label;  // "virtual fixture", "USB fixture <serial>"
    bool simulated = false;    // the virtual fixture: shown as simulated wherever it is listed
    RunState state = RunState::Running;
    // Finished: the run's elapsed time and stimuli. Unfinished: as far as the recorded seconds go.
    std::int64_t duration_ms = 0;
    std::uint64_t stimuli = 0;
    std::optional<std::int64_t> p50_ns;  // overall; only once finished
    std::optional<std::int64_t> p99_ns;
    std::string verdict;  // empty: no baseline comparison (or not finished)
};

// One run with all that is stored of it.
struct StoredRun {
    RunSummary summary;
    engine::RunMetadata meta;  // as begun; elapsed_ms, interrupted and end_reason once finished
    std::vector<engine::Phase> phases;
    std::vector<SecondSummary> seconds;  // in order
    bool finished = false;
    int exit_code = 0;
    std::uint64_t serviced = 0;
    std::uint64_t violations = 0;
    std::optional<std::int64_t> max_ns;
    std::int64_t finished_unix_ms = 0;
    std::string result_json;  // empty until finished
    std::int64_t writer_pid = 0;
    std::string writer_host;
};

enum class OpenMode {
    CreateIfMissing,  // a run writing: creates the directory, the file and the schema
    ExistingOnly,     // a reader: a missing file is an ArchiveError, nothing is created
};

// One connection to a history file. Not for concurrent use from several threads: open one per
// thread (processes and threads may share the file; SQLite locks it).
class RunHistory {
public:
    explicit RunHistory(const std::string& path, OpenMode mode = OpenMode::CreateIfMissing);
    ~RunHistory();
    RunHistory(RunHistory&&) noexcept;
    RunHistory& operator=(RunHistory&&) noexcept;

    const std::string& path() const;

    // Inserts the run (state "running", this process as its writer) and its phases; the id.
    std::int64_t beginRun(const engine::RunMetadata& meta,
                          const std::vector<engine::Phase>& phases);
    // One transaction: committed when this returns. With `so_far`, the run's distribution as it
    // stands is replaced in the same transaction (stored as not complete), so that a run killed
    // halfway keeps it up to its last second.
    void recordSecond(std::int64_t run_id, const SecondSummary& second,
                      const LatencyDistribution* so_far = nullptr);
    void finishRun(std::int64_t run_id, const FinishedRun& finished);

    // Newest first (by id, the order runs were begun in).
    std::vector<RunSummary> list(std::size_t limit = 20) const;
    std::optional<StoredRun> find(std::int64_t run_id) const;
    // The run's stored latency distribution; none for a run recorded before the history kept
    // them (schema version 1), or that ended before its first second was recorded. A row that
    // does not hold together is an ArchiveError saying what is wrong with it.
    std::optional<LatencyDistribution> distribution(std::int64_t run_id) const;

    // PRAGMA integrity_check: "ok", or SQLite's findings one per line.
    std::string integrityCheck() const;

private:
    std::unique_ptr<sqlite::Connection> db_;
};

// $ISRBENCH_HISTORY, else $XDG_DATA_HOME/isrbench/history.sqlite, else
// $HOME/.local/share/isrbench/history.sqlite (empty variables count as unset).
std::string defaultHistoryPath();

}  // namespace archive
