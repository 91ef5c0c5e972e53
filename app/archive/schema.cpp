#include "schema.h"

#include <chrono>
#include <cstdint>
#include <string>
#include <thread>

namespace archive {
namespace {

using sqlite::Connection;
using sqlite::Statement;

// A run row is written at the start (state 'running'); the columns after `state` are filled in
// by finishRun and stay NULL until then. Seconds and phases belong to their run.
constexpr const char* kCreateTables = R"sql(
CREATE TABLE runs (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused, even after a delete
    started_unix_ms     INTEGER NOT NULL,
    tool_version        TEXT NOT NULL,
    scenario_name       TEXT NOT NULL,
    scenario_file       TEXT NOT NULL,
    scenario_hash       TEXT NOT NULL,
    scenario_json       TEXT NOT NULL,
    host                TEXT NOT NULL,
    kernel              TEXT NOT NULL,
    planned_ms          INTEGER NOT NULL,
    source_backend      TEXT NOT NULL,
    source_label        TEXT NOT NULL,
    source_serial       TEXT NOT NULL,
    source_simulated    INTEGER NOT NULL,
    source_bus_model    TEXT NOT NULL,
    source_faults       TEXT NOT NULL,
    source_wiring       TEXT NOT NULL,
    writer_pid          INTEGER NOT NULL,
    writer_host         TEXT NOT NULL,
    writer_boot_id      TEXT NOT NULL,
    writer_start_ticks  INTEGER NOT NULL,
    state               TEXT NOT NULL DEFAULT 'running'
                        CHECK (state IN ('running', 'completed', 'interrupted', 'invalid')),
    finished_unix_ms    INTEGER,
    end_reason          TEXT,
    verdict             TEXT,
    exit_code           INTEGER,
    elapsed_ms          INTEGER,
    stimuli             INTEGER,
    serviced            INTEGER,
    violations          INTEGER,
    p50_ns              INTEGER,
    p99_ns              INTEGER,
    max_ns              INTEGER,
    result_json         TEXT
);

CREATE TABLE phases (
    run_id       INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    phase_index  INTEGER NOT NULL,
    name         TEXT NOT NULL,
    state        TEXT NOT NULL,
    start_ms     INTEGER NOT NULL,
    end_ms       INTEGER NOT NULL,
    PRIMARY KEY (run_id, phase_index)
) WITHOUT ROWID;

CREATE TABLE seconds (
    run_id          INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    second          INTEGER NOT NULL,
    elapsed_ms      INTEGER NOT NULL,
    phase_index     INTEGER NOT NULL,
    serviced        INTEGER NOT NULL,
    suppressed      INTEGER NOT NULL,
    unclaimed       INTEGER NOT NULL,
    lost            INTEGER NOT NULL,
    violation       INTEGER NOT NULL,
    latency_count   INTEGER NOT NULL,
    latency_min_ns  INTEGER NOT NULL,
    latency_p50_ns  INTEGER NOT NULL,
    latency_p99_ns  INTEGER NOT NULL,
    latency_max_ns  INTEGER NOT NULL,
    PRIMARY KEY (run_id, second)
) WITHOUT ROWID;
)sql";

// Version 2: the run's serviced latencies as histogram.txt and latency.hgrm are written from
// (latency_distribution.h), one row per run, replaced as the run goes on (complete = 0) and at
// its end (complete = 1). Lists are text: "index:count" pairs or numbers, space-separated.
constexpr const char* kCreateDistributions = R"sql(
CREATE TABLE distributions (
    run_id               INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
    complete             INTEGER NOT NULL,
    latency_count        INTEGER NOT NULL,  -- engine::LatencyHistogram (latency.hgrm)
    latency_min_ns       INTEGER NOT NULL,
    latency_max_ns       INTEGER NOT NULL,
    latency_mean_ns      REAL NOT NULL,
    latency_stdev_ns     REAL NOT NULL,
    latency_buckets      TEXT NOT NULL,     -- "bucket index:count", buckets with samples
    us_buckets           INTEGER NOT NULL,  -- cyclictest -h (histogram.txt): 1 us buckets
    us_counts            TEXT NOT NULL,     -- "us:count", buckets with samples
    us_samples           INTEGER NOT NULL,
    us_overflows         INTEGER NOT NULL,
    us_min               INTEGER NOT NULL,
    us_max               INTEGER NOT NULL,
    us_sum               INTEGER NOT NULL,
    us_overflow_stimuli  TEXT NOT NULL      -- the first overflows' stimulus numbers
);
)sql";

int pragmaValue(Connection& db, const char* pragma) {
    Statement statement(db, pragma);
    statement.step();
    return static_cast<int>(statement.integer(0));
}

// What the file says it is.
struct FileIdentity {
    int version = 0;      // PRAGMA user_version
    int application = 0;  // PRAGMA application_id
    std::int64_t schema_objects = 0;
};

