// Finds fixtures on the USB buses through libusb: vendor 0x1209, the fixture's product ID, and
// what each one says about itself (serial, GET_INFO, bus speed). Synchronous; for listings.
#pragma once

#include <libusb.h>

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

// One fixture already matched by its descriptor: opens it, reads its serial and GET_INFO, closes
// it. Synchronous I/O on endpoint 0, so never from inside a libusb event callback. Shared by the
// listing and the FixtureWatcher, so both describe a device the same way.
FoundFixture describeUsbFixture(libusb_device* device, const libusb_device_descriptor& descriptor);

}  // namespace hwbridge
