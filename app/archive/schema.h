// The history database's schema and its version (PRAGMA user_version), and the connection
// settings every opening applies.
#pragma once

#include "sqlite_connection.h"

namespace archive {

// The schema this build writes and reads. A database of a newer version is refused, never
// guessed at; an older one would be migrated here, step by step, when version 2 exists.
inline constexpr int kSchemaVersion = 1;
// PRAGMA application_id: "ISRB", so that `file` and other tools can tell what the file is.
inline constexpr int kApplicationId = 0x49535242;

// Checks that the file is an SQLite database and a history this build can read, applies the
// journal settings and creates the schema in a new (or empty) database. Throws ArchiveError.
void prepareDatabase(sqlite::Connection& db);

}  // namespace archive
