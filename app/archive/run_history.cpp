#include "run_history.h"

#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include "schema.h"
#include "sqlite_connection.h"
#include "writer_process.h"

namespace archive {
namespace {

namespace fs = std::filesystem;
using sqlite::Connection;
using sqlite::Statement;

constexpr std::array kAllStates{RunState::Running, RunState::Completed, RunState::Interrupted,
                                RunState::Invalid, RunState::Incomplete};

std::int64_t nowUnixMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

void createParentDirectory(const std::string& path) {
    const fs::path parent = fs::path(path).parent_path();
    std::error_code error;
    if (!parent.empty() && !fs::exists(parent, error)) {
        fs::create_directories(parent, error);
        if (error) {
            throw ArchiveError(path, "cannot create the directory " + parent.string(),
                               error.message());
        }
    }
}

std::unique_ptr<Connection> openConnection(const std::string& path, OpenMode mode) {
    if (path.empty()) {
        throw ArchiveError("(no path)", "no run history file was named");
    }
    std::error_code error;
    if (mode == OpenMode::ExistingOnly && !fs::exists(path, error)) {
        throw ArchiveError(path, "no run history here (the file does not exist)");
    }
    if (fs::is_directory(path, error)) {
        throw ArchiveError(path, "is a directory, not a run history file");
    }
    int flags = SQLITE_OPEN_READWRITE;
    if (mode == OpenMode::CreateIfMissing) {
        createParentDirectory(path);
        flags |= SQLITE_OPEN_CREATE;
    }
    auto db = std::make_unique<Connection>(path, flags);
    prepareDatabase(*db);
    return db;
}

// --- begin ---

constexpr const char* kInsertRun = R"sql(
INSERT INTO runs (started_unix_ms, tool_version, scenario_name, scenario_file, scenario_hash,
                  scenario_json, host, kernel, planned_ms, source_backend, source_label,
                  source_serial, source_simulated, source_bus_model, source_faults, source_wiring,
                  writer_pid, writer_host, writer_boot_id, writer_start_ticks)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)
)sql";

constexpr const char* kInsertPhase = R"sql(
INSERT INTO phases (run_id, phase_index, name, state, start_ms, end_ms)
VALUES (?1, ?2, ?3, ?4, ?5, ?6)
)sql";

void insertRun(Connection& db, const engine::RunMetadata& meta) {
    const WriterProcess writer = thisProcess();
    const engine::RunSource& source = meta.source;
    Statement insert(db, kInsertRun);
    insert.bind(1, meta.started_unix_ms)
        .bind(2, meta.tool_version)
        .bind(3, meta.scenario_name)
        .bind(4, meta.scenario_file)
        .bind(5, meta.scenario_hash)
        .bind(6, meta.scenario_json)
        .bind(7, meta.host)
        .bind(8, meta.kernel)
        .bind(9, meta.planned_ms)
        .bind(10, source.backend)
        .bind(11, source.label)
        .bind(12, source.serial)
        .bind(13, source.simulated ? 1 : 0)
        .bind(14, source.bus_model)
        .bind(15, source.faults)
        .bind(16, source.wiring)
        .bind(17, writer.pid)
        .bind(18, writer.host)
        .bind(19, writer.boot_id)
        .bind(20, writer.start_ticks);
    insert.run();
}

void insertPhase(Connection& db, std::int64_t run_id, std::size_t index,
                 const engine::Phase& phase) {
    Statement insert(db, kInsertPhase);
    insert.bind(1, run_id)
        .bind(2, index)
        .bind(3, phase.name)
        .bind(4, engine::portStateName(phase.state))
        .bind(5, phase.start_ms)
        .bind(6, phase.end_ms);
    insert.run();
}

// --- record, finish ---

constexpr const char* kInsertSecond = R"sql(
INSERT INTO seconds (run_id, second, elapsed_ms, phase_index, serviced, suppressed, unclaimed,
                     lost, violation, latency_count, latency_min_ns, latency_p50_ns,
                     latency_p99_ns, latency_max_ns)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
)sql";

constexpr const char* kFinishRun = R"sql(
UPDATE runs SET state = ?2, finished_unix_ms = ?3, end_reason = ?4, verdict = ?5, exit_code = ?6,
                elapsed_ms = ?7, stimuli = ?8, serviced = ?9, violations = ?10, p50_ns = ?11,
                p99_ns = ?12, max_ns = ?13, result_json = ?14
