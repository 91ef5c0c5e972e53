// The USB emulator proved with nothing but plain synchronous libusb calls: if these pass, what a
// transport test sees is the emulator speaking usbdevfs correctly, not a quirk of our transport.
#include <gtest/gtest.h>
#include <libusb.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <future>
#include <memory>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "codec.h"
#include "eventually.h"
#include "spp_registers.h"
#include "usb_emulator.h"

namespace {

using testing_support::eventually;

using namespace std::chrono_literals;
namespace wire = hwbridge::wire;
namespace codec = hwbridge::codec;
namespace spp = hwbridge::spp;

constexpr unsigned kTimeoutMs = 1000;
constexpr int kInterface = 0;

std::uint8_t requestCode(wire::Request request) {
    return static_cast<std::uint8_t>(request);
}

// One interrupt-IN transfer on the report endpoint, decoded.
struct Report {
    int rc = LIBUSB_SUCCESS;
    int length = 0;
    codec::PacketSummary summary;
    std::vector<wire::EventRecord> records;
};

class UsbEmulatorSmokeTest : public ::testing::Test {
protected:
    std::unique_ptr<usbtest::UsbEmulator> emulator;
    libusb_context* context = nullptr;
    libusb_device_handle* handle = nullptr;

    // umockdev's testbed has to exist before libusb_init, which scans /sys and /dev once.
    void open(usbtest::EmulatorOptions options = {}) {
        emulator = std::make_unique<usbtest::UsbEmulator>(options);
        emulator->plug();
        ASSERT_EQ(libusb_init(&context), LIBUSB_SUCCESS);
        handle = libusb_open_device_with_vid_pid(context, wire::kVendorId, options.product_id);
        ASSERT_NE(handle, nullptr);
        ASSERT_EQ(libusb_claim_interface(handle, kInterface), LIBUSB_SUCCESS);
    }

    void TearDown() override {
        if (handle != nullptr) {
            libusb_release_interface(handle, kInterface);  // fails harmlessly once unplugged
            libusb_close(handle);
        }
        if (context != nullptr) {
            libusb_exit(context);
        }
        emulator.reset();
    }

    int controlOut(wire::Request request, std::uint16_t value, std::uint16_t index,
                   std::span<std::uint8_t> data = {}, unsigned timeout_ms = kTimeoutMs) {
        return libusb_control_transfer(handle, wire::kRequestTypeOut, requestCode(request), value,
                                       index, data.data(), static_cast<std::uint16_t>(data.size()),
                                       timeout_ms);
    }

    int controlIn(wire::Request request, std::uint16_t value, std::uint16_t index,
                  std::span<std::uint8_t> data, unsigned timeout_ms = kTimeoutMs) {
        return libusb_control_transfer(handle, wire::kRequestTypeIn, requestCode(request), value,
                                       index, data.data(), static_cast<std::uint16_t>(data.size()),
                                       timeout_ms);
    }

    Report readReport(unsigned timeout_ms = kTimeoutMs, int buffer_size = wire::kHighSpeedPacket) {
        std::vector<std::uint8_t> buffer(static_cast<std::size_t>(buffer_size));
        Report report;
        report.rc = libusb_interrupt_transfer(handle, wire::kEventEndpoint, buffer.data(),
                                              buffer_size, &report.length, timeout_ms);
        if (report.rc == LIBUSB_SUCCESS) {
            const std::span<const std::uint8_t> packet(buffer.data(),
                                                       static_cast<std::size_t>(report.length));
            report.summary = codec::decodePacket(packet, report.records);
        }
        return report;
    }

    wire::StatusBlock status() {
        std::array<std::uint8_t, wire::kStatusSize> bytes{};
        EXPECT_EQ(controlIn(wire::Request::GetStatus, 0, 0, bytes),
                  static_cast<int>(wire::kStatusSize));
        return codec::decodeStatus(bytes).value_or(wire::StatusBlock{});
    }

