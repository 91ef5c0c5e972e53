// The default ISR on a USB fixture (hwbridge/PROTOCOL.md, "Port access from interrupt level"):
// the responder reads and writes the data register from inside libusb's event thread, where a
// synchronous transfer could never complete. Its write goes out as an asynchronous control
// transfer and comes back as a response edge for every interrupt; nothing on that path
// allocates; and unplugging and re-plugging while interrupts stream leaves every gate with its
// one writer (this runs under TSan too).
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "allocation_counter.h"
#include "builtin_routines.h"
#include "driver_harness.h"
#include "eventually.h"
#include "fixture_port.h"
#include "libusb_transport.h"
#include "port_driver.h"
#include "usb_emulator.h"

namespace {

using testing_support::eventually;

using namespace std::chrono_literals;

class InterruptLevelAccess : public ::testing::Test {
protected:
    std::unique_ptr<usbtest::UsbEmulator> emulator = std::make_unique<usbtest::UsbEmulator>();
    std::unique_ptr<hwbridge::LibusbTransport> transport;
    std::unique_ptr<driver::FixturePort> port;
    std::unique_ptr<driver::PortDriver> port_driver;
    routines::RequesterView requester;
    std::unique_ptr<routines::BuiltinClient> responder;

    void SetUp() override {
        emulator->plug();
        std::string error;
        transport = hwbridge::LibusbTransport::open({}, error);
        ASSERT_NE(transport, nullptr) << error;
        port = std::make_unique<driver::FixturePort>(*transport);
        port_driver = std::make_unique<driver::PortDriver>(*port);
        responder = std::make_unique<routines::BuiltinClient>("responder", 1, *port, requester);
        ASSERT_EQ(testing_support::connect(*port_driver, responder->serviceRoutine(false)).status,
                  contract::NtStatus::Success);
    }
    void TearDown() override {
        if (port_driver) {
            testing_support::disconnect(*port_driver, responder->serviceRoutine(false));
        }
        port_driver.reset();
        port.reset();
        transport.reset();
        emulator.reset();
    }

    std::uint64_t serviced() const { return port_driver->counters().interrupts.serviced; }

    void stream(std::uint32_t edges) {
        ASSERT_TRUE(port->client().setIrqEnable(true).ok());
        ASSERT_TRUE(port->client()
                        .startStimulus({hwbridge::wire::StimulusMode::Burst, edges, 10'000, 0})
                        .ok());
    }
};

TEST_F(InterruptLevelAccess, TheResponderAnswersEveryInterruptWithNothingAllocated) {
    const std::uint64_t allocations = testing_support::interruptPathAllocations();
    stream(2000);
    // 2000 round trips through umockdev, each answered with a control transfer: under ASan on a
    // busy 2-vCPU VM, 1 331 of them took the default 10 s.
    ASSERT_TRUE(eventually([&] { return port->counts().response_edges >= 2000; }, 60s))
        << port->counts().response_edges << " response edges for " << serviced()
        << " interrupts serviced";
    const driver::FixtureStreamCounts counts = port->counts();
    EXPECT_EQ(serviced(), 2000u);
    EXPECT_EQ(counts.response_edges, 2000u);
    EXPECT_EQ(counts.interrupt_level_writes, 2000u);
    EXPECT_EQ(counts.interrupt_level_writes_dropped, 0u);
    EXPECT_EQ(counts.interrupt_level_transfers.refused, 0u);
    EXPECT_EQ(counts.interrupt_level_transfers.failed, 0u);
    EXPECT_EQ(counts.control_failures, 0u);
    EXPECT_EQ(responder->observations().calls, 2000u);
    EXPECT_EQ(testing_support::interruptPathAllocations() - allocations, 0u);
}

TEST_F(InterruptLevelAccess, UnplugAndReplugWhileInterruptsStreamThreeTimesOver) {
    const std::uint64_t allocations = testing_support::interruptPathAllocations();
    for (int round = 0; round < 3; ++round) {
        SCOPED_TRACE(round);
        const std::uint64_t before = serviced();
        stream(100'000);
        ASSERT_TRUE(eventually([&] { return serviced() >= before + 300; }));
        emulator->unplug();
        ASSERT_TRUE(eventually([&] { return port_driver->removing() && !port->attached(); }));
        emulator->plug();
        ASSERT_TRUE(eventually([&] { return port->attached() && !port_driver->removing(); }));
    }
    const std::uint64_t before = serviced();
    const std::uint64_t answered = port->counts().response_edges;
    stream(500);
    ASSERT_TRUE(eventually([&] { return port->counts().response_edges >= answered + 500; }));
    EXPECT_EQ(serviced(), before + 500);
    EXPECT_EQ(port->counts().removals, 3u);
    EXPECT_EQ(port->counts().missing_records, 0u);
    EXPECT_EQ(testing_support::interruptPathAllocations() - allocations, 0u);
}

}  // namespace
