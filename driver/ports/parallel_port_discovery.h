// The real parallel ports this machine has, as the kernel's parport subsystem lists them
// (/proc/sys/dev/parport/parportN), and the two ways the bench can use each one: ppdev
// (/dev/parportN, the user-space driver) and the bundled kernel module
// (/dev/isrbench-parportN). Nothing is opened: opening the module's device or claiming a ppdev
// port would take the port from whoever has it. Each way says why it cannot be used when it
// cannot: no device node (module not loaded), permission (group lp), busy (another parport
// client holds the port), no interrupt line.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace driver {

// Who is asking: the permission check of the device nodes is made for this identity.
struct CallerIdentity {
    uid_t uid = 0;
    std::vector<gid_t> groups;  // the effective group and the supplementary ones

    static CallerIdentity current();
};

enum class ParallelPortAccess { Ppdev, KernelModule };

struct FoundParallelPort {
    std::string port;  // "parport0"
    ParallelPortAccess access = ParallelPortAccess::Ppdev;
    std::string device;      // "/dev/parport0" or "/dev/isrbench-parport0"
    int irq = -1;            // -1: no interrupt line
    std::string base;        // "0x378", empty when unknown
    std::string modes;       // "PCSPP,TRISTATE", as the kernel lists them
    std::string claimed_by;  // the parport client that holds the port now, empty: free
    std::string problem;     // why it cannot be used; empty: it can

    bool usable() const { return problem.empty(); }
};

struct ParallelPortScan {
    std::vector<FoundParallelPort> ports;  // ppdev then kernel module, per port in order
    std::string note;                      // why none is listed, when none is
};

// `root` prefixes every path ("" for this machine; tests build a tree of their own).
ParallelPortScan discoverParallelPorts(const std::string& root = {},
                                       const CallerIdentity& caller = CallerIdentity::current());

// "ppdev" or "kernel": what a scenario's backend kind and the console's --port say.
const char* accessName(ParallelPortAccess access);

}  // namespace driver
