#include "parallel_port_discovery.h"

#include <grp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string_view>

namespace driver {
namespace {

constexpr std::string_view kParportProc = "/proc/sys/dev/parport";
// The module's own client name (driver/kmod): when it holds the port, its device is in use.
constexpr std::string_view kModuleClient = "isrbench_parport";

std::string firstLine(const std::filesystem::path& path) {
    std::ifstream file(path);
    std::string line;
    std::getline(file, line);
    return line;
}

// "888\t0" (base, high base) in decimal, as parport's proc file prints it.
std::string baseAddress(const std::string& text) {
    if (text.empty()) {
        return {};
    }
    char hex[24];
    std::snprintf(hex, sizeof hex, "0x%lx", std::strtoul(text.c_str(), nullptr, 10));
    return hex;
}

std::string groupName(gid_t gid) {
    const group* entry = getgrgid(gid);
    return entry != nullptr ? entry->gr_name : std::to_string(gid);
}

bool mayReadAndWrite(const struct stat& node, const CallerIdentity& caller) {
    if (caller.uid == 0) {
        return true;
    }
    if (node.st_uid == caller.uid) {
        return (node.st_mode & (S_IRUSR | S_IWUSR)) == (S_IRUSR | S_IWUSR);
    }
    const bool in_group =
        std::find(caller.groups.begin(), caller.groups.end(), node.st_gid) != caller.groups.end();
    if (in_group) {
        return (node.st_mode & (S_IRGRP | S_IWGRP)) == (S_IRGRP | S_IWGRP);
    }
    return (node.st_mode & (S_IROTH | S_IWOTH)) == (S_IROTH | S_IWOTH);
}

// Empty when the node exists and the caller may open it for reading and writing.
std::string nodeProblem(const std::string& shown, const std::filesystem::path& node,
                        const CallerIdentity& caller, std::string_view missing) {
    struct stat info {};
    if (stat(node.c_str(), &info) != 0) {
        return std::string("no ") + shown + ": " + std::string(missing);
    }
    if (mayReadAndWrite(info, caller)) {
        return {};
    }
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(info.st_mode & 07777));
    const std::string group = groupName(info.st_gid);
    return "permission denied: " + shown + " is " + mode + " group " + group +
           "; add yourself to group " + group + " (adduser $USER " + group + ") and log in again";
}

std::string ppdevProblem(const FoundParallelPort& port, const std::filesystem::path& node,
                         const CallerIdentity& caller) {
    std::string problem =
        nodeProblem(port.device, node, caller, "ppdev is not loaded (modprobe ppdev)");
    if (problem.empty() && !port.claimed_by.empty()) {
        problem = "busy: the port is claimed by " + port.claimed_by;
    }
    return problem;
}

std::string moduleProblem(const FoundParallelPort& port, const std::filesystem::path& node,
                          const CallerIdentity& caller) {
    std::string problem = nodeProblem(
        port.device, node, caller,
        "the isrbench_parport module is not loaded (modprobe isrbench_parport; the README "
        "says how to install it with DKMS)");
    if (problem.empty() && port.claimed_by == kModuleClient) {
        problem = "busy: another process has it open";
    } else if (problem.empty() && !port.claimed_by.empty()) {
        problem = "busy: the port is claimed by " + port.claimed_by;
    }
    return problem;
}

std::vector<std::string> portNames(const std::filesystem::path& proc) {
    std::vector<std::string> names;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(proc, error)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind("parport", 0) == 0 && name.size() > 7) {
            names.push_back(name);
        }
    }
    std::sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) {
        return std::stoi(a.substr(7)) < std::stoi(b.substr(7));
    });
    return names;
}

FoundParallelPort describe(const std::filesystem::path& proc, const std::string& name) {
    FoundParallelPort port;
    port.port = name;
    const std::string irq = firstLine(proc / "irq");
    port.irq = irq.empty() ? -1 : std::atoi(irq.c_str());
    port.base = baseAddress(firstLine(proc / "base-addr"));
    port.modes = firstLine(proc / "modes");
    const std::string active = firstLine(proc / "devices" / "active");
    port.claimed_by = active == "none" ? std::string() : active;
    return port;
}

}  // namespace

CallerIdentity CallerIdentity::current() {
    CallerIdentity caller;
    caller.uid = geteuid();
    caller.groups.push_back(getegid());
    const int count = getgroups(0, nullptr);
    if (count > 0) {
        std::vector<gid_t> supplementary(static_cast<std::size_t>(count));
        const int got = getgroups(count, supplementary.data());
        supplementary.resize(static_cast<std::size_t>(std::max(got, 0)));
        caller.groups.insert(caller.groups.end(), supplementary.begin(), supplementary.end());
    }
    return caller;
}

const char* accessName(ParallelPortAccess access) {
    return access == ParallelPortAccess::Ppdev ? "ppdev" : "kernel";
}

ParallelPortScan discoverParallelPorts(const std::string& root, const CallerIdentity& caller) {
    ParallelPortScan scan;
    const std::filesystem::path proc = root + std::string(kParportProc);
    const std::vector<std::string> names = portNames(proc);
    if (names.empty()) {
        scan.note =
            "No parallel port: the kernel lists none (modprobe parport_pc; a PCIe card may "
            "need parport_serial)";
        return scan;
    }
    for (const std::string& name : names) {
        const FoundParallelPort port = describe(proc / name, name);
        const std::string number = name.substr(7);
        const std::string no_irq =
            "no interrupt line: parport_pc found the port without an IRQ (modprobe parport_pc "
            "irq=auto, or the IRQ the BIOS shows)";

        FoundParallelPort ppdev = port;
        ppdev.access = ParallelPortAccess::Ppdev;
        ppdev.device = "/dev/parport" + number;
        ppdev.problem = ppdevProblem(ppdev, root + ppdev.device, caller);
        FoundParallelPort module = port;
        module.access = ParallelPortAccess::KernelModule;
        module.device = "/dev/isrbench-parport" + number;
        module.problem = moduleProblem(module, root + module.device, caller);
        for (FoundParallelPort* way : {&ppdev, &module}) {
            if (way->problem.empty() && way->irq < 0) {
                way->problem = no_irq;
            }
            scan.ports.push_back(*way);
        }
    }
    return scan;
}

}  // namespace driver