WHERE id = ?1
)sql";

constexpr const char* kReplaceDistribution = R"sql(
INSERT OR REPLACE INTO distributions (run_id, complete, latency_count, latency_min_ns,
                                      latency_max_ns, latency_mean_ns, latency_stdev_ns,
                                      latency_buckets, us_buckets, us_counts, us_samples,
                                      us_overflows, us_min, us_max, us_sum, us_overflow_stimuli)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
)sql";

// The microsecond buckets with samples, as "us:count" pairs.
std::vector<std::pair<std::size_t, std::uint64_t>> occupied(
    const std::vector<std::uint64_t>& counts) {
    std::vector<std::pair<std::size_t, std::uint64_t>> pairs;
    for (std::size_t us = 0; us < counts.size(); ++us) {
        if (counts[us] != 0) {
            pairs.emplace_back(us, counts[us]);
        }
    }
    return pairs;
}

void replaceDistribution(Connection& db, std::int64_t run_id,
                         const LatencyDistribution& distribution, bool complete) {
    const HistogramBuckets& histogram = distribution.histogram;
    const MicrosecondHistogram& us = distribution.microseconds;
    Statement replace(db, kReplaceDistribution);
    replace.bind(1, run_id)
        .bind(2, complete ? 1 : 0)
        .bind(3, histogram.count)
        .bind(4, histogram.min_ns)
        .bind(5, histogram.max_ns)
        .bind(6, histogram.mean_ns)
        .bind(7, histogram.stdev_ns)
        .bind(8, pairsText(histogram.buckets))
        .bind(9, us.counts.size())
        .bind(10, pairsText(occupied(us.counts)))
        .bind(11, us.samples)
        .bind(12, us.overflows)
        .bind(13, us.min_us)
        .bind(14, us.max_us)
        .bind(15, us.sum_us)
        .bind(16, numbersText(us.overflow_stimuli));
    replace.run();
}

bool isEndState(RunState state) {
    return state == RunState::Completed || state == RunState::Interrupted ||
           state == RunState::Invalid;
}

// --- read ---

// The listing's columns, shared by list() and find(); readSummary() reads them in this order.
constexpr const char* kSummaryColumns = R"sql(
SELECT r.id, r.started_unix_ms, r.scenario_name, r.source_label, r.state,
       COALESCE(r.elapsed_ms,
                (SELECT MAX(s.elapsed_ms) FROM seconds s WHERE s.run_id = r.id), 0),
       COALESCE(r.stimuli,
                (SELECT SUM(s.serviced + s.suppressed + s.unclaimed + s.lost + s.violation)
                 FROM seconds s WHERE s.run_id = r.id), 0),
       r.p50_ns, r.p99_ns, COALESCE(r.verdict, ''),
       r.writer_pid, r.writer_host, r.writer_boot_id, r.writer_start_ticks, r.source_simulated
)sql";
constexpr int kSummaryColumnCount = 15;

constexpr const char* kListTail = "FROM runs r ORDER BY r.id DESC LIMIT ?1";

constexpr const char* kDetailColumnsAndTail = R"sql(
     , r.tool_version, r.scenario_file, r.scenario_hash, r.scenario_json, r.host, r.kernel,
       r.planned_ms, r.source_backend, r.source_serial, r.source_simulated, r.source_bus_model,
       r.source_faults, r.source_wiring, r.end_reason, r.exit_code, r.serviced, r.violations,
       r.max_ns, r.finished_unix_ms, COALESCE(r.result_json, '')
FROM runs r WHERE r.id = ?1
)sql";

constexpr const char* kSelectPhases = R"sql(
SELECT name, state, start_ms, end_ms FROM phases WHERE run_id = ?1 ORDER BY phase_index
)sql";

constexpr const char* kSelectSeconds = R"sql(
SELECT second, elapsed_ms, phase_index, serviced, suppressed, unclaimed, lost, violation,
       latency_count, latency_min_ns, latency_p50_ns, latency_p99_ns, latency_max_ns
FROM seconds WHERE run_id = ?1 ORDER BY second
)sql";

std::uint64_t unsignedAt(const Statement& row, int column) {
    return static_cast<std::uint64_t>(std::max<std::int64_t>(0, row.integer(column)));
}

