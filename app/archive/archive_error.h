// The one exception the run history throws: it names the database file and, where SQLite (or the
// system) said why, its own message, so that a user can tell which file to look at and what is
// wrong.
#pragma once

#include <stdexcept>
#include <string>

namespace archive {

class ArchiveError : public std::runtime_error {
public:
    // what(): "PATH: WHAT: DETAIL", or "PATH: WHAT" without a detail.
    ArchiveError(std::string path, const std::string& what, std::string detail = {},
                 int sqlite_code = 0)
        : std::runtime_error(path + ": " + what + (detail.empty() ? "" : ": " + detail)),
          path_(std::move(path)),
          detail_(std::move(detail)),
          sqlite_code_(sqlite_code) {}

    const std::string& path() const { return path_; }
    // SQLite's message ("file is not a database", "database is locked"), or the system's.
    const std::string& detail() const { return detail_; }
    // SQLite's extended result code (SQLITE_BUSY, SQLITE_NOTADB, ...); 0 when SQLite had none.
    int sqliteCode() const { return sqlite_code_; }

private:
    std::string path_;
    std::string detail_;
    int sqlite_code_ = 0;
};

}  // namespace archive
