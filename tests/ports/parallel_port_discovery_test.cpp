// Parallel-port discovery against a tree of its own: the kernel's /proc/sys/dev/parport files
// and /dev nodes as a lab machine has them, with the caller's identity given, so that every
// reason a port cannot be used is shown without the machine having a port.
#include "parallel_port_discovery.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace {

namespace fs = std::filesystem;
using driver::CallerIdentity;
using driver::FoundParallelPort;
using driver::ParallelPortAccess;

class ParallelPortDiscovery : public ::testing::Test {
protected:
    void SetUp() override {
        root_ = fs::temp_directory_path() /
                ("isrbench-parports-" + std::to_string(getpid()) + "-" +
                 ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(root_);
        fs::create_directories(root_ / "dev");
    }
    void TearDown() override { fs::remove_all(root_); }

    void write(const fs::path& relative, const std::string& text) {
        fs::create_directories((root_ / relative).parent_path());
        std::ofstream(root_ / relative) << text;
    }
    // parport's proc files as the kernel prints them.
    void addPort(int number, int irq, const std::string& active = "none") {
        const std::string dir = "proc/sys/dev/parport/parport" + std::to_string(number) + "/";
        write(dir + "irq", std::to_string(irq) + "\n");
        write(dir + "base-addr", "888\t1912\n");
        write(dir + "modes", "PCSPP,TRISTATE\n");
        write(dir + "devices/active", active + "\n");
    }
    void addNode(const std::string& name, mode_t mode) {
        write("dev/" + name, "");
        chmod((root_ / "dev" / name).c_str(), mode);
    }
    // Someone who owns none of the nodes: in the nodes' group, or not.
    static CallerIdentity labUser(bool in_nodes_group) {
        CallerIdentity caller;
        caller.uid = geteuid() + 1;
        caller.groups = {in_nodes_group ? getegid() : getegid() + 1};
        return caller;
    }
    driver::ParallelPortScan scan(const CallerIdentity& caller) {
        return driver::discoverParallelPorts(root_.string(), caller);
    }
    static const FoundParallelPort& way(const driver::ParallelPortScan& scan,
                                        const std::string& port, ParallelPortAccess access) {
        for (const auto& found : scan.ports) {
            if (found.port == port && found.access == access) {
                return found;
            }
        }
        static const FoundParallelPort none;
        ADD_FAILURE() << "no " << port << " through " << driver::accessName(access);
        return none;
    }

    fs::path root_;
};

TEST_F(ParallelPortDiscovery, AMachineWithoutParportSaysWhatToLoad) {
    const auto found = scan(labUser(true));
    EXPECT_TRUE(found.ports.empty());
    EXPECT_NE(found.note.find("modprobe parport_pc"), std::string::npos) << found.note;
}

TEST_F(ParallelPortDiscovery, EachPortIsListedOncePerWayWithItsIrqBaseAndModes) {
    addPort(1, 5);
    addPort(0, 7);
    addNode("parport0", 0660);
    addNode("parport1", 0660);
    addNode("isrbench-parport0", 0660);
    addNode("isrbench-parport1", 0660);
    const auto found = scan(labUser(true));
    ASSERT_EQ(found.ports.size(), 4u);
    EXPECT_TRUE(found.note.empty());
    EXPECT_EQ(found.ports[0].port, "parport0");  // in port order, ppdev first
    EXPECT_EQ(found.ports[0].access, ParallelPortAccess::Ppdev);
    EXPECT_EQ(found.ports[1].access, ParallelPortAccess::KernelModule);
    EXPECT_EQ(found.ports[2].port, "parport1");
    const auto& ppdev = found.ports[0];
    EXPECT_EQ(ppdev.device, "/dev/parport0");
    EXPECT_EQ(ppdev.irq, 7);
    EXPECT_EQ(ppdev.base, "0x378");
    EXPECT_EQ(ppdev.modes, "PCSPP,TRISTATE");
    EXPECT_TRUE(ppdev.usable()) << ppdev.problem;
    EXPECT_EQ(found.ports[1].device, "/dev/isrbench-parport0");
    EXPECT_TRUE(found.ports[1].usable()) << found.ports[1].problem;
}

TEST_F(ParallelPortDiscovery, ANodeOutsideTheCallersGroupsSaysWhichGroupToJoin) {
    addPort(0, 7);
    addNode("parport0", 0660);
    addNode("isrbench-parport0", 0660);
    const auto found = scan(labUser(false));
    const auto& ppdev = way(found, "parport0", ParallelPortAccess::Ppdev);
    EXPECT_FALSE(ppdev.usable());
    EXPECT_NE(ppdev.problem.find("permission denied"), std::string::npos) << ppdev.problem;
    EXPECT_NE(ppdev.problem.find("0660"), std::string::npos) << ppdev.problem;
    EXPECT_NE(ppdev.problem.find("add yourself to group"), std::string::npos) << ppdev.problem;
    EXPECT_FALSE(way(found, "parport0", ParallelPortAccess::KernelModule).usable());
    // Root may open anything; a world-writable node anyone may.
    EXPECT_TRUE(way(scan(CallerIdentity{0, {}}), "parport0", ParallelPortAccess::Ppdev).usable());
    chmod((root_ / "dev/parport0").c_str(), 0666);
    EXPECT_TRUE(way(scan(labUser(false)), "parport0", ParallelPortAccess::Ppdev).usable());
}

TEST_F(ParallelPortDiscovery, AMissingNodeNamesTheModuleToLoad) {
    addPort(0, 7);
    const auto found = scan(labUser(true));
    const auto& ppdev = way(found, "parport0", ParallelPortAccess::Ppdev);
    EXPECT_NE(ppdev.problem.find("modprobe ppdev"), std::string::npos) << ppdev.problem;
    const auto& module = way(found, "parport0", ParallelPortAccess::KernelModule);
    EXPECT_NE(module.problem.find("modprobe isrbench_parport"), std::string::npos)
        << module.problem;
}

TEST_F(ParallelPortDiscovery, AClaimedPortIsBusyAndSaysWhoHasIt) {
    addPort(0, 7, "lp0");
    addNode("parport0", 0660);
    addNode("isrbench-parport0", 0660);
    auto found = scan(labUser(true));
    EXPECT_EQ(way(found, "parport0", ParallelPortAccess::Ppdev).problem,
              "busy: the port is claimed by lp0");
    EXPECT_EQ(way(found, "parport0", ParallelPortAccess::KernelModule).problem,
              "busy: the port is claimed by lp0");
    addPort(0, 7, "isrbench_parport");  // the module's device is open elsewhere
    found = scan(labUser(true));
    EXPECT_EQ(way(found, "parport0", ParallelPortAccess::KernelModule).problem,
              "busy: another process has it open");
}

TEST_F(ParallelPortDiscovery, APortWithoutAnIrqCannotMeasure) {
    addPort(0, -1);
    addNode("parport0", 0660);
    addNode("isrbench-parport0", 0660);
    const auto found = scan(labUser(true));
    for (const auto& port : found.ports) {
        EXPECT_EQ(port.irq, -1);
        EXPECT_NE(port.problem.find("no interrupt line"), std::string::npos) << port.problem;
    }
}

}  // namespace
