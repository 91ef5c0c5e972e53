// Thin RAII over the SQLite C API, for the run history only: a connection, a prepared statement
// whose values are always bound (never spliced into the SQL text), and a transaction that rolls
// back unless committed. Every failure throws ArchiveError naming the database file.
#pragma once

#include <sqlite3.h>

#include <concepts>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "archive_error.h"

namespace archive::sqlite {

class Connection {
public:
    // `flags` are sqlite3_open_v2's (SQLITE_OPEN_READWRITE, SQLITE_OPEN_CREATE, ...).
    Connection(std::string path, int flags);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    sqlite3* handle() const { return db_; }
    const std::string& path() const { return path_; }

    // Runs SQL text that carries no values (schema, pragmas); several statements are allowed.
    void execute(const char* sql, const char* what);
    std::int64_t lastInsertId() const { return sqlite3_last_insert_rowid(db_); }
    std::int64_t changes() const { return sqlite3_changes64(db_); }

    // Throws ArchiveError with `what` and SQLite's latest message on this connection.
    [[noreturn]] void fail(const std::string& what) const;

private:
    std::string path_;
    sqlite3* db_ = nullptr;
};

class Statement {
public:
    Statement(Connection& db, std::string_view sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    // Parameters are 1-based, as in SQLite. Unsigned values above INT64_MAX are refused.
    template <std::integral Integer>
    Statement& bind(int index, Integer value) {
        return bindInteger(index, toInt64(value));
    }
    Statement& bind(int index, double value);  // REAL: the 8 bytes of the double, exactly
    Statement& bind(int index, std::string_view text);
    Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
    Statement& bind(int index, const std::string& text) {
        return bind(index, std::string_view(text));
    }
    Statement& bindNull(int index);
    // An empty string is stored as NULL (a column that was not filled in).
    Statement& bindTextOrNull(int index, const std::string& text);

    // One step: true when it produced a row, false when the statement is done.
    bool step();
    // Steps a statement that returns no rows (INSERT, UPDATE, ...).
    void run();

    bool isNull(int column) const;
    std::int64_t integer(int column) const;
    std::optional<std::int64_t> optionalInteger(int column) const;
    double real(int column) const;
    std::string text(int column) const;  // NULL reads as ""

private:
    template <std::integral Integer>
    std::int64_t toInt64(Integer value) const {
        if constexpr (std::is_unsigned_v<Integer> && sizeof(Integer) >= sizeof(std::int64_t)) {
            if (value > static_cast<Integer>(INT64_MAX)) {
                throw ArchiveError(db_.path(), "a value beyond SQLite's 64-bit signed integers");
            }
        }
        return static_cast<std::int64_t>(value);
    }
    Statement& bindInteger(int index, std::int64_t value);
    void check(int rc, const char* what) const;

    Connection& db_;
    sqlite3_stmt* statement_ = nullptr;
};

// BEGIN IMMEDIATE: takes the write lock up front, so that two writers wait for each other (busy
// timeout) instead of one failing halfway through with SQLITE_BUSY on its first write.
class Transaction {
public:
    explicit Transaction(Connection& db);
    ~Transaction();  // rolls back unless committed
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    void commit();

private:
    Connection& db_;
    bool open_ = true;
};

}  // namespace archive::sqlite