    // Rising nAck edges made by hand through the control register (CheckIt wiring loops nInit
    // back to nAck); they queue on the fixture while no report transfer is in flight.
    void queueEdgesByHand(int edges) {
        const std::uint8_t irq = spp::kControlIrqEnable;
        for (int i = 0; i < edges; ++i) {
            ASSERT_EQ(controlOut(wire::Request::WriteRegister, irq, 2), 0);
            ASSERT_EQ(controlOut(wire::Request::WriteRegister, irq | spp::kControlNInit, 2), 0);
        }
    }
};

TEST_F(UsbEmulatorSmokeTest, EnumeratesWithTheProtocolsDescriptorsAtHighSpeed) {
    open();
    libusb_device* device = libusb_get_device(handle);
    libusb_device_descriptor descriptor{};
    ASSERT_EQ(libusb_get_device_descriptor(device, &descriptor), LIBUSB_SUCCESS);
    EXPECT_EQ(descriptor.idVendor, wire::kVendorId);
    EXPECT_EQ(descriptor.idProduct, wire::kDefaultProductId);
    EXPECT_EQ(descriptor.bcdDevice, 0x0100);
    EXPECT_EQ(descriptor.bDeviceClass, 0xFF);
    EXPECT_EQ(descriptor.bMaxPacketSize0, 64);
    EXPECT_EQ(descriptor.iSerialNumber, 3);
    EXPECT_EQ(descriptor.bNumConfigurations, 1);
    EXPECT_EQ(libusb_get_device_speed(device), LIBUSB_SPEED_HIGH);
    EXPECT_EQ(libusb_get_bus_number(device), 1);
    EXPECT_EQ(libusb_get_max_packet_size(device, wire::kEventEndpoint), 512);

    libusb_config_descriptor* config = nullptr;
    ASSERT_EQ(libusb_get_active_config_descriptor(device, &config), LIBUSB_SUCCESS);
    ASSERT_EQ(config->bNumInterfaces, 1);
    ASSERT_EQ(config->interface[0].num_altsetting, 1);
    const libusb_interface_descriptor& interface = config->interface[0].altsetting[0];
    EXPECT_EQ(interface.bInterfaceClass, 0xFF);
    ASSERT_EQ(interface.bNumEndpoints, 1);
    EXPECT_EQ(interface.endpoint[0].bEndpointAddress, wire::kEventEndpoint);
    EXPECT_EQ(interface.endpoint[0].bmAttributes & 0x03, LIBUSB_TRANSFER_TYPE_INTERRUPT);
    EXPECT_EQ(interface.endpoint[0].bInterval, 1);
    libusb_free_config_descriptor(config);
}

TEST_F(UsbEmulatorSmokeTest, GivesItsSerialAndAnInfoBlockThatSaysItIsNotVirtual) {
    open();
    std::array<unsigned char, 64> serial{};
    const int length = libusb_get_string_descriptor_ascii(handle, 3, serial.data(), serial.size());
    ASSERT_GT(length, 0) << libusb_error_name(length);
    EXPECT_EQ(
        std::string(reinterpret_cast<const char*>(serial.data()), static_cast<std::size_t>(length)),
        "EMU-0001");

    std::array<std::uint8_t, wire::kInfoSize> bytes{};
    ASSERT_EQ(controlIn(wire::Request::GetInfo, 0, 0, bytes), static_cast<int>(wire::kInfoSize));
    const auto info = codec::decodeInfo(bytes);
    ASSERT_TRUE(info.has_value());
    EXPECT_EQ(info->magic, wire::kInfoMagic);
    EXPECT_EQ(info->protocol_version, wire::kProtocolVersion);
    EXPECT_EQ(info->firmware_version, 0x0100);
    EXPECT_NE(info->capabilities & wire::capability::kIrqEvents, 0u);
    EXPECT_EQ(info->capabilities & wire::capability::kVirtual, 0u);
    EXPECT_EQ(emulator->counts().control_urbs, 3);  // language list, serial, GET_INFO
}

TEST_F(UsbEmulatorSmokeTest, RegistersReadBackWhatWasWritten) {
    open();
    for (const std::uint8_t value : {0x00, 0x5A, 0xA5, 0xFF}) {
        ASSERT_EQ(controlOut(wire::Request::WriteRegister, value, 0), 0);
        std::array<std::uint8_t, 1> read{};
        ASSERT_EQ(controlIn(wire::Request::ReadRegister, 0, 0, read), 1);
        EXPECT_EQ(read[0], value);
    }
    ASSERT_EQ(controlOut(wire::Request::WriteRegister, spp::kControlNInit, 2), 0);
    std::array<std::uint8_t, 1> control{};
    ASSERT_EQ(controlIn(wire::Request::ReadRegister, 0, 2, control), 1);
    EXPECT_EQ(control[0], spp::kControlNInit);
}

TEST_F(UsbEmulatorSmokeTest, ARefusedRequestStallsAndGetStatusSaysWhy) {
    open();
    EXPECT_EQ(controlOut(wire::Request::WriteRegister, 0, 1), LIBUSB_ERROR_PIPE);  // read-only
    EXPECT_EQ(status().last_error, wire::ErrorCode::BadRegister);

    std::array<std::uint8_t, 4> ignored{};
    EXPECT_EQ(libusb_control_transfer(handle, wire::kRequestTypeIn, 0x42, 0, 0, ignored.data(),
                                      ignored.size(), kTimeoutMs),
              LIBUSB_ERROR_PIPE);
    EXPECT_EQ(status().last_error, wire::ErrorCode::UnknownRequest);

    auto zero_period = codec::encodeStimulus({wire::StimulusMode::Periodic, 10, 0, 0});
    EXPECT_EQ(controlOut(wire::Request::StartStimulus, 0, 0, zero_period), LIBUSB_ERROR_PIPE);
    EXPECT_EQ(status().last_error, wire::ErrorCode::BadValue);
}

TEST_F(UsbEmulatorSmokeTest, ABurstStreamsAsEdgeRecordsNumberedWithoutAGap) {
    open();
    constexpr std::uint32_t kEdges = 200;
    ASSERT_EQ(controlOut(wire::Request::SetIrqEnable, 1, 0), 0);
    auto burst = codec::encodeStimulus({wire::StimulusMode::Burst, kEdges, 10'000, 0});
    ASSERT_EQ(controlOut(wire::Request::StartStimulus, 0, 0, burst), 0);

    std::vector<wire::EventRecord> records;
    while (records.size() < kEdges) {
        const Report report = readReport();
        ASSERT_EQ(report.rc, LIBUSB_SUCCESS) << libusb_error_name(report.rc);
        ASSERT_EQ(report.summary.error, codec::PacketError::None);
        ASSERT_FALSE(report.records.empty());
        records.insert(records.end(), report.records.begin(), report.records.end());
    }
    ASSERT_EQ(records.size(), kEdges);
    for (std::uint32_t i = 0; i < kEdges; ++i) {
        ASSERT_EQ(records[i].sequence, i + 1);
        ASSERT_EQ(records[i].type, wire::RecordType::Edge);
        ASSERT_EQ(records[i].line(), wire::Line::NAck);
        ASSERT_TRUE(records[i].level());
        if (i > 0) {
            ASSERT_GE(records[i].value, records[i - 1].value);  // fixture time runs forward
        }
    }
    // The train is spent: nothing more comes, and the abandoned transfer is discarded.
    EXPECT_EQ(readReport(20).rc, LIBUSB_ERROR_TIMEOUT);
    const auto counts = emulator->counts();
    EXPECT_EQ(counts.edges_sent, kEdges);
    EXPECT_EQ(counts.urbs_discarded, 1);
    EXPECT_EQ(counts.max_interrupt_urbs_in_flight, 1);  // synchronous calls: one at a time
}

TEST_F(UsbEmulatorSmokeTest, QueuedRecordsArePackedUpToTheBufferAndTheEndpoint) {
    open();
    queueEdgesByHand(40);
    const Report small = readReport(kTimeoutMs, 4 + 2 * 16 + 8);  // room for two and a half
    ASSERT_EQ(small.rc, LIBUSB_SUCCESS);
    EXPECT_EQ(small.records.size(), 2u);
    const Report full = readReport();
    ASSERT_EQ(full.rc, LIBUSB_SUCCESS);
    EXPECT_EQ(full.length, 4 + 31 * 16);  // one high-speed packet: 31 records
    EXPECT_EQ(full.records.front().sequence, 3u);
    const Report rest = readReport();
    ASSERT_EQ(rest.rc, LIBUSB_SUCCESS);
    EXPECT_EQ(rest.records.size(), 7u);
    EXPECT_EQ(rest.records.back().sequence, 40u);
}

TEST_F(UsbEmulatorSmokeTest, AtFullSpeedAReportHoldsThreeRecords) {
    usbtest::EmulatorOptions options;
    options.high_speed = false;
    open(options);
    libusb_device* device = libusb_get_device(handle);
    EXPECT_EQ(libusb_get_device_speed(device), LIBUSB_SPEED_FULL);
    EXPECT_EQ(libusb_get_max_packet_size(device, wire::kEventEndpoint), 64);

    queueEdgesByHand(5);
    const Report first = readReport();
    ASSERT_EQ(first.rc, LIBUSB_SUCCESS);
    EXPECT_EQ(first.length, 4 + 3 * 16);
    const Report second = readReport();
    ASSERT_EQ(second.rc, LIBUSB_SUCCESS);
    ASSERT_EQ(second.records.size(), 2u);
    EXPECT_EQ(second.records.back().sequence, 5u);
    EXPECT_EQ(emulator->counts().interrupt_urbs, 2);
}

TEST_F(UsbEmulatorSmokeTest, AControlRequestTheDeviceIgnoresTimesOutAndIsDiscarded) {
    open();
    emulator->setControlSilent(true);
    std::array<std::uint8_t, wire::kInfoSize> bytes{};
    const auto started = std::chrono::steady_clock::now();
    EXPECT_EQ(controlIn(wire::Request::GetInfo, 0, 0, bytes, 100), LIBUSB_ERROR_TIMEOUT);
    const auto waited = std::chrono::steady_clock::now() - started;
    EXPECT_GE(waited, 100ms);
    EXPECT_LT(waited, 1s);
    EXPECT_EQ(emulator->counts().urbs_discarded, 1);

    emulator->setControlSilent(false);
    EXPECT_EQ(controlIn(wire::Request::GetInfo, 0, 0, bytes), static_cast<int>(wire::kInfoSize));
}

TEST_F(UsbEmulatorSmokeTest, AStalledReportEndpointStaysHaltedUntilTheHostClearsIt) {
    open();
    queueEdgesByHand(1);
    emulator->stallNextReport();
    EXPECT_EQ(readReport().rc, LIBUSB_ERROR_PIPE);
    EXPECT_EQ(readReport().rc, LIBUSB_ERROR_PIPE);  // still halted

    ASSERT_EQ(libusb_clear_halt(handle, wire::kEventEndpoint), LIBUSB_SUCCESS);
    const Report report = readReport();
    ASSERT_EQ(report.rc, LIBUSB_SUCCESS);
    ASSERT_EQ(report.records.size(), 1u);  // the stall lost nothing
    EXPECT_EQ(report.records[0].sequence, 1u);
    EXPECT_EQ(emulator->counts().clear_halts, 1);
}

TEST_F(UsbEmulatorSmokeTest, UnplugFailsTheTransferInFlightAndEveryOneAfter) {
    open();
    auto waiting = std::async(std::launch::async, [&] { return readReport(1500).rc; });
    ASSERT_TRUE(eventually([&] { return emulator->counts().max_interrupt_urbs_in_flight == 1; }));
    emulator->unplug();
    EXPECT_EQ(waiting.get(), LIBUSB_ERROR_NO_DEVICE);

    std::array<std::uint8_t, wire::kInfoSize> bytes{};
    EXPECT_EQ(controlIn(wire::Request::GetInfo, 0, 0, bytes), LIBUSB_ERROR_NO_DEVICE);
    EXPECT_EQ(emulator->counts().urbs_failed_no_device, 2);  // the reaped one, the refused one
}

// libusb learns of arrivals and removals from the emulated uevents, on its own hotplug thread;
// the callbacks run from libusb_handle_events on ours.
TEST_F(UsbEmulatorSmokeTest, HotplugSeesTheFixtureLeaveAndComeBackFreshlyPowered) {
    open();
    ASSERT_NE(libusb_has_capability(LIBUSB_CAP_HAS_HOTPLUG), 0);
    ASSERT_EQ(controlOut(wire::Request::WriteRegister, 0x5A, 0), 0);
    std::vector<libusb_hotplug_event> events;
    auto record = +[](libusb_context*, libusb_device*, libusb_hotplug_event event, void* seen) {
        static_cast<std::vector<libusb_hotplug_event>*>(seen)->push_back(event);
        return 0;
    };
    libusb_hotplug_callback_handle callback{};
    ASSERT_EQ(libusb_hotplug_register_callback(
                  context, LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED | LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT,
                  LIBUSB_HOTPLUG_NO_FLAGS, wire::kVendorId, wire::kDefaultProductId,
                  LIBUSB_HOTPLUG_MATCH_ANY, record, &events, &callback),
              LIBUSB_SUCCESS);
    auto handleEventsUntil = [&](std::size_t count) {
        return eventually([&] {
            timeval tick{0, 10'000};
            libusb_handle_events_timeout_completed(context, &tick, nullptr);
            return events.size() >= count;
        });
    };

    emulator->unplug();
    ASSERT_TRUE(handleEventsUntil(1));
    EXPECT_EQ(events[0], LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT);
    libusb_close(handle);
    handle = nullptr;

    emulator->plug();
    ASSERT_TRUE(handleEventsUntil(2));
    EXPECT_EQ(events[1], LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED);
    libusb_hotplug_deregister_callback(context, callback);

    handle = libusb_open_device_with_vid_pid(context, wire::kVendorId, wire::kDefaultProductId);
    ASSERT_NE(handle, nullptr);
    ASSERT_EQ(libusb_claim_interface(handle, kInterface), LIBUSB_SUCCESS);
    std::array<std::uint8_t, 1> data{};
    ASSERT_EQ(controlIn(wire::Request::ReadRegister, 0, 0, data), 1);
    EXPECT_EQ(data[0], 0);  // power-on state
}

}  // namespace