// One statement, hence one read transaction: a consistent view even while another process is
// creating the schema (it sets tables, version and application id in one transaction). This is
// also the first read of the file, where one that is not an SQLite database shows.
FileIdentity identify(Connection& db) {
    try {
        Statement look(db,
                       "SELECT (SELECT user_version FROM pragma_user_version),"
                       "       (SELECT application_id FROM pragma_application_id),"
                       "       (SELECT count(*) FROM sqlite_master)");
        look.step();
        return {static_cast<int>(look.integer(0)), static_cast<int>(look.integer(1)),
                look.integer(2)};
    } catch (const ArchiveError& error) {
        const int primary = error.sqliteCode() & 0xFF;
        if (primary != SQLITE_NOTADB && primary != SQLITE_CORRUPT) {
            throw;
        }
        throw ArchiveError(db.path(), "is not an SQLite database (or is damaged past reading)",
                           error.detail(), error.sqliteCode());
    }
}

void refuseWhatIsNotOurs(const Connection& db, const FileIdentity& file) {
    if (file.version > kSchemaVersion) {
        throw ArchiveError(db.path(), "was written by a newer isrbench (history schema version " +
                                          std::to_string(file.version) +
                                          "; this build reads up to " +
                                          std::to_string(kSchemaVersion) + ")");
    }
    const bool foreign_id = file.application != 0 && file.application != kApplicationId;
    const bool foreign_tables = file.application == 0 && file.schema_objects > 0;
    if (foreign_id || foreign_tables) {
        throw ArchiveError(db.path(), "is an SQLite database, but not an isrbench run history");
    }
}

// WAL with synchronous=NORMAL. A commit appends the transaction's pages to the -wal file with
// write(); once write() has returned the data is in the kernel's page cache, which outlives the
// process, so a process that dies right after (kill -9, a crash) loses nothing it committed, and
// one that dies during a commit leaves a WAL tail whose checksums fail and is ignored on the
// next open. NORMAL fsyncs only at checkpoints, so the writer does not wait for the disk once a
// second: a power cut or kernel crash may lose the last commits, but never corrupts the file.
// FULL would add an fsync per commit for that case, which a bench history does not need. WAL
// also lets `isrbench history` and the GUI read while a run writes, without blocking it.
void applyConnectionSettings(Connection& db) {
    {
        Statement journal(db, "PRAGMA journal_mode = WAL");
        journal.run();
    }
    db.execute("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON",
               "cannot apply the journal settings");
}

void stampVersion(Connection& db) {
    // Constants, not values: PRAGMA takes no bound parameters.
    const std::string stamp = "PRAGMA user_version = " + std::to_string(kSchemaVersion) +
                              "; PRAGMA application_id = " + std::to_string(kApplicationId);
    db.execute(stamp.c_str(), "cannot stamp the history schema version");
}

void createSchema(Connection& db) {
    sqlite::Transaction transaction(db);
    // Another process may have created the schema since we looked; the write lock is ours now.
    if (pragmaValue(db, "PRAGMA user_version") == 0) {
        db.execute(kCreateTables, "cannot create the history schema");
        db.execute(kCreateDistributions, "cannot create the history schema");
        stampVersion(db);
    }
    transaction.commit();
}

// An older history is brought up to this version in one transaction, step by step; its runs are
// left as they were (a run recorded before version 2 has no distribution).
void migrateSchema(Connection& db) {
    sqlite::Transaction transaction(db);
    // Another process may have migrated it since we looked; the write lock is ours now.
    const int version = pragmaValue(db, "PRAGMA user_version");
    if (version == 0 || version >= kSchemaVersion) {
        return;  // rolled back: nothing was done
    }
    if (version < 2) {
        db.execute(kCreateDistributions, "cannot add the distributions table (schema version 2)");
    }
    stampVersion(db);
    transaction.commit();
}

}  // namespace

void prepareDatabase(Connection& db) {
    // A reader of the GUI or a second run may hold the lock for a moment: wait, don't fail.
    sqlite3_busy_timeout(db.handle(), 5000);
    // Switching a new file to WAL while another process does the same can answer "locked" at
    // once, without the busy handler (SQLite cannot wait inside that switch): retried here.
    constexpr int kAttempts = 50;
    for (int attempt = 1;; ++attempt) {
        try {
            const FileIdentity file = identify(db);
            refuseWhatIsNotOurs(db, file);
            applyConnectionSettings(db);
            if (file.version == 0) {
                createSchema(db);
            } else if (file.version < kSchemaVersion) {
                migrateSchema(db);
            }
            return;
        } catch (const ArchiveError& error) {
            const int primary = error.sqliteCode() & 0xFF;
            if ((primary != SQLITE_BUSY && primary != SQLITE_LOCKED) || attempt == kAttempts) {
                throw;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20 * attempt));
        }
    }
}

}  // namespace archive
