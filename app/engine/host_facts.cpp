#include "host_facts.h"

#include <sys/utsname.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

namespace engine {
namespace {

std::string firstLine(const std::string& path) {
    std::ifstream file(path);
    std::string line;
    std::getline(file, line);
    return line;
}

// "isolcpus=2-3" in "BOOT_IMAGE=... isolcpus=2-3 quiet" -> "2-3".
std::string commandLineValue(const std::string& command_line, const std::string& key) {
    std::istringstream words(command_line);
    std::string word;
    while (words >> word) {
        if (word.rfind(key + "=", 0) == 0) {
            return word.substr(key.size() + 1);
        }
    }
    return {};
}

std::string cpuModel(const std::string& cpuinfo_path) {
    std::ifstream file(cpuinfo_path);
    std::string line;
    while (std::getline(file, line)) {
        if (line.rfind("model name", 0) == 0) {
            const auto colon = line.find(':');
            return colon == std::string::npos ? std::string() : line.substr(colon + 2);
        }
    }
    return "unknown";
}

}  // namespace

std::string hostName() {
    char name[256] = {};
    return gethostname(name, sizeof name - 1) == 0 ? std::string(name) : std::string("unknown");
}

std::string preemptionModel(const std::string& uname_version, const std::string& realtime_flag) {
    if (realtime_flag == "1" || uname_version.find("PREEMPT_RT") != std::string::npos) {
        return "PREEMPT_RT";
    }
    if (uname_version.find("PREEMPT_DYNAMIC") != std::string::npos) {
        return "PREEMPT_DYNAMIC";
    }
    if (uname_version.find("PREEMPT") != std::string::npos) {
        return "PREEMPT";
    }
    return uname_version.empty() ? "unknown" : "none";
}

HostFacts readHostFacts(const std::string& root, const std::string& uname_version) {
    HostFacts facts;
    facts.kernel_version = uname_version;
    facts.preemption = preemptionModel(uname_version, firstLine(root + "/sys/kernel/realtime"));
    const std::string command_line = firstLine(root + "/proc/cmdline");
    facts.isolcpus = commandLineValue(command_line, "isolcpus");
    facts.nohz_full = commandLineValue(command_line, "nohz_full");
    facts.cpu_model = cpuModel(root + "/proc/cpuinfo");
    const std::string smt = firstLine(root + "/sys/devices/system/cpu/smt/active");
    facts.smt = smt == "1" ? "on" : smt == "0" ? "off" : "unknown";
    const std::string governor =
        firstLine(root + "/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor");
    facts.governor = governor.empty() ? "none (no cpufreq)" : governor;
    const std::string clocksource =
        firstLine(root + "/sys/devices/system/clocksource/clocksource0/current_clocksource");
    facts.clocksource = clocksource.empty() ? "unknown" : clocksource;
    return facts;
}

HostFacts readHostFacts() {
    utsname info{};
    HostFacts facts = readHostFacts("", uname(&info) == 0 ? info.version : "");
    facts.cpus = static_cast<int>(sysconf(_SC_NPROCESSORS_ONLN));
    return facts;
}

}  // namespace engine
