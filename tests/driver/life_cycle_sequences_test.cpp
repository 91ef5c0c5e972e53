// The sequences users walk through, beyond single rows of the table.
#include <gtest/gtest.h>

#include "driver_harness.h"
#include "fake_port.h"

namespace {

using contract::NtStatus;
using driver::ConnectionState;
using namespace testing_support;

class LifeCycle : public ::testing::Test {
protected:
    FakePort port;
    driver::PortDriver driver{port};
    TestClient isr{1};

    void raise(int n) {
        for (int i = 0; i < n; ++i) {
            port.raise();
        }
    }
};

TEST_F(LifeCycle, ConnectTwiceDisconnectOnceLeavesOneConnection) {
    ASSERT_EQ(connect(driver, isr.service()).status, NtStatus::Success);
    ASSERT_EQ(connect(driver, isr.service()).status, NtStatus::Success);
    raise(1);
    EXPECT_EQ(isr.calls, 2);  // a duplicate is called once per connection
    ASSERT_EQ(disconnect(driver, isr.service()).status, NtStatus::Success);
    EXPECT_EQ(driver.state(), ConnectionState::ConnectedActive);
    raise(1);
    EXPECT_EQ(isr.calls, 3);
    ASSERT_EQ(disconnect(driver, isr.service()).status, NtStatus::Success);
    EXPECT_EQ(driver.state(), ConnectionState::NoClient);
    EXPECT_EQ(disconnect(driver, isr.service()).status, NtStatus::InvalidParameter);
    raise(1);
    EXPECT_EQ(isr.calls, 3);
}

TEST_F(LifeCycle, DisconnectWhileInactiveThenReconnectIsActiveAgain) {
    ASSERT_EQ(connect(driver, isr.service()).status, NtStatus::Success);
    ASSERT_EQ(reportInactive(driver), NtStatus::Success);
    ASSERT_EQ(disconnect(driver, isr.service()).status, NtStatus::Success);
    EXPECT_EQ(driver.state(), ConnectionState::NoClient);
    ASSERT_EQ(connect(driver, isr.service()).status, NtStatus::Success);
    EXPECT_EQ(driver.state(), ConnectionState::ConnectedActive);  // a new connection is active
    raise(1);
    EXPECT_EQ(isr.calls, 1);
}

TEST_F(LifeCycle, InactiveTwiceThenActiveOnce) {
    ASSERT_EQ(connect(driver, isr.service()).status, NtStatus::Success);
    ASSERT_EQ(reportInactive(driver), NtStatus::Success);
    ASSERT_EQ(reportInactive(driver), NtStatus::Success);
    raise(2);
    EXPECT_EQ(isr.calls, 0);
    ASSERT_EQ(reportActive(driver), NtStatus::Success);  // one active undoes any number
    raise(2);
    EXPECT_EQ(isr.calls, 2);
}

// Interrupts across every transition, each phase with its own count, and the accounting
// invariant: every interrupt ends in exactly one class.
TEST_F(LifeCycle, InterruptsAcrossEveryTransitionAreEachClassifiedOnce) {
    raise(3);  // NC
    ASSERT_EQ(connect(driver, isr.service()).status, NtStatus::Success);
    raise(5);  // CA
    ASSERT_EQ(reportInactive(driver), NtStatus::Success);
    raise(7);  // CI
    ASSERT_EQ(reportActive(driver), NtStatus::Success);
    raise(11);  // CA
    ASSERT_EQ(reportInactive(driver), NtStatus::Success);
    ASSERT_EQ(disconnect(driver, isr.service()).status, NtStatus::Success);
    raise(13);  // NC
    ASSERT_EQ(connect(driver, isr.service()).status, NtStatus::Success);
    raise(17);  // CA

    const auto counts = driver.counters().interrupts;
    EXPECT_EQ(counts.unclaimed, 3u + 13u);
    EXPECT_EQ(counts.serviced, 5u + 11u + 17u);
    EXPECT_EQ(counts.suppressed, 7u);
    EXPECT_EQ(counts.violations, 0u);
    EXPECT_EQ(counts.interrupts, counts.classified());
    EXPECT_EQ(isr.calls, 5 + 11 + 17);
}

TEST_F(LifeCycle, EachNewConnectionHasANewInterruptObject) {
    const auto first = connect(driver, isr.service()).output.InterruptObject;
    ASSERT_EQ(disconnect(driver, isr.service()).status, NtStatus::Success);
    EXPECT_EQ(driver.currentInterruptObject(), nullptr);
    const auto second = connect(driver, isr.service()).output.InterruptObject;
    EXPECT_NE(first, second);
    EXPECT_EQ(driver.reportInterruptInactive(reportParameters(second)), NtStatus::Success);
}

TEST_F(LifeCycle, TheEventLogHasEveryRequestWithItsStatusAndInformationInOrder) {
    ASSERT_EQ(connect(driver, isr.service(), kIsrSize - 1).status, NtStatus::BufferTooSmall);
    ASSERT_EQ(connect(driver, isr.service()).status, NtStatus::Success);
    ASSERT_EQ(reportInactive(driver), NtStatus::Success);
    ASSERT_EQ(rawRequest(driver, 0x00160099).status, NtStatus::InvalidParameter);
    ASSERT_EQ(disconnect(driver, isr.service()).status, NtStatus::Success);
    const auto log = driver.requestLog(100);
    ASSERT_EQ(log.size(), 5u);
    EXPECT_EQ(log[0].request, "IOCTL_INTERNAL_PARALLEL_CONNECT_INTERRUPT");
    EXPECT_EQ(log[0].status, NtStatus::BufferTooSmall);
    EXPECT_EQ(log[1].information, kInfoSize);
    EXPECT_EQ(log[2].request, "IoReportInterruptInactive");
    EXPECT_EQ(log[3].request, "IOCTL 0x00160099");
    EXPECT_EQ(log[4].code, contract::IOCTL_INTERNAL_PARALLEL_DISCONNECT_INTERRUPT);
    for (std::size_t i = 1; i < log.size(); ++i) {
        EXPECT_EQ(log[i].number, log[i - 1].number + 1);
        EXPECT_GE(log[i].time_ns, log[i - 1].time_ns);
    }
    EXPECT_EQ(driver.requestLog(2).front().number, 4u);  // the newest two
}

TEST(RequestLog, KeepsOnlyTheNewestEntries) {
    driver::RequestLog log(3);
    for (int i = 0; i < 5; ++i) {
        log.add("r" + std::to_string(i), 0, NtStatus::Success, 0);
    }
    const auto kept = log.newest(10);
    ASSERT_EQ(kept.size(), 3u);
    EXPECT_EQ(kept.front().request, "r2");
    EXPECT_EQ(kept.back().number, 5u);
    EXPECT_EQ(log.total(), 5u);
}

TEST_F(LifeCycle, ANullRoutineIsRefusedAndNeverCalled) {
    contract::PARALLEL_INTERRUPT_SERVICE_ROUTINE input{};
    EXPECT_EQ(connect(driver, input).status, NtStatus::InvalidParameter);
    EXPECT_EQ(driver.state(), ConnectionState::NoClient);
}

TEST_F(LifeCycle, DeclinedInterruptsAreServicedAndCountedAsDeclined) {
    isr.claims = false;
    ASSERT_EQ(connect(driver, isr.service()).status, NtStatus::Success);
    raise(4);
    const auto counts = driver.counters().interrupts;
    EXPECT_EQ(counts.serviced, 4u);
    EXPECT_EQ(counts.declined, 4u);
}

// Each call is counted once, under what the routine returned; calls are the sum, exactly.
TEST_F(LifeCycle, PerClientCallsAndReturnedTrueAreExactWhateverTheRoutineReturns) {
    TestClient other{2};
    other.claims = false;
    ASSERT_EQ(connect(driver, isr.service()).status, NtStatus::Success);
    raise(3);
    isr.claims = false;
    raise(2);
    auto clients = driver.clients();
    ASSERT_EQ(clients.size(), 1u);
    EXPECT_EQ(clients[0].calls, 5u);
    EXPECT_EQ(clients[0].returned_true, 3u);
    // A second client takes the path for more than one routine.
    ASSERT_EQ(connect(driver, other.service()).status, NtStatus::Success);
    isr.claims = true;
    raise(4);
    clients = driver.clients();
    ASSERT_EQ(clients.size(), 2u);
    EXPECT_EQ(clients[0].calls, 9u);
    EXPECT_EQ(clients[0].returned_true, 7u);
    EXPECT_EQ(clients[1].calls, 4u);
    EXPECT_EQ(clients[1].returned_true, 0u);
    const auto counts = driver.counters().interrupts;
    EXPECT_EQ(counts.serviced, 9u);
    EXPECT_EQ(counts.declined, 2u);
    EXPECT_EQ(counts.violations, 0u);
}

// The observer's record (taken on its own path) says what each dispatch did.
struct LastRecord final : driver::InterruptObserver {
    driver::InterruptRecord record;
    int records = 0;
    void onInterruptHandled(const driver::InterruptRecord& r) noexcept override {
        record = r;
        ++records;
    }
};

TEST_F(LifeCycle, TheObserverRecordCountsTheRoutinesOfEachDispatch) {
    LastRecord observer;
    driver.setObserver(&observer);
    port.raise();
    EXPECT_EQ(observer.record.outcome, driver::InterruptClass::Unclaimed);
    EXPECT_EQ(observer.record.t_isr_ns, 0);

    ASSERT_EQ(connect(driver, isr.service()).status, NtStatus::Success);
    port.raise();
    EXPECT_EQ(observer.record.outcome, driver::InterruptClass::Serviced);
    EXPECT_EQ(observer.record.edge.sequence, 2u);
    EXPECT_GT(observer.record.t_isr_ns, 0);
    EXPECT_EQ(observer.record.routines_called, 1u);
    EXPECT_EQ(observer.record.routines_returned_true, 1u);
    EXPECT_EQ(observer.record.violations, 0u);

    TestClient decliner{2};
    decliner.claims = false;
    ASSERT_EQ(connect(driver, decliner.service()).status, NtStatus::Success);
    ASSERT_EQ(connect(driver, isr.service()).status, NtStatus::Success);
    port.raise();
    EXPECT_EQ(observer.record.routines_called, 3u);
    EXPECT_EQ(observer.record.routines_returned_true, 2u);

    ASSERT_EQ(reportInactive(driver), NtStatus::Success);
    port.raise();
    EXPECT_EQ(observer.record.outcome, driver::InterruptClass::Suppressed);
    EXPECT_EQ(observer.record.routines_called, 0u);
    EXPECT_EQ(observer.record.t_isr_ns, 0);
    EXPECT_EQ(observer.records, 4);
    driver.setObserver(nullptr);
    port.raise();
    EXPECT_EQ(observer.records, 4);
    EXPECT_EQ(driver.counters().interrupts.interrupts, 5u);
}

// TryAllocatePortAtInterruptLevel / FreePortFromInterruptLevel from inside an ISR.
struct AllocatingClient {
    contract::PARALLEL_INTERRUPT_INFORMATION info{};
    int allocations = 0;
    int refusals = 0;
    static bool routine(contract::KINTERRUPT*, void* context) {
        auto* self = static_cast<AllocatingClient*>(context);
        if (self->info.TryAllocatePortAtInterruptLevel(self->info.Context)) {
            ++self->allocations;
            self->info.FreePortFromInterruptLevel(self->info.Context);
        } else {
            ++self->refusals;
        }
        return true;
    }
};

TEST_F(LifeCycle, AnIsrAllocatesAndFreesThePortAtInterruptLevelWithoutBlocking) {
    AllocatingClient client;
    const auto c = connect(driver, {&AllocatingClient::routine, &client, nullptr, nullptr});
    ASSERT_EQ(c.status, NtStatus::Success);
    client.info = c.output;
    raise(2);
    EXPECT_EQ(client.allocations, 2);
    EXPECT_FALSE(driver.portAllocated());

    ASSERT_TRUE(driver.allocatePort()->granted);  // a request-level owner
    raise(1);
    EXPECT_EQ(client.refusals, 1);  // refused at once, not waited for
    EXPECT_EQ(freePort(driver).status, NtStatus::Success);
    raise(1);
    EXPECT_EQ(client.allocations, 3);
}

TEST_F(LifeCycle, AFreeFromInterruptLevelWithWaitersIsCarriedOutAtRequestLevel) {
    driver::PortAllocator allocator;
    ASSERT_TRUE(driver::PortAllocator::tryAllocateAtInterruptLevel(&allocator));
    EXPECT_FALSE(allocator.allocate().granted);  // one waiter
    driver::PortAllocator::freeFromInterruptLevel(&allocator);
    EXPECT_TRUE(allocator.allocated());  // not handed over at interrupt level
    EXPECT_TRUE(allocator.takeDeferredFree());
    EXPECT_TRUE(allocator.free());  // the waiter gets it
    EXPECT_EQ(allocator.waiting(), 0);
    EXPECT_TRUE(allocator.allocated());
    EXPECT_FALSE(allocator.free());
    EXPECT_FALSE(allocator.allocated());
}

}  // namespace
