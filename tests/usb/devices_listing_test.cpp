// `isrbench devices` finds a plugged fixture through libusb and says what it is.
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "devices_command.h"
#include "usb_emulator.h"

namespace {

std::string lineWith(const std::string& text, const std::string& start) {
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
        if (line.rfind(start, 0) == 0) {
            return line;
        }
    }
    return "";
}

TEST(DevicesListing, NamesAPluggedFixturesSerialFirmwareSpeedAndCapabilities) {
    usbtest::UsbEmulator emulator;
    emulator.plug();
    std::ostringstream out;
    EXPECT_EQ(cli::runDevices(out, hwbridge::wire::kDefaultProductId), 0);
    const std::string usb = lineWith(out.str(), "usb ");
    ASSERT_FALSE(usb.empty()) << out.str();
    EXPECT_NE(usb.find("EMU-0001"), std::string::npos) << usb;
    EXPECT_NE(usb.find(" 1.0 "), std::string::npos) << usb;  // firmware 0x0100
    EXPECT_NE(usb.find(" high "), std::string::npos) << usb;
    EXPECT_NE(usb.find("irq, capture"), std::string::npos) << usb;
    EXPECT_EQ(usb.find("virtual"), std::string::npos) << usb;  // a real device says so
    EXPECT_NE(lineWith(out.str(), "virtual ").find("simulated"), std::string::npos) << out.str();
}

TEST(DevicesListing, SaysSoWhenNoFixtureIsPluggedIn) {
    usbtest::UsbEmulator emulator;  // the testbed, with nothing on the bus
    std::ostringstream out;
    cli::runDevices(out, hwbridge::wire::kDefaultProductId);
    EXPECT_TRUE(lineWith(out.str(), "usb ").empty()) << out.str();
    EXPECT_NE(out.str().find("No USB fixture (1209:000a) is plugged in."), std::string::npos)
        << out.str();
}

}  // namespace
