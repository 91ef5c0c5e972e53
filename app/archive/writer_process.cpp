#include "writer_process.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <fstream>
#include <sstream>

namespace archive {
namespace {

std::string bootId() {
    std::ifstream file("/proc/sys/kernel/random/boot_id");
    std::string id;
    std::getline(file, id);
    return id;
}

// Field 22 of /proc/<pid>/stat, in clock ticks since boot; 0 when unreadable. The command name
// (field 2) is in parentheses and may itself hold spaces and parentheses, so fields are counted
// from the last ')'.
std::int64_t startTicksOf(std::int64_t pid) {
    std::ifstream file("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!std::getline(file, line)) {
        return 0;
    }
    const auto name_end = line.rfind(')');
    if (name_end == std::string::npos) {
        return 0;
    }
    std::istringstream fields(line.substr(name_end + 1));
    std::string field;
    for (int number = 3; number <= 22; ++number) {  // the first field after ')' is field 3
        if (!(fields >> field)) {
            return 0;
        }
    }
    try {
        return std::stoll(field);
    } catch (const std::exception&) {
        return 0;
    }
}

bool noSuchProcess(std::int64_t pid) {
    // kill(0, ...) and kill(-n, ...) address process groups: a stored pid must be positive.
    if (pid <= 0 || pid > INT_MAX) {
        return true;
    }
    // EPERM means the process exists but belongs to someone else: it is alive.
    return kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
}

}  // namespace

std::string thisHostName() {
    char name[HOST_NAME_MAX + 1] = {};
    if (gethostname(name, sizeof name - 1) != 0) {
        return {};
    }
    return name;
}

WriterProcess thisProcess() {
    const std::int64_t pid = getpid();
    return WriterProcess{pid, thisHostName(), bootId(), startTicksOf(pid)};
}

bool isGone(const WriterProcess& writer) {
    if (writer.host != thisHostName()) {
        return false;
    }
    const std::string boot = bootId();
    if (!writer.boot_id.empty() && !boot.empty() && writer.boot_id != boot) {
        return true;
    }
    if (noSuchProcess(writer.pid)) {
        return true;
    }
    const std::int64_t started = writer.start_ticks != 0 ? startTicksOf(writer.pid) : 0;
    return started != 0 && started != writer.start_ticks;
}

}  // namespace archive
