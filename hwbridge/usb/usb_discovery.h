// Finds fixtures on the USB buses through libusb: vendor 0x1209, the fixture's product ID, and
// what each one says about itself (serial, GET_INFO, bus speed). Synchronous; for listings.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "transport.h"
#include "wire.h"

namespace hwbridge {

struct FoundFixture {
    DeviceIdentity identity;
    std::optional<wire::InfoBlock> info;  // empty when the device could not be asked
    std::string problem;                  // why not, in words ("no permission: ...")
};

struct DiscoveryResult {
    std::vector<FoundFixture> fixtures;
    std::string error;  // libusb itself unusable (no USB here): the list is then empty
};

DiscoveryResult discoverUsbFixtures(std::uint16_t product_id = wire::kDefaultProductId);

}  // namespace hwbridge
