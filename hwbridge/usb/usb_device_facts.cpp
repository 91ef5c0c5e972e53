#include "usb_device_facts.h"

#include <array>

namespace hwbridge {

std::string usbSpeedName(int speed) {
    switch (speed) {
        case LIBUSB_SPEED_LOW:
            return "low";
        case LIBUSB_SPEED_FULL:
            return "full";
        case LIBUSB_SPEED_HIGH:
            return "high";
        case LIBUSB_SPEED_SUPER:
        case LIBUSB_SPEED_SUPER_PLUS:
            return "super";
        default:
            return "unknown";
    }
}

std::string usbLocation(libusb_device* device) {
    return "bus " + std::to_string(libusb_get_bus_number(device)) + " port " +
           std::to_string(libusb_get_port_number(device));
}

DeviceIdentity usbIdentity(libusb_device_handle* handle,
                           const libusb_device_descriptor& descriptor) {
    libusb_device* device = libusb_get_device(handle);
    DeviceIdentity identity{"",
                            descriptor.idVendor,
                            descriptor.idProduct,
                            usbSpeedName(libusb_get_device_speed(device)),
                            false,
                            usbLocation(device)};
    std::array<unsigned char, 64> serial{};
    if (descriptor.iSerialNumber != 0) {
        const int length = libusb_get_string_descriptor_ascii(handle, descriptor.iSerialNumber,
                                                              serial.data(), serial.size());
        if (length > 0) {
            identity.serial.assign(reinterpret_cast<const char*>(serial.data()),
                                   static_cast<std::size_t>(length));
        }
    }
    return identity;
}

std::string usbOpenProblem(int error) {
    if (error == LIBUSB_ERROR_ACCESS) {
        return "no permission: install resources/udev/60-isrbench.rules and join group plugdev";
    }
    return std::string("cannot open: ") + libusb_strerror(error);
}

TransferStatus transferStatusFromLibusbError(int error) {
    switch (error) {
        case LIBUSB_ERROR_TIMEOUT:
            return TransferStatus::Timeout;
        case LIBUSB_ERROR_PIPE:
            return TransferStatus::Stall;
        case LIBUSB_ERROR_NO_DEVICE:
            return TransferStatus::NoDevice;
        default:
            return error >= 0 ? TransferStatus::Ok : TransferStatus::Error;
    }
}

}  // namespace hwbridge