RunState storedState(const Connection& db, const std::string& name) {
    const auto state = runStateFromName(name);
    if (!state) {
        throw ArchiveError(db.path(), "a run in an unknown state '" + name + "'");
    }
    return *state;
}

RunSummary readSummary(const Connection& db, const Statement& row) {
    RunSummary run;
    run.id = row.integer(0);
    run.started_unix_ms = row.integer(1);
    run.scenario_name = row.text(2);
    run.source_label = row.text(3);
    run.state = storedState(db, row.text(4));
    run.duration_ms = row.integer(5);
    run.stimuli = unsignedAt(row, 6);
    run.p50_ns = row.optionalInteger(7);
    run.p99_ns = row.optionalInteger(8);
    run.verdict = row.text(9);
    run.simulated = row.integer(14) != 0;
    const WriterProcess writer{row.integer(10), row.text(11), row.text(12), row.integer(13)};
    if (run.state == RunState::Running && isGone(writer)) {
        run.state = RunState::Incomplete;
    }
    return run;
}

engine::PortState portStateFromName(std::string_view name) {
    for (const auto state : {engine::PortState::Disconnected, engine::PortState::Active,
                             engine::PortState::Inactive}) {
        if (engine::portStateName(state) == name) {
            return state;
        }
    }
    return engine::PortState::Disconnected;
}

void readDetails(const Statement& row, StoredRun& run) {
    constexpr int at = kSummaryColumnCount;
    engine::RunMetadata& meta = run.meta;
    meta.started_unix_ms = run.summary.started_unix_ms;
    meta.scenario_name = run.summary.scenario_name;
    meta.source.label = run.summary.source_label;
    meta.tool_version = row.text(at + 0);
    meta.scenario_file = row.text(at + 1);
    meta.scenario_hash = row.text(at + 2);
    meta.scenario_json = row.text(at + 3);
    meta.host = row.text(at + 4);
    meta.kernel = row.text(at + 5);
    meta.planned_ms = row.integer(at + 6);
    meta.source.backend = row.text(at + 7);
    meta.source.serial = row.text(at + 8);
    meta.source.simulated = row.integer(at + 9) != 0;
    meta.source.bus_model = row.text(at + 10);
    meta.source.faults = row.text(at + 11);
    meta.source.wiring = row.text(at + 12);
    run.writer_pid = row.integer(10);
    run.writer_host = row.text(11);
    run.finished = !row.isNull(at + 14);  // exit_code is set by finishRun only
    meta.elapsed_ms = run.summary.duration_ms;
    if (!run.finished) {
        meta.interrupted = true;
        meta.end_reason = runStateName(run.summary.state);
        return;
    }
    meta.end_reason = row.text(at + 13);
    meta.interrupted = run.summary.state == RunState::Interrupted;
    run.exit_code = static_cast<int>(row.integer(at + 14));
    run.serviced = unsignedAt(row, at + 15);
    run.violations = unsignedAt(row, at + 16);
    run.max_ns = row.optionalInteger(at + 17);
    run.finished_unix_ms = row.integer(at + 18);
    run.result_json = row.text(at + 19);
}

std::vector<engine::Phase> readPhases(Connection& db, std::int64_t run_id) {
    Statement select(db, kSelectPhases);
    select.bind(1, run_id);
    std::vector<engine::Phase> phases;
    while (select.step()) {
        phases.push_back(engine::Phase{select.text(0), select.integer(2), select.integer(3),
                                       portStateFromName(select.text(1))});
    }
    return phases;
}

std::vector<SecondSummary> readSeconds(Connection& db, std::int64_t run_id) {
    Statement select(db, kSelectSeconds);
    select.bind(1, run_id);
    std::vector<SecondSummary> seconds;
    while (select.step()) {
        SecondSummary second;
        second.second = select.integer(0);
        second.elapsed_ms = select.integer(1);
        second.phase = static_cast<std::uint32_t>(select.integer(2));
        for (std::size_t i = 0; i < second.outcomes.size(); ++i) {
            second.outcomes[i] = unsignedAt(select, 3 + static_cast<int>(i));
        }
        second.latency_count = unsignedAt(select, 8);
        second.latency_min_ns = select.integer(9);
        second.latency_p50_ns = select.integer(10);
        second.latency_p99_ns = select.integer(11);
        second.latency_max_ns = select.integer(12);
        seconds.push_back(second);
    }
    return seconds;
}

