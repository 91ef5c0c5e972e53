// `isrbench devices`, the parallel-port lines: one per way of using a port, in the same columns
// as the fixtures, from a tree of the test's own.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "devices_command.h"

namespace {

namespace fs = std::filesystem;

TEST(DevicesCommand, ListsEachParallelPortThroughPpdevAndTheModuleWithWhatIsInTheWay) {
    const fs::path root =
        fs::temp_directory_path() / ("isrbench-devices-" + std::to_string(getpid()));
    fs::remove_all(root);
    const fs::path proc = root / "proc/sys/dev/parport/parport0";
    fs::create_directories(proc / "devices");
    fs::create_directories(root / "dev");
    std::ofstream(proc / "irq") << "7\n";
    std::ofstream(proc / "base-addr") << "888\t1912\n";
    std::ofstream(proc / "modes") << "PCSPP,TRISTATE\n";
    std::ofstream(proc / "devices/active") << "none\n";
    std::ofstream(root / "dev/parport0") << "";  // ppdev's node; the module is not loaded

    std::ostringstream out;
    cli::printParallelPorts(out, root.string());
    fs::remove_all(root);
    const std::string text = out.str();
    EXPECT_NE(text.find("ppdev    parport0"), std::string::npos) << text;
    EXPECT_NE(text.find("irq 7 0x378"), std::string::npos) << text;
    EXPECT_NE(text.find("PCSPP,TRISTATE"), std::string::npos) << text;
    EXPECT_NE(text.find("/dev/parport0: ready"), std::string::npos) << text;
    EXPECT_NE(text.find("kernel   parport0"), std::string::npos) << text;
    EXPECT_NE(text.find("/dev/isrbench-parport0: no /dev/isrbench-parport0: the isrbench_parport "
                        "module is not loaded"),
              std::string::npos)
        << text;
}

TEST(DevicesCommand, AMachineWithoutParallelPortsSaysSo) {
    std::ostringstream out;
    cli::printParallelPorts(out, (fs::temp_directory_path() / "isrbench-no-such-root").string());
    EXPECT_NE(out.str().find("No parallel port: the kernel lists none"), std::string::npos)
        << out.str();
}

}  // namespace
