// The production libusb transport, unchanged, against the fixture model served as an emulated USB
// device (umockdev): enumeration, endpoint 0, the report stream, timeouts, stalls, unplug and
// re-plug, hotplug while idle.
#include "libusb_transport.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "codec.h"
#include "driver_harness.h"
#include "eventually.h"
#include "fixture_client.h"
#include "fixture_port.h"
#include "port_driver.h"
#include "usb_emulator.h"

namespace {

using testing_support::eventually;

using namespace std::chrono_literals;
using namespace testing_support;
using contract::NtStatus;
using hwbridge::TransferStatus;

// Collects what the transport delivers, decoded.
class RecordingSink final : public hwbridge::ReportSink {
public:
    void onReport(std::span<const std::uint8_t> packet, std::int64_t) noexcept override {
        std::vector<hwbridge::wire::EventRecord> decoded;
        const auto summary = hwbridge::codec::decodePacket(packet, decoded);
        std::lock_guard lock(mutex_);
        if (summary.error != hwbridge::codec::PacketError::None) {
            ++bad_packets_;
        }
        records_.insert(records_.end(), decoded.begin(), decoded.end());
    }
    void onRecords(std::span<const hwbridge::wire::EventRecord>, std::int64_t) noexcept override {
        ADD_FAILURE() << "a USB transport hands over bytes only";
    }
    void onReportError(TransferStatus status) noexcept override {
        std::lock_guard lock(mutex_);
        errors_.push_back(status);
    }
    void onDeviceGone() noexcept override { gone_.fetch_add(1); }
    void onDeviceBack() noexcept override { back_.fetch_add(1); }

    std::vector<hwbridge::wire::EventRecord> records() {
        std::lock_guard lock(mutex_);
        return records_;
    }
    std::vector<TransferStatus> errors() {
        std::lock_guard lock(mutex_);
        return errors_;
    }
    int badPackets() {
        std::lock_guard lock(mutex_);
        return bad_packets_;
    }
    std::atomic<int> gone_{0};
    std::atomic<int> back_{0};

private:
    std::mutex mutex_;
    std::vector<hwbridge::wire::EventRecord> records_;
    std::vector<TransferStatus> errors_;
    int bad_packets_ = 0;
};

std::size_t edgeCount(const std::vector<hwbridge::wire::EventRecord>& records) {
    std::size_t edges = 0;
    for (const auto& record : records) {
        const bool nack_rose = record.type == hwbridge::wire::RecordType::Edge &&
                               record.line() == hwbridge::wire::Line::NAck && record.level();
        edges += nack_rose ? 1 : 0;
    }
    return edges;
}

class LibusbTransportTest : public ::testing::Test {
protected:
    // The emulated device exists before libusb_init, as umockdev requires.
    std::unique_ptr<usbtest::UsbEmulator> emulator = std::make_unique<usbtest::UsbEmulator>();
    std::unique_ptr<hwbridge::LibusbTransport> transport;
    RecordingSink sink;