constexpr const char* kSelectDistribution = R"sql(
SELECT complete, latency_count, latency_min_ns, latency_max_ns, latency_mean_ns,
       latency_stdev_ns, latency_buckets, us_buckets, us_counts, us_samples, us_overflows, us_min,
       us_max, us_sum, us_overflow_stimuli
FROM distributions WHERE run_id = ?1
)sql";

// The largest cyclictest histogram the history reads back (cyclictest's own -h limit is far
// below): a damaged us_buckets must not allocate without bound.
constexpr std::int64_t kMostMicrosecondBuckets = 1'000'000;

void require(bool holds, const std::string& what) {
    if (!holds) {
        throw std::invalid_argument(what);
    }
}

std::uint64_t nonNegative(const Statement& row, int column, const char* name) {
    const std::int64_t value = row.integer(column);
    require(value >= 0, std::string(name) + " is negative");
    return static_cast<std::uint64_t>(value);
}

template <typename Count>
std::uint64_t countsAdd(const std::vector<std::pair<std::size_t, Count>>& pairs, std::size_t limit,
                        const char* name) {
    std::uint64_t total = 0;
    std::size_t next = 0;  // indexes ascend, each at most once
    for (const auto& [index, count] : pairs) {
        require(index >= next && index < limit,
                std::string(name) + ": bucket " + std::to_string(index) +
                    " is out of order or beyond " + std::to_string(limit));
        require(count > 0, std::string(name) + ": an empty bucket is listed");
        next = index + 1;
        total += count;
    }
    return total;
}

HistogramBuckets histogramAt(const Statement& row) {
    HistogramBuckets histogram;
    histogram.count = nonNegative(row, 1, "latency_count");
    histogram.min_ns = row.integer(2);
    histogram.max_ns = row.integer(3);
    histogram.mean_ns = row.real(4);
    histogram.stdev_ns = row.real(5);
    histogram.buckets = pairsFromText(row.text(6));
    const std::uint64_t total =
        countsAdd(histogram.buckets, engine::LatencyHistogram::kBuckets, "latency_buckets");
    require(total == histogram.count, "latency_buckets hold " + std::to_string(total) +
                                          " latencies, latency_count says " +
                                          std::to_string(histogram.count));
    require(histogram.min_ns <= histogram.max_ns, "latency_min_ns is above latency_max_ns");
    return histogram;
}

MicrosecondHistogram microsecondsAt(const Statement& row) {
    MicrosecondHistogram us;
    const std::int64_t buckets = row.integer(7);
    require(buckets > 0 && buckets <= kMostMicrosecondBuckets,
            "us_buckets is " + std::to_string(buckets));
    const auto pairs = pairsFromText(row.text(8));
    const std::uint64_t binned = countsAdd(pairs, static_cast<std::size_t>(buckets), "us_counts");
    us.counts.assign(static_cast<std::size_t>(buckets), 0);
    for (const auto& [index, count] : pairs) {
        us.counts[index] = count;
    }
    us.samples = nonNegative(row, 9, "us_samples");
    us.overflows = nonNegative(row, 10, "us_overflows");
    us.min_us = nonNegative(row, 11, "us_min");
    us.max_us = nonNegative(row, 12, "us_max");
    us.sum_us = nonNegative(row, 13, "us_sum");
    us.overflow_stimuli = numbersFromText(row.text(14));
    require(binned + us.overflows == us.samples,
            "us_counts and us_overflows add up to " + std::to_string(binned + us.overflows) +
                ", us_samples says " + std::to_string(us.samples));
    require(us.overflow_stimuli.size() ==
                std::min<std::uint64_t>(us.overflows, MicrosecondHistogram::kOverflowsListed),
            "us_overflow_stimuli lists " + std::to_string(us.overflow_stimuli.size()) +
                " stimuli for " + std::to_string(us.overflows) + " overflows");
    require(us.min_us <= us.max_us, "us_min is above us_max");
    return us;
}

std::string environment(const char* name) {
    const char* value = std::getenv(name);
    return value != nullptr ? value : "";
}

