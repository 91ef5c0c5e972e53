// The two loopback plugs, pin by pin, as ../shared/spec/isr-contract.md wires them.
#include "loopback_plug.h"

#include <gtest/gtest.h>

namespace {

using namespace hwbridge::spp;
namespace spp = hwbridge::spp;

std::uint8_t status(LoopbackWiring wiring, std::uint8_t data, std::uint8_t control) {
    return loopbackStatus(wiring, outputPins(data, control));
}

TEST(LoopbackPlug, CheckItCarriesNInitToNAckAndD0ToNError) {
    const auto w = LoopbackWiring::CheckIt;
    EXPECT_FALSE(status(w, 0, 0) & spp::kStatusNAck);
    EXPECT_TRUE(status(w, 0, spp::kControlNInit) & spp::kStatusNAck);  // 16 -> 10
    EXPECT_FALSE(status(w, 0, 0) & spp::kStatusNError);
    EXPECT_TRUE(status(w, 0x01, 0) & spp::kStatusNError);  // 2 -> 15
}

TEST(LoopbackPlug, CheckItFollowsTheHardwareInversions) {
    const auto w = LoopbackWiring::CheckIt;
    // Control bit 0 (nStrobe) is inverted on pin 1, which drives Select (13).
    EXPECT_TRUE(status(w, 0, 0) & spp::kStatusSelect);
    EXPECT_FALSE(status(w, 0, spp::kControlNStrobe) & spp::kStatusSelect);
    // Control bit 1 (nAutoFd) is inverted on pin 14, which drives PaperEnd (12).
    EXPECT_TRUE(status(w, 0, 0) & spp::kStatusPaperEnd);
    EXPECT_FALSE(status(w, 0, spp::kControlNAutoFd) & spp::kStatusPaperEnd);
    // Control bit 3 (nSelectIn) is inverted on pin 17, which drives pin 11 (Busy), and the status
    // register inverts Busy again: the bit follows the control bit.
    EXPECT_FALSE(status(w, 0, 0) & spp::kStatusBusy);
    EXPECT_TRUE(status(w, 0, spp::kControlNSelectIn) & spp::kStatusBusy);
}

TEST(LoopbackPlug, NortonCarriesDataLinesToTheStatusLines) {
    const auto w = LoopbackWiring::Norton;
    EXPECT_TRUE(status(w, 1u << 0, 0) & spp::kStatusNError);    // 2 -> 15
    EXPECT_TRUE(status(w, 1u << 1, 0) & spp::kStatusSelect);    // 3 -> 13
    EXPECT_TRUE(status(w, 1u << 2, 0) & spp::kStatusPaperEnd);  // 4 -> 12
    EXPECT_TRUE(status(w, 1u << 3, 0) & spp::kStatusNAck);      // 5 -> 10
    EXPECT_TRUE(status(w, 0, 0) & spp::kStatusBusy);            // 6 -> 11, inverted
    EXPECT_FALSE(status(w, 1u << 4, 0) & spp::kStatusBusy);
    EXPECT_EQ(status(w, 0, spp::kControlNInit) & spp::kStatusNAck, 0);  // nInit is not wired
}

TEST(LoopbackPlug, DataPinsFloatHighWhenTheDriversAreOff) {
    const auto pins = outputPins(0x00, spp::kControlDirectionInput);
    EXPECT_EQ(pins.data, 0xFF);
    EXPECT_TRUE(status(LoopbackWiring::Norton, 0x00, spp::kControlDirectionInput) &
                spp::kStatusNAck);
}

TEST(LoopbackPlug, StimulusLineIsTheOutputWiredToNAck) {
    for (auto wiring : {LoopbackWiring::CheckIt, LoopbackWiring::Norton}) {
        const auto line = stimulusLine(wiring);
        const std::uint8_t low_data = line.reg == Register::Data ? 0 : 0;
        const std::uint8_t high_data = line.reg == Register::Data ? line.mask : 0;
        const std::uint8_t high_control = line.reg == Register::Control ? line.mask : 0;
        EXPECT_FALSE(status(wiring, low_data, 0) & spp::kStatusNAck);
        EXPECT_TRUE(status(wiring, high_data, high_control) & spp::kStatusNAck);
    }
}

TEST(LoopbackPlug, WiringNamesRoundTripAndUnknownNamesAreRefused) {
    EXPECT_EQ(wiringFromName("checkit"), LoopbackWiring::CheckIt);
    EXPECT_EQ(wiringFromName("norton"), LoopbackWiring::Norton);
    EXPECT_EQ(wiringName(LoopbackWiring::Norton), "norton");
    EXPECT_FALSE(wiringFromName("CheckIt ").has_value());
}

}  // namespace
