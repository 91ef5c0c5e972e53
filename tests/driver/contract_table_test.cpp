// One test per row of the state table in ../shared/spec/isr-contract.md. The test name gives the
// row; each checks the Status, the Information, the next state and what runs.
#include <gtest/gtest.h>

#include <memory>

#include "driver_harness.h"
#include "fake_port.h"

namespace {

using contract::NtStatus;
using driver::ConnectionState;
using namespace testing_support;

class ContractTable : public ::testing::Test {
protected:
    FakePort port;
    driver::PortDriver driver{port};
    TestClient a{1};
    TestClient b{2};

    void connectA() { ASSERT_EQ(connect(driver, a.service()).status, NtStatus::Success); }
    void makeInactive() {
        connectA();
        ASSERT_EQ(reportInactive(driver), NtStatus::Success);
    }
};

TEST_F(ContractTable, Row01_ConnectWhileDisabledByConfigurationIsUnsuccessfulBeforeSizeChecks) {
    driver.setConnectEnabled(false);
    const auto valid = connect(driver, a.service());
    EXPECT_EQ(valid.status, NtStatus::Unsuccessful);
    EXPECT_EQ(valid.information, 0u);
    // Checked before the buffer sizes: a short buffer still answers UNSUCCESSFUL.
    const auto short_buffers = connect(driver, a.service(), 0, 0);
    EXPECT_EQ(short_buffers.status, NtStatus::Unsuccessful);
    EXPECT_EQ(short_buffers.information, 0u);
    EXPECT_EQ(driver.state(), ConnectionState::NoClient);
    port.raise();
    EXPECT_EQ(a.calls, 0);
}

TEST_F(ContractTable, Row01_AnyStateKeepsItsStateAndConnectIsEnabledByDefault) {
    EXPECT_TRUE(driver.connectEnabled());  // [ours]
    makeInactive();
    driver.setConnectEnabled(false);
    EXPECT_EQ(connect(driver, b.service()).status, NtStatus::Unsuccessful);
    EXPECT_EQ(driver.state(), ConnectionState::ConnectedInactive);
    EXPECT_EQ(driver.clients().size(), 1u);
}

TEST_F(ContractTable, Row02_ConnectWithShortInputOrOutputIsBufferTooSmall) {
    for (auto [in_len, out_len] :
         {std::pair{kIsrSize - 1, kInfoSize}, {kIsrSize, kInfoSize - 1}, {0u, 0u}}) {
        const auto c = connect(driver, a.service(), in_len, out_len);
        EXPECT_EQ(c.status, NtStatus::BufferTooSmall) << in_len << "/" << out_len;
        EXPECT_EQ(c.information, 0u);
        EXPECT_EQ(driver.state(), ConnectionState::NoClient);
    }
    connectA();
    EXPECT_EQ(connect(driver, b.service(), kIsrSize - 1, kInfoSize).status,
              NtStatus::BufferTooSmall);
    EXPECT_EQ(driver.clients().size(), 1u);
    port.raise();
    EXPECT_EQ(b.calls, 0);
}

TEST_F(ContractTable, Row03_FirstConnectOnAPortWithoutInterruptIsNotSupported) {
    port.has_interrupt_line = false;
    const auto c = connect(driver, a.service());
    EXPECT_EQ(c.status, NtStatus::NotSupported);
    EXPECT_EQ(c.information, 0u);
    EXPECT_EQ(driver.state(), ConnectionState::NoClient);
}

TEST_F(ContractTable, Row04_ValidConnectReturnsTheInterruptInformationAndIsActive) {
    const auto c = connect(driver, a.service());
    EXPECT_EQ(c.status, NtStatus::Success);
    EXPECT_EQ(c.information, sizeof(contract::PARALLEL_INTERRUPT_INFORMATION));
    EXPECT_NE(c.output.InterruptObject, nullptr);
    EXPECT_EQ(c.output.InterruptObject, driver.currentInterruptObject());
    ASSERT_NE(c.output.TryAllocatePortAtInterruptLevel, nullptr);
    ASSERT_NE(c.output.FreePortFromInterruptLevel, nullptr);
    EXPECT_NE(c.output.Context, nullptr);
    EXPECT_EQ(driver.state(), ConnectionState::ConnectedActive);
    port.raise();
    EXPECT_EQ(a.calls, 1);
    EXPECT_EQ(a.last_object, c.output.InterruptObject);
}

TEST_F(ContractTable, Row04_ConnectBeyondTheClientTableIsInsufficientResources) {
    std::vector<std::unique_ptr<TestClient>> many;
    for (std::size_t i = 0; i < driver::kMaxClients; ++i) {
        many.push_back(std::make_unique<TestClient>());
        ASSERT_EQ(connect(driver, many.back()->service()).status, NtStatus::Success);
    }
    const auto c = connect(driver, a.service());
    EXPECT_EQ(c.status, NtStatus::InsufficientResources);
    EXPECT_EQ(c.information, 0u);
    EXPECT_EQ(driver.clients().size(), driver::kMaxClients);
}

TEST_F(ContractTable, Row05_ConnectWhileConnectedAppendsAndKeepsTheState) {
    const auto first = connect(driver, a.service());
    const auto second = connect(driver, b.service());
    EXPECT_EQ(second.status, NtStatus::Success);
    EXPECT_EQ(second.information, sizeof(contract::PARALLEL_INTERRUPT_INFORMATION));
    EXPECT_EQ(second.output.InterruptObject, first.output.InterruptObject);  // one connection
    EXPECT_EQ(driver.state(), ConnectionState::ConnectedActive);
    // Duplicates are allowed: each needs its own disconnect.
    EXPECT_EQ(connect(driver, a.service()).status, NtStatus::Success);
    EXPECT_EQ(driver.clients().size(), 3u);

    ASSERT_EQ(reportInactive(driver), NtStatus::Success);
    EXPECT_EQ(connect(driver, b.service()).status, NtStatus::Success);
    EXPECT_EQ(driver.state(), ConnectionState::ConnectedInactive);  // CI stays CI
}

TEST_F(ContractTable, Row06_DisconnectWithShortInputIsBufferTooSmall) {
    auto c = disconnect(driver, a.service(), kIsrSize - 1);
    EXPECT_EQ(c.status, NtStatus::BufferTooSmall);
    EXPECT_EQ(c.information, 0u);
    connectA();
    c = disconnect(driver, a.service(), 0);
    EXPECT_EQ(c.status, NtStatus::BufferTooSmall);
    EXPECT_EQ(driver.state(), ConnectionState::ConnectedActive);
    EXPECT_EQ(driver.clients().size(), 1u);
}

TEST_F(ContractTable, Row07_DisconnectWithNoClientIsInvalidParameter) {
    const auto c = disconnect(driver, a.service());
    EXPECT_EQ(c.status, NtStatus::InvalidParameter);
    EXPECT_EQ(c.information, 0u);
    EXPECT_EQ(driver.state(), ConnectionState::NoClient);
}

TEST_F(ContractTable, Row08_DisconnectOfAnUnknownPairIsInvalidParameter) {
    connectA();
    auto other_context = a.service();
    other_context.InterruptServiceContext = &b;
    auto other_routine = a.service();
    other_routine.InterruptServiceRoutine = [](contract::KINTERRUPT*, void*) { return false; };
    for (const auto& input : {other_context, other_routine}) {
        const auto c = disconnect(driver, input);
        EXPECT_EQ(c.status, NtStatus::InvalidParameter);
        EXPECT_EQ(c.information, 0u);
    }
    EXPECT_EQ(driver.state(), ConnectionState::ConnectedActive);
    // The deferred-routine fields are not part of the key.
    auto different_deferred = a.service(true);
    EXPECT_EQ(disconnect(driver, different_deferred).status, NtStatus::Success);
}

TEST_F(ContractTable, Row09_ValidDisconnectSucceedsWithZeroInformationAndStopsCalls) {
    connectA();
    ASSERT_EQ(connect(driver, b.service()).status, NtStatus::Success);
    auto c = disconnect(driver, a.service());
    EXPECT_EQ(c.status, NtStatus::Success);
    EXPECT_EQ(c.information, 0u);
    EXPECT_EQ(driver.state(), ConnectionState::ConnectedActive);  // not the last
    port.raise();
    EXPECT_EQ(a.calls, 0);
    EXPECT_EQ(b.calls, 1);
    c = disconnect(driver, b.service());
    EXPECT_EQ(c.status, NtStatus::Success);
    EXPECT_EQ(driver.state(), ConnectionState::NoClient);  // the last
    port.raise();
    EXPECT_EQ(b.calls, 1);
}

TEST_F(ContractTable, Row09_DisconnectWhileInactiveIsAllowed) {
    makeInactive();
    EXPECT_EQ(disconnect(driver, a.service()).status, NtStatus::Success);
    EXPECT_EQ(driver.state(), ConnectionState::NoClient);
}

TEST_F(ContractTable, Row10_ReportInactiveOnActiveStopsCalls) {
    connectA();
    EXPECT_EQ(reportInactive(driver), NtStatus::Success);
    EXPECT_EQ(driver.state(), ConnectionState::ConnectedInactive);
    port.raise();
    EXPECT_EQ(a.calls, 0);
}

TEST_F(ContractTable, Row11_ReportInactiveOnInactiveHasNoEffect) {
    makeInactive();
    EXPECT_EQ(reportInactive(driver), NtStatus::Success);
    EXPECT_EQ(driver.state(), ConnectionState::ConnectedInactive);
    EXPECT_EQ(driver.counters().rejected_reports, 0u);
}

TEST_F(ContractTable, Row12_ReportActiveResumesCallsAndIsIdempotent) {
    makeInactive();
    EXPECT_EQ(reportActive(driver), NtStatus::Success);
    EXPECT_EQ(driver.state(), ConnectionState::ConnectedActive);
    port.raise();
    EXPECT_EQ(a.calls, 1);
    EXPECT_EQ(reportActive(driver), NtStatus::Success);
    EXPECT_EQ(driver.state(), ConnectionState::ConnectedActive);
    port.raise();
    EXPECT_EQ(a.calls, 2);
}

TEST_F(ContractTable, Row13_ReportWithNoConnectionStaleOrForeignObjectOrWrongVersionIsRejected) {
    // No connection.
    EXPECT_EQ(driver.reportInterruptActive(reportParameters(nullptr)), NtStatus::InvalidParameter);
    const auto first = connect(driver, a.service());
    const auto stale = first.output.InterruptObject;
    ASSERT_EQ(disconnect(driver, a.service()).status, NtStatus::Success);
    EXPECT_EQ(driver.reportInterruptInactive(reportParameters(stale)), NtStatus::InvalidParameter);
    EXPECT_EQ(driver.state(), ConnectionState::NoClient);

    // A new connection has a new object; the old one stays stale.
    connectA();
    EXPECT_NE(driver.currentInterruptObject(), stale);
    EXPECT_EQ(driver.reportInterruptInactive(reportParameters(stale)), NtStatus::InvalidParameter);
    // A foreign object: another port's connection.
    FakePort other_port;
    driver::PortDriver other(other_port);
    TestClient c{3};
    const auto foreign = connect(other, c.service()).output.InterruptObject;
    EXPECT_EQ(driver.reportInterruptInactive(reportParameters(foreign)),
              NtStatus::InvalidParameter);
    // A wrong version.
    EXPECT_EQ(driver.reportInterruptInactive(reportParameters(driver.currentInterruptObject(),
                                                              contract::CONNECT_MESSAGE_BASED)),
              NtStatus::InvalidParameter);
    EXPECT_EQ(driver.state(), ConnectionState::ConnectedActive);  // nothing took effect
    EXPECT_EQ(driver.counters().rejected_reports, 5u);
    // [ours] the event log shows each rejection as INVALID_PARAMETER.
    const auto log = driver.requestLog(1);
    ASSERT_EQ(log.size(), 1u);
    EXPECT_EQ(log[0].request, "IoReportInterruptInactive");
    EXPECT_EQ(log[0].status, NtStatus::InvalidParameter);
}

TEST_F(ContractTable, Row14_InterruptWhileActiveCallsEveryRoutineInConnectionOrder) {
    CallLog log;
    a.log = b.log = &log;
    a.claims = true;  // [ours] a true does not stop the walk
    b.claims = false;
    connectA();
    ASSERT_EQ(connect(driver, b.service()).status, NtStatus::Success);
    ASSERT_EQ(connect(driver, a.service()).status, NtStatus::Success);
    port.raise();
    EXPECT_EQ(log.take(), (std::vector<int>{1, 2, 1}));
    const auto clients = driver.clients();
    ASSERT_EQ(clients.size(), 3u);
    EXPECT_EQ(clients[0].returned_true, 1u);
    EXPECT_EQ(clients[1].calls, 1u);
    EXPECT_EQ(clients[1].returned_true, 0u);
    EXPECT_EQ(driver.counters().interrupts.serviced, 1u);
}

TEST_F(ContractTable, Row15_InterruptWhileInactiveIsSuppressed) {
    makeInactive();
    port.raise();
    EXPECT_EQ(a.calls, 0);
    const auto counts = driver.counters().interrupts;
    EXPECT_EQ(counts.suppressed, 1u);
    EXPECT_EQ(counts.serviced, 0u);
    // Edge-triggered: the suppressed edge is not replayed when the connection is active again.
    ASSERT_EQ(reportActive(driver), NtStatus::Success);
    EXPECT_EQ(a.calls, 0);
}

TEST_F(ContractTable, Row16_InterruptWithNoClientIsUnclaimed) {
    port.raise();
    const auto counts = driver.counters().interrupts;
    EXPECT_EQ(counts.unclaimed, 1u);
    EXPECT_EQ(counts.interrupts, 1u);
}

TEST_F(ContractTable, Row17_PortFreeWithNoWaiterCallsEveryDeferredRoutineInConnectionOrder) {
    CallLog log;
    a.log = b.log = &log;
    TestClient no_deferred{3};
    no_deferred.log = &log;
    ASSERT_EQ(connect(driver, b.service(true)).status, NtStatus::Success);
    ASSERT_EQ(connect(driver, no_deferred.service(false)).status, NtStatus::Success);
    ASSERT_EQ(connect(driver, a.service(true)).status, NtStatus::Success);
    ASSERT_EQ(reportInactive(driver), NtStatus::Success);  // [ours] also when inactive
    const auto c = freePort(driver);
    EXPECT_EQ(c.status, NtStatus::Success);
    EXPECT_EQ(c.information, 0u);
    EXPECT_EQ(log.take(), (std::vector<int>{-2, -1}));  // deferred routines log negative ids
    EXPECT_EQ(driver.state(), ConnectionState::ConnectedInactive);
}

TEST_F(ContractTable, Row17_PortFreeWithAnAllocationWaitingHandsThePortOver) {
    ASSERT_EQ(connect(driver, a.service(true)).status, NtStatus::Success);
    ASSERT_TRUE(driver.allocatePort()->granted);
    const auto queued = driver.allocatePort();
    EXPECT_FALSE(queued->granted);
    EXPECT_EQ(queued->queue_position, 1);
    EXPECT_EQ(freePort(driver).status, NtStatus::Success);
    EXPECT_EQ(a.deferred_calls, 0);  // the waiter got the port
    EXPECT_TRUE(driver.portAllocated());
    EXPECT_EQ(freePort(driver).status, NtStatus::Success);
    EXPECT_EQ(a.deferred_calls, 1);
    EXPECT_FALSE(driver.portAllocated());
}

TEST_F(ContractTable, Row18_EveryRequestWhileRemovingIsDeletePending) {
    connectA();
    driver.beginRemoval();
    for (const auto& c : {connect(driver, b.service()), disconnect(driver, a.service()),
                          freePort(driver), rawRequest(driver, 0x00160099)}) {
        EXPECT_EQ(c.status, NtStatus::DeletePending);
        EXPECT_EQ(c.information, 0u);
    }
    EXPECT_EQ(reportInactive(driver), NtStatus::DeletePending);
    EXPECT_FALSE(driver.allocatePort().has_value());
    EXPECT_EQ(driver.state(), ConnectionState::ConnectedActive);
    driver.endRemoval();  // re-attached: the client is still there and requests work again
    EXPECT_EQ(disconnect(driver, a.service()).status, NtStatus::Success);
}

TEST_F(ContractTable, Row19_UnknownRequestCodeIsInvalidParameter) {
    for (std::uint32_t code : {0x00160099u, 0u, 0x0016002Cu, 0xFFFFFFFFu}) {
        const auto c = rawRequest(driver, code, 64, 64);
        EXPECT_EQ(c.status, NtStatus::InvalidParameter) << std::hex << code;
        EXPECT_EQ(c.information, 0u);
    }
    EXPECT_EQ(driver.state(), ConnectionState::NoClient);
}

TEST(ContractCodes, StatusAndRequestCodesHaveTheSpecifiedValues) {
    using contract::statusValue;
    EXPECT_EQ(statusValue(NtStatus::Success), 0x00000000u);
    EXPECT_EQ(statusValue(NtStatus::Pending), 0x00000103u);
    EXPECT_EQ(statusValue(NtStatus::Unsuccessful), 0xC0000001u);
    EXPECT_EQ(statusValue(NtStatus::InvalidParameter), 0xC000000Du);
    EXPECT_EQ(statusValue(NtStatus::BufferTooSmall), 0xC0000023u);
    EXPECT_EQ(statusValue(NtStatus::DeletePending), 0xC0000056u);
    EXPECT_EQ(statusValue(NtStatus::InsufficientResources), 0xC000009Au);
    EXPECT_EQ(statusValue(NtStatus::NotSupported), 0xC00000BBu);
    EXPECT_EQ(statusValue(NtStatus::Cancelled), 0xC0000120u);
    EXPECT_EQ(contract::statusName(NtStatus::BufferTooSmall), "STATUS_BUFFER_TOO_SMALL");
    EXPECT_EQ(contract::statusFromName("STATUS_DELETE_PENDING"), NtStatus::DeletePending);
    EXPECT_EQ(contract::IOCTL_INTERNAL_PARALLEL_CONNECT_INTERRUPT, 0x00160034u);
    EXPECT_EQ(contract::IOCTL_INTERNAL_PARALLEL_DISCONNECT_INTERRUPT, 0x00160038u);
    EXPECT_EQ(contract::IOCTL_INTERNAL_PARALLEL_PORT_FREE, 0x001600A0u);
}

TEST(ContractBuffer, OutputOverwritesInputInTheOneSystemBuffer) {
    FakePort port;
    driver::PortDriver driver(port);
    TestClient a{1};
    contract::InternalDeviceControlRequest irp(contract::IOCTL_INTERNAL_PARALLEL_CONNECT_INTERRUPT,
                                               kIsrSize, kInfoSize);
    irp.setInput(a.service());
    driver.dispatch(irp);
    // METHOD_BUFFERED: what was the input is now the output.
    const auto after = irp.readInput<contract::PARALLEL_INTERRUPT_SERVICE_ROUTINE>();
    ASSERT_TRUE(after.has_value());
    EXPECT_NE(after->InterruptServiceContext, static_cast<void*>(&a));
    EXPECT_EQ(reinterpret_cast<contract::KINTERRUPT*>(after->InterruptServiceRoutine),
              driver.currentInterruptObject());
}

}  // namespace
