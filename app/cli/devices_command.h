// `isrbench devices`: the fixtures this machine can use, real and virtual, and its parallel
// ports, each through ppdev and through the kernel module, with what is in the way of each.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

namespace cli {

// `isrbench devices [--pid ID]`: parses the command line, then runDevices; 3 on bad input.
int runDevicesCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// Prints one line per fixture and per way to use a parallel port; returns 0 (the virtual
// fixture is always there).
int runDevices(std::ostream& out, std::uint16_t product_id);

// The parallel-port lines alone, from the tree under `root` ("" for this machine).
void printParallelPorts(std::ostream& out, const std::string& root);

}  // namespace cli
