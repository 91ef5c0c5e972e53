#include "sqlite_connection.h"

#include <cstdint>

namespace archive::sqlite {
namespace {

// SQLITE_TRANSIENT is an old-style cast in a macro; this is the same value, spelled for C++.
// It makes SQLite copy a bound text at once, so the caller's string may die before step().
const sqlite3_destructor_type kCopyText =
    reinterpret_cast<sqlite3_destructor_type>(static_cast<std::intptr_t>(-1));

}  // namespace

Connection::Connection(std::string path, int flags) : path_(std::move(path)) {
    const int rc = sqlite3_open_v2(path_.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
        // The handle may exist even on failure (it holds the message); it must still be closed.
        const std::string message = db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
        sqlite3_close_v2(db_);
        db_ = nullptr;
        throw ArchiveError(path_, "cannot open the run history", message, rc);
    }
    // Extended codes make messages such as "disk I/O error" precise in sqlite3_errmsg.
    sqlite3_extended_result_codes(db_, 1);
}

Connection::~Connection() {
    // close_v2 defers the close if a statement is still alive; none should be, as Statements
    // never outlive the Connection they were prepared on.
    sqlite3_close_v2(db_);
}

void Connection::execute(const char* sql, const char* what) {
    char* message = nullptr;
    const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        const std::string text = message != nullptr ? message : sqlite3_errstr(rc);
        sqlite3_free(message);
        throw ArchiveError(path_, what, text, sqlite3_extended_errcode(db_));
    }
}

void Connection::fail(const std::string& what) const {
    throw ArchiveError(path_, what, sqlite3_errmsg(db_), sqlite3_extended_errcode(db_));
}

Statement::Statement(Connection& db, std::string_view sql) : db_(db) {
    const int rc = sqlite3_prepare_v2(db_.handle(), sql.data(), static_cast<int>(sql.size()),
                                      &statement_, nullptr);
    if (rc != SQLITE_OK) {
        db_.fail("cannot prepare a statement");
    }
}

Statement::~Statement() {
    sqlite3_finalize(statement_);
}

void Statement::check(int rc, const char* what) const {
    if (rc != SQLITE_OK) {
        db_.fail(what);
    }
}

Statement& Statement::bindInteger(int index, std::int64_t value) {
    check(sqlite3_bind_int64(statement_, index, value), "cannot bind a value");
    return *this;
}

Statement& Statement::bind(int index, double value) {
    check(sqlite3_bind_double(statement_, index, value), "cannot bind a value");
    return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
    check(sqlite3_bind_text64(statement_, index, text.data(), text.size(), kCopyText, SQLITE_UTF8),
          "cannot bind a text");
    return *this;
}

Statement& Statement::bindNull(int index) {
    check(sqlite3_bind_null(statement_, index), "cannot bind a value");
    return *this;
}

Statement& Statement::bindTextOrNull(int index, const std::string& text) {
    return text.empty() ? bindNull(index) : bind(index, text);
}

bool Statement::step() {
    const int rc = sqlite3_step(statement_);
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc == SQLITE_DONE) {
        return false;
    }
    db_.fail("cannot read or write the run history");
}

void Statement::run() {
    while (step()) {
        // A statement run for its effect may still return rows (a PRAGMA); they are not needed.
    }
}

bool Statement::isNull(int column) const {
    return sqlite3_column_type(statement_, column) == SQLITE_NULL;
}

std::int64_t Statement::integer(int column) const {
    return sqlite3_column_int64(statement_, column);
}

std::optional<std::int64_t> Statement::optionalInteger(int column) const {
    if (isNull(column)) {
        return std::nullopt;
    }
    return integer(column);
}

double Statement::real(int column) const {
    return sqlite3_column_double(statement_, column);
}

std::string Statement::text(int column) const {
    const unsigned char* text = sqlite3_column_text(statement_, column);
    if (text == nullptr) {
        return {};
    }
    const int bytes = sqlite3_column_bytes(statement_, column);
    return std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(bytes));
}

Transaction::Transaction(Connection& db) : db_(db) {
    db_.execute("BEGIN IMMEDIATE", "cannot start a transaction");
}

Transaction::~Transaction() {
    if (open_) {
        // Nothing useful to report from a destructor; an exception is already on its way.
        sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    }
}

void Transaction::commit() {
    db_.execute("COMMIT", "cannot commit");
    open_ = false;
}

}  // namespace archive::sqlite
