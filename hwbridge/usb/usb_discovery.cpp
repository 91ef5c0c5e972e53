#include "usb_discovery.h"

#include <libusb.h>

#include <array>
#include <memory>

#include "codec.h"
#include "usb_device_facts.h"

namespace hwbridge {
namespace {

constexpr unsigned kTimeoutMs = 500;

struct ContextCloser {
    void operator()(libusb_context* context) const { libusb_exit(context); }
};
struct HandleCloser {
    void operator()(libusb_device_handle* handle) const { libusb_close(handle); }
};
struct ListFreer {
    void operator()(libusb_device** list) const { libusb_free_device_list(list, 1); }
};

void askDevice(libusb_device_handle* handle, const libusb_device_descriptor& descriptor,
               FoundFixture& found) {
    found.identity = usbIdentity(handle, descriptor);
    std::array<std::uint8_t, wire::kInfoSize> info{};
    const int read = libusb_control_transfer(handle, wire::kRequestTypeIn,
                                             static_cast<std::uint8_t>(wire::Request::GetInfo), 0,
                                             0, info.data(), info.size(), kTimeoutMs);
    if (read == static_cast<int>(info.size())) {
        found.info = codec::decodeInfo(info);
    }
    if (!found.info) {
        found.problem = read < 0 ? std::string("GET_INFO failed: ") + libusb_strerror(read)
                                 : "GET_INFO answered something that is not a fixture";
    }
}

}  // namespace

FoundFixture describeUsbFixture(libusb_device* device, const libusb_device_descriptor& descriptor) {
    FoundFixture found;
    // What is known without opening the device, so that a fixture we may not open still shows.
    found.identity = {"",
                      descriptor.idVendor,
                      descriptor.idProduct,
                      usbSpeedName(libusb_get_device_speed(device)),
                      false,
                      usbLocation(device)};
    libusb_device_handle* raw_handle = nullptr;
    if (const int error = libusb_open(device, &raw_handle); error != 0) {
        found.problem = usbOpenProblem(error);
        return found;
    }
    std::unique_ptr<libusb_device_handle, HandleCloser> handle(raw_handle);
    askDevice(handle.get(), descriptor, found);
    return found;
}

DiscoveryResult discoverUsbFixtures(std::uint16_t product_id) {
    DiscoveryResult result;
    libusb_context* raw_context = nullptr;
    if (const int error = libusb_init(&raw_context); error != 0) {
        result.error = std::string("libusb: ") + libusb_strerror(error);
        return result;
    }
    std::unique_ptr<libusb_context, ContextCloser> context(raw_context);
    libusb_device** raw_list = nullptr;
    const ssize_t count = libusb_get_device_list(context.get(), &raw_list);
    if (count < 0) {
        result.error = std::string("libusb: ") + libusb_strerror(static_cast<int>(count));
        return result;
    }
    std::unique_ptr<libusb_device*, ListFreer> list(raw_list);
    for (ssize_t i = 0; i < count; ++i) {
        libusb_device* device = raw_list[i];
        libusb_device_descriptor descriptor{};
        if (libusb_get_device_descriptor(device, &descriptor) != 0 ||
            descriptor.idVendor != wire::kVendorId || descriptor.idProduct != product_id) {
            continue;
        }
        result.fixtures.push_back(describeUsbFixture(device, descriptor));
    }
    return result;
}

}  // namespace hwbridge
