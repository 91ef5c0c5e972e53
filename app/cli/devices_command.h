// `isrbench devices`: the fixtures this machine can use, real and virtual.
#pragma once

#include <cstdint>
#include <iosfwd>

namespace cli {

// Prints one line per fixture; returns 0 (the virtual fixture is always there).
int runDevices(std::ostream& out, std::uint16_t product_id);

}  // namespace cli
