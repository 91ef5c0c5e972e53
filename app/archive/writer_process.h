// Which process writes a run, so that a reader can tell a run still going from one whose process
// died (kill -9, a crash, a reboot) and will never be finished: the history shows it as
// "incomplete" instead of "running" forever.
#pragma once

#include <cstdint>
#include <string>

namespace archive {

struct WriterProcess {
    std::int64_t pid = 0;
    std::string host;
    // Linux only; empty or 0 where unknown. A pid alone is not an identity: pids are reused,
    // within a boot and certainly across one.
    std::string boot_id;           // /proc/sys/kernel/random/boot_id
    std::int64_t start_ticks = 0;  // the process's start time, /proc/<pid>/stat field 22
};

WriterProcess thisProcess();
std::string thisHostName();

// True only when the writer is provably gone: it ran on this host and either the machine has
// rebooted since, or kill(pid, 0) finds no such process, or the pid now belongs to a process
// that started at another time. A writer on another host cannot be checked: false.
bool isGone(const WriterProcess& writer);

}  // namespace archive
