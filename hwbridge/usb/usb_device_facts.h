// What a libusb device says about itself, in the words the rest of the bench uses. Shared by the
// discovery listing and the transport, so both name a device the same way.
#pragma once

#include <libusb.h>

#include <string>

#include "transport.h"

namespace hwbridge {

// "full", "high", "super", "low" or "unknown" from a libusb speed code.
std::string usbSpeedName(int libusb_speed);

// "bus 1 port 3".
std::string usbLocation(libusb_device* device);

// Identity of an opened fixture; the serial is read from its string descriptor (empty if none).
DeviceIdentity usbIdentity(libusb_device_handle* handle,
                           const libusb_device_descriptor& descriptor);

// libusb's error code in words, with the fix where there is one (permissions).
std::string usbOpenProblem(int libusb_error);

// libusb's transfer outcome as ours.
TransferStatus transferStatusFromLibusbError(int libusb_error);

}  // namespace hwbridge
