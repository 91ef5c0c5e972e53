// The history database's schema and its version (PRAGMA user_version), and the connection
// settings every opening applies.
#pragma once

#include "sqlite_connection.h"

namespace archive {

// The schema this build writes and reads. A database of a newer version is refused, never
// guessed at; an older one is migrated when it is opened, step by step (schema.cpp).
//   1  runs, phases, seconds
//   2  distributions: the serviced latencies that histogram.txt and latency.hgrm are made of
inline constexpr int kSchemaVersion = 2;
// PRAGMA application_id: "ISRB", so that `file` and other tools can tell what the file is.
inline constexpr int kApplicationId = 0x49535242;

// Checks that the file is an SQLite database and a history this build can read, applies the
// journal settings, creates the schema in a new (or empty) database and migrates an older one.
// Throws ArchiveError.
void prepareDatabase(sqlite::Connection& db);

}  // namespace archive