std::string homeDirectory() {
    if (std::string home = environment("HOME"); !home.empty()) {
        return home;
    }
    // A service or a stripped environment: the account's home from the password database.
    passwd entry{};
    passwd* found = nullptr;
    char buffer[4096];
    if (getpwuid_r(getuid(), &entry, buffer, sizeof buffer, &found) == 0 && found != nullptr &&
        found->pw_dir != nullptr) {
        return found->pw_dir;
    }
    return {};
}

}  // namespace

std::string_view runStateName(RunState state) {
    switch (state) {
        case RunState::Running:
            return "running";
        case RunState::Completed:
            return "completed";
        case RunState::Interrupted:
            return "interrupted";
        case RunState::Invalid:
            return "invalid";
        case RunState::Incomplete:
            return "incomplete";
    }
    return "?";
}

std::optional<RunState> runStateFromName(std::string_view name) {
    for (const RunState state : kAllStates) {
        if (runStateName(state) == name) {
            return state;
        }
    }
    return std::nullopt;
}

SecondSummary secondSummaryOf(std::int64_t second, std::uint32_t phase, std::int64_t elapsed_ms,
                              const std::array<std::uint64_t, engine::kOutcomeCount>& outcomes,
                              const engine::LatencySummary& latency) {
    SecondSummary summary;
    summary.second = second;
    summary.elapsed_ms = elapsed_ms;
    summary.phase = phase;
    summary.outcomes = outcomes;
    summary.latency_count = latency.count;
    summary.latency_min_ns = latency.min;
    summary.latency_p50_ns = latency.p50;
    summary.latency_p99_ns = latency.p99;
    summary.latency_max_ns = latency.max;
    return summary;
}

FinishedRun finishedRunOf(const engine::RunResult& result, int exit_code, std::string verdict,
                          std::string result_json) {
    const engine::PhaseStatistics all = result.statistics.overall();
    const engine::LatencySummary latency = all.latency.summary();
    FinishedRun finished;
    finished.state = !result.valid()           ? RunState::Invalid
                     : result.meta.interrupted ? RunState::Interrupted
                                               : RunState::Completed;
    finished.end_reason = result.meta.end_reason;
    finished.verdict = std::move(verdict);
    finished.exit_code = exit_code;
    finished.elapsed_ms = result.meta.elapsed_ms;
    finished.stimuli = result.counters.stimuli;
    finished.serviced = all.count(engine::Outcome::Serviced);
    finished.violations = all.count(engine::Outcome::Violation);
    finished.p50_ns = latency.p50;
    finished.p99_ns = latency.p99;
    finished.max_ns = latency.max;
    finished.result_json = std::move(result_json);
    return finished;
}

RunHistory::RunHistory(const std::string& path, OpenMode mode) : db_(openConnection(path, mode)) {}

RunHistory::~RunHistory() = default;
RunHistory::RunHistory(RunHistory&&) noexcept = default;
RunHistory& RunHistory::operator=(RunHistory&&) noexcept = default;

const std::string& RunHistory::path() const {
    return db_->path();
}

std::int64_t RunHistory::beginRun(const engine::RunMetadata& meta,
                                  const std::vector<engine::Phase>& phases) {
    sqlite::Transaction transaction(*db_);
    insertRun(*db_, meta);
    const std::int64_t run_id = db_->lastInsertId();
    for (std::size_t i = 0; i < phases.size(); ++i) {
        insertPhase(*db_, run_id, i, phases[i]);
    }
    transaction.commit();
    return run_id;
}

// A single INSERT outside BEGIN ... COMMIT is a transaction of its own (autocommit): when step()
// has returned, the row is in the WAL and survives the process (schema.cpp says why).
// With a distribution, both statements are one BEGIN ... COMMIT: the second and the distribution
// as of that second are committed together or not at all.
void RunHistory::recordSecond(std::int64_t run_id, const SecondSummary& second,
                              const LatencyDistribution* so_far) {
    std::optional<sqlite::Transaction> transaction;
    if (so_far != nullptr) {
        transaction.emplace(*db_);
    }
    Statement insert(*db_, kInsertSecond);
    insert.bind(1, run_id)
        .bind(2, second.second)
        .bind(3, second.elapsed_ms)
        .bind(4, second.phase)
        .bind(10, second.latency_count)
        .bind(11, second.latency_min_ns)
        .bind(12, second.latency_p50_ns)
        .bind(13, second.latency_p99_ns)
        .bind(14, second.latency_max_ns);
    for (std::size_t i = 0; i < second.outcomes.size(); ++i) {
        insert.bind(5 + static_cast<int>(i), second.outcomes[i]);
    }
    insert.run();
    if (transaction) {
        replaceDistribution(*db_, run_id, *so_far, false);
        transaction->commit();
    }
}

