#include "atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace report {
namespace {

[[noreturn]] void fail(const std::filesystem::path& file, const char* what, int error) {
    throw WriteError("cannot write " + file.string() + ": " + what + ": " + std::strerror(error));
}

void writeAll(int fd, std::string_view bytes, const std::filesystem::path& file) {
    while (!bytes.empty()) {
        const ssize_t written = ::write(fd, bytes.data(), bytes.size());
        if (written < 0) {
            if (errno == EINTR) {
                continue;
            }
            fail(file, "write", errno);
        }
        bytes.remove_prefix(static_cast<std::size_t>(written));
    }
}

}  // namespace

void writeFileAtomically(const std::filesystem::path& file, std::string_view bytes) {
    std::error_code ignored;
    if (file.has_parent_path()) {
        std::filesystem::create_directories(file.parent_path(), ignored);
    }
    const std::filesystem::path temporary = file.string() + ".partial";
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        fail(temporary, "open", errno);
    }
    try {
        writeAll(fd, bytes, temporary);
        if (::fsync(fd) != 0) {
            fail(temporary, "fsync", errno);
        }
    } catch (...) {
        ::close(fd);
        std::filesystem::remove(temporary, ignored);
        throw;
    }
    ::close(fd);
    if (::rename(temporary.c_str(), file.c_str()) != 0) {
        const int error = errno;
        std::filesystem::remove(temporary, ignored);
        fail(file, "rename", error);
    }
}

}  // namespace report
