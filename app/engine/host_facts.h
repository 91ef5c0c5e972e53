// The facts of the host that decide interrupt latency, recorded in every result so that two
// results can be told apart by more than their figures (cyclictest users compare these first):
// the kernel and its preemption model, isolated and tickless CPUs, the CPU model, SMT, the
// cpufreq governor and the clock source. Read from /proc and /sys; nothing is changed.
#pragma once

#include <string>

namespace engine {

struct HostFacts {
    std::string kernel_version;  // uname -v: "#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-3 ..."
    std::string preemption;      // "PREEMPT_RT", "PREEMPT_DYNAMIC", "PREEMPT", "none", "unknown"
    std::string isolcpus;        // from the kernel command line, empty: none
    std::string nohz_full;       // likewise
    std::string cpu_model;       // /proc/cpuinfo "model name"
    int cpus = 0;                // online CPUs
    std::string smt;             // "on", "off", "unknown"
    std::string governor;        // cpu0's cpufreq governor, "none" without cpufreq
    std::string clocksource;     // the kernel's current clock source
};

// `root` prefixes every path ("" for this machine; tests build a tree of their own);
// `uname_version` is uname -v's, given so that a test can choose it.
HostFacts readHostFacts(const std::string& root, const std::string& uname_version);
HostFacts readHostFacts();

// This machine's host name ("unknown" if it has none): the bench every result and metric names.
std::string hostName();

// The preemption model a uname -v string and /sys/kernel/realtime ("1" on PREEMPT_RT) say.
std::string preemptionModel(const std::string& uname_version, const std::string& realtime_flag);

}  // namespace engine