    void SetUp() override {
        emulator->plug();
        std::string error;
        transport = hwbridge::LibusbTransport::open({}, error);
        ASSERT_NE(transport, nullptr) << error;
    }
    void TearDown() override {
        if (transport) {
            transport->setReportSink(nullptr);
        }
        transport.reset();
        emulator.reset();
    }
    void burst(std::uint32_t count) {
        hwbridge::FixtureClient client(*transport);
        ASSERT_TRUE(client.setIrqEnable(true).ok());
        ASSERT_TRUE(
            client.startStimulus({hwbridge::wire::StimulusMode::Burst, count, 10'000, 0}).ok());
    }
};

TEST_F(LibusbTransportTest, OpensTheFixtureAndNamesItsSerialSpeedAndPlace) {
    const auto identity = transport->identity();
    EXPECT_EQ(identity.vendor_id, 0x1209);
    EXPECT_EQ(identity.product_id, hwbridge::wire::kDefaultProductId);
    EXPECT_EQ(identity.serial, emulator->model().options().serial);
    EXPECT_EQ(identity.bus_speed, "high");
    EXPECT_FALSE(identity.is_virtual);
    EXPECT_EQ(identity.location.rfind("bus 1", 0), 0u) << identity.location;
    EXPECT_TRUE(transport->attached());
}

TEST_F(LibusbTransportTest, AnswersVersionAndCapabilitiesAndRoundTripsRegisters) {
    hwbridge::FixtureClient client(*transport);
    const auto info = client.info();
    ASSERT_TRUE(info.ok()) << info.error.text();
    EXPECT_EQ(info.value->protocol_version, hwbridge::wire::kProtocolVersion);
    EXPECT_EQ(info.value->firmware_version, emulator->model().options().firmware_version);
    EXPECT_NE(info.value->capabilities & hwbridge::wire::capability::kIrqEvents, 0u);

    for (const std::uint8_t value : {0x00, 0x5A, 0xA5, 0xFF}) {
        ASSERT_TRUE(client.writeRegister(0, value).ok());
        const auto read = client.readRegister(0);
        ASSERT_TRUE(read.ok());
        EXPECT_EQ(*read.value, value);
    }
    const auto refused = client.writeRegister(1, 0);  // status is read-only
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error.transfer, TransferStatus::Stall);
    EXPECT_EQ(refused.error.fixture, hwbridge::wire::ErrorCode::BadRegister);
}

TEST_F(LibusbTransportTest, AStimulusTrainStreamsWithNoGapsOverSeveralTransfersInFlight) {
    transport->setReportSink(&sink);
    burst(500);
    ASSERT_TRUE(eventually([&] { return edgeCount(sink.records()) >= 500; }))
        << edgeCount(sink.records());
    const auto records = sink.records();
    for (std::size_t i = 1; i < records.size(); ++i) {
        ASSERT_EQ(records[i].sequence, records[i - 1].sequence + 1) << "at record " << i;
    }
    EXPECT_EQ(sink.badPackets(), 0);
    EXPECT_TRUE(sink.errors().empty());
    EXPECT_GE(emulator->counts().max_interrupt_urbs_in_flight, 4);
    EXPECT_GE(transport->counts().reports, 500u / 31);
}

TEST_F(LibusbTransportTest, AControlRequestTheDeviceNeverAnswersTimesOut) {
    emulator->setControlSilent(true);
    std::array<std::uint8_t, hwbridge::wire::kInfoSize> info{};
    const auto result = transport->controlIn(hwbridge::wire::Request::GetInfo, 0, 0, info);
    EXPECT_EQ(result.status, TransferStatus::Timeout);
    EXPECT_EQ(transport->counts().control_timeouts, 1u);
    EXPECT_GE(emulator->counts().urbs_discarded, 1);

    emulator->setControlSilent(false);
    EXPECT_EQ(transport->controlIn(hwbridge::wire::Request::GetInfo, 0, 0, info).status,
              TransferStatus::Ok);
}

TEST_F(LibusbTransportTest, AStalledReportEndpointIsClearedAndTheStreamGoesOn) {
    transport->setReportSink(&sink);
    emulator->stallNextReport();
    burst(100);
    ASSERT_TRUE(eventually([&] { return edgeCount(sink.records()) >= 100; }))
        << edgeCount(sink.records());
    const auto errors = sink.errors();
    ASSERT_FALSE(errors.empty());
    EXPECT_EQ(errors.front(), TransferStatus::Stall);
    EXPECT_GE(transport->counts().stalls_cleared, 1u);
    EXPECT_GE(emulator->counts().clear_halts, 1);
}

TEST_F(LibusbTransportTest, HotplugWhileIdleDetachesAndReattachesTheSameFixture) {
    transport->setReportSink(&sink);
    emulator->unplug();
    ASSERT_TRUE(eventually([&] { return sink.gone_.load() == 1; }));
    EXPECT_FALSE(transport->attached());
    std::array<std::uint8_t, hwbridge::wire::kInfoSize> info{};
    EXPECT_EQ(transport->controlIn(hwbridge::wire::Request::GetInfo, 0, 0, info).status,
              TransferStatus::NoDevice);

    emulator->plug();
    ASSERT_TRUE(eventually([&] { return sink.back_.load() == 1; }));
    EXPECT_TRUE(transport->attached());
    EXPECT_EQ(transport->counts().removals, 1u);
    EXPECT_EQ(transport->counts().reattachments, 1u);
    EXPECT_EQ(transport->controlIn(hwbridge::wire::Request::GetInfo, 0, 0, info).status,
              TransferStatus::Ok);
}

// The whole chain: fixture → libusb → fixture port → driver core, with a client connected.
TEST_F(LibusbTransportTest, UnplugMidStreamIsADeviceRemovalThatLosesNothingAndReplugResumes) {
    driver::FixturePort port(*transport);
    driver::PortDriver port_driver(port);
    std::atomic<int> calls{0};
    auto routine = +[](contract::KINTERRUPT*, void* context) {
        static_cast<std::atomic<int>*>(context)->fetch_add(1);
        return true;
    };
    ASSERT_EQ(connect(port_driver, {routine, &calls, nullptr, nullptr}).status, NtStatus::Success);
    ASSERT_TRUE(port.client().setIrqEnable(true).ok());
    ASSERT_TRUE(
        port.client().startStimulus({hwbridge::wire::StimulusMode::Periodic, 0, 100'000, 0}).ok());
    ASSERT_TRUE(eventually([&] { return calls.load() >= 200; }));

    emulator->unplug();
    ASSERT_TRUE(eventually([&] { return port_driver.removing(); }));
    EXPECT_EQ(connect(port_driver, {routine, &calls, nullptr, nullptr}).status,
              NtStatus::DeletePending);
    EXPECT_EQ(reportInactive(port_driver), NtStatus::DeletePending);
    // Every edge the device sent before the unplug reached the driver, in order, none missing.
    ASSERT_TRUE(eventually([&] { return !transport->attached(); }));
    const auto stream = port.counts();
    EXPECT_EQ(stream.interrupts, emulator->edgesSent());
    EXPECT_EQ(stream.missing_records, 0u);
    EXPECT_EQ(port_driver.counters().interrupts.serviced, stream.interrupts);
    EXPECT_EQ(static_cast<std::uint64_t>(calls.load()), stream.interrupts);

    emulator->plug();
    ASSERT_TRUE(eventually([&] { return port.attached() && !port_driver.removing(); }));
    const auto before = port_driver.counters().interrupts.serviced;
    ASSERT_TRUE(port.client().setIrqEnable(true).ok());
    ASSERT_TRUE(
        port.client().startStimulus({hwbridge::wire::StimulusMode::Burst, 50, 10'000, 0}).ok());
    ASSERT_TRUE(
        eventually([&] { return port_driver.counters().interrupts.serviced >= before + 50; }));
    EXPECT_EQ(port_driver.state(), driver::ConnectionState::ConnectedActive);  // the client stayed
}

}  // namespace