void RunHistory::finishRun(std::int64_t run_id, const FinishedRun& finished) {
    if (!isEndState(finished.state)) {
        throw ArchiveError(path(), "run " + std::to_string(run_id) + " cannot end as '" +
                                       std::string(runStateName(finished.state)) +
                                       "' (completed, interrupted or invalid)");
    }
    sqlite::Transaction transaction(*db_);
    Statement update(*db_, kFinishRun);
    update.bind(1, run_id)
        .bind(2, runStateName(finished.state))
        .bind(3, nowUnixMs())
        .bind(4, finished.end_reason)
        .bindTextOrNull(5, finished.verdict)
        .bind(6, finished.exit_code)
        .bind(7, finished.elapsed_ms)
        .bind(8, finished.stimuli)
        .bind(9, finished.serviced)
        .bind(10, finished.violations)
        .bind(11, finished.p50_ns)
        .bind(12, finished.p99_ns)
        .bind(13, finished.max_ns)
        .bindTextOrNull(14, finished.result_json);
    update.run();
    if (db_->changes() == 0) {
        throw ArchiveError(path(), "no run " + std::to_string(run_id) + " to finish");
    }
    if (finished.distribution) {
        replaceDistribution(*db_, run_id, *finished.distribution, true);
    }
    transaction.commit();
}

std::vector<RunSummary> RunHistory::list(std::size_t limit) const {
    Statement select(*db_, std::string(kSummaryColumns) + kListTail);
    select.bind(1, std::min<std::size_t>(limit, INT64_MAX));
    std::vector<RunSummary> runs;
    while (select.step()) {
        runs.push_back(readSummary(*db_, select));
    }
    return runs;
}

std::optional<StoredRun> RunHistory::find(std::int64_t run_id) const {
    StoredRun run;
    {
        Statement select(*db_, std::string(kSummaryColumns) + kDetailColumnsAndTail);
        select.bind(1, run_id);
        if (!select.step()) {
            return std::nullopt;
        }
        run.summary = readSummary(*db_, select);
        readDetails(select, run);
    }
    run.phases = readPhases(*db_, run_id);
    run.seconds = readSeconds(*db_, run_id);
    return run;
}

std::optional<LatencyDistribution> RunHistory::distribution(std::int64_t run_id) const {
    Statement select(*db_, kSelectDistribution);
    select.bind(1, run_id);
    if (!select.step()) {
        return std::nullopt;
    }
    try {
        LatencyDistribution distribution;
        distribution.complete = select.integer(0) != 0;
        distribution.histogram = histogramAt(select);
        distribution.microseconds = microsecondsAt(select);
        return distribution;
    } catch (const std::invalid_argument& damage) {
        throw ArchiveError(path(),
                           "run " + std::to_string(run_id) +
                               "'s stored latency distribution is damaged and cannot be read",
                           damage.what());
    }
}

std::string RunHistory::integrityCheck() const {
    Statement check(*db_, "PRAGMA integrity_check");
    std::string findings;
    while (check.step()) {
        findings += (findings.empty() ? "" : "\n") + check.text(0);
    }
    return findings;
}

std::string defaultHistoryPath() {
    if (std::string chosen = environment("ISRBENCH_HISTORY"); !chosen.empty()) {
        return chosen;
    }
    // The XDG base directory specification ignores a relative XDG_DATA_HOME.
    if (const std::string data = environment("XDG_DATA_HOME"); !data.empty() && data[0] == '/') {
        return (fs::path(data) / "isrbench" / "history.sqlite").string();
    }
    const std::string home = homeDirectory();
    if (home.empty()) {
        throw ArchiveError("~/.local/share/isrbench/history.sqlite",
                           "no home directory to keep the run history in (set ISRBENCH_HISTORY)");
    }
    return (fs::path(home) / ".local" / "share" / "isrbench" / "history.sqlite").string();
}

}  // namespace archive
