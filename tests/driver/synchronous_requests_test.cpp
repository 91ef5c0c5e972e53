// DISCONNECT and REPORT INACTIVE are synchronous: when they return, the routine is not running and
// is never called again (until REPORT ACTIVE). These tests hold an ISR inside a dispatch on one
// thread while another thread issues the request, and check when the request returns.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include "driver_harness.h"
#include "fake_port.h"

namespace {

using contract::NtStatus;
using namespace std::chrono_literals;
using namespace testing_support;

// An ISR that, when armed, signals that it is running and waits to be released.
struct BlockingClient {
    std::atomic<bool> armed{false};
    std::atomic<bool> running{false};
    std::atomic<bool> release{false};
    std::atomic<int> calls{0};

    static bool routine(contract::KINTERRUPT*, void* context) {
        auto* self = static_cast<BlockingClient*>(context);
        self->calls.fetch_add(1);
        if (self->armed.exchange(false)) {
            self->running.store(true);
            while (!self->release.load()) {
                std::this_thread::yield();
            }
            self->running.store(false);
        }
        return true;
    }
    contract::PARALLEL_INTERRUPT_SERVICE_ROUTINE service() {
        return {&routine, this, nullptr, nullptr};
    }
    void waitUntilRunning() {
        while (!running.load()) {
            std::this_thread::yield();
        }
    }
};

class SynchronousRequests : public ::testing::Test {
protected:
    FakePort port;
    driver::PortDriver driver{port};
    BlockingClient blocker;
    TestClient second{2};

    // Starts one interrupt on its own thread and returns once `blocker` is inside it.
    std::thread interruptHeldInsideBlocker() {
        blocker.armed = true;
        std::thread irq([this] { port.raise(); });
        blocker.waitUntilRunning();
        return irq;
    }
};

TEST_F(SynchronousRequests, DisconnectWaitsForTheRunningIsrAndNoCallFollows) {
    ASSERT_EQ(connect(driver, blocker.service()).status, NtStatus::Success);
    std::thread irq = interruptHeldInsideBlocker();
    auto pending = std::async(std::launch::async,
                              [this] { return disconnect(driver, blocker.service()).status; });
    // While the ISR runs, DISCONNECT must not return (a bug here makes it return at once).
    EXPECT_EQ(pending.wait_for(100ms), std::future_status::timeout);
    blocker.release = true;
    EXPECT_EQ(pending.get(), NtStatus::Success);
    EXPECT_FALSE(blocker.running.load());
    irq.join();
    const int calls = blocker.calls.load();
    port.raise();
    EXPECT_EQ(blocker.calls.load(), calls);
}

TEST_F(SynchronousRequests, ReportInactiveWaitsForTheRunningDispatch) {
    ASSERT_EQ(connect(driver, blocker.service()).status, NtStatus::Success);
    ASSERT_EQ(connect(driver, second.service()).status, NtStatus::Success);
    std::thread irq = interruptHeldInsideBlocker();
    auto pending = std::async(std::launch::async, [this] { return reportInactive(driver); });
    EXPECT_EQ(pending.wait_for(100ms), std::future_status::timeout);
    blocker.release = true;
    EXPECT_EQ(pending.get(), NtStatus::Success);
    irq.join();
    // The dispatch that began while active finished (the second routine ran inside it);
    // after REPORT INACTIVE returned nothing is called.
    EXPECT_EQ(second.calls, 1);
    port.raise();
    EXPECT_EQ(second.calls, 1);
    EXPECT_EQ(driver.counters().interrupts.violations, 0u);
}

// The violation counter is not decoration: with the grace period skipped (a deliberately broken
// driver), a dispatch that was already walking the list reaches a routine whose DISCONNECT has
// returned, and the monitor counts it instead of calling it.
TEST_F(SynchronousRequests, TheMonitorCountsACallAfterDisconnectWhenTheGracePeriodIsBroken) {
    ASSERT_EQ(connect(driver, blocker.service()).status, NtStatus::Success);
    ASSERT_EQ(connect(driver, second.service()).status, NtStatus::Success);
    driver.setSkipGracePeriodForTesting(true);
    std::thread irq = interruptHeldInsideBlocker();
    EXPECT_EQ(disconnect(driver, second.service()).status, NtStatus::Success);  // returns early
    blocker.release = true;
    irq.join();
    EXPECT_EQ(second.calls, 0);
    EXPECT_EQ(driver.counters().interrupts.violations, 1u);
}

TEST_F(SynchronousRequests, TheMonitorCountsACallAfterReportInactiveWhenTheGracePeriodIsBroken) {
    ASSERT_EQ(connect(driver, blocker.service()).status, NtStatus::Success);
    ASSERT_EQ(connect(driver, second.service()).status, NtStatus::Success);
    driver.setSkipGracePeriodForTesting(true);
    std::thread irq = interruptHeldInsideBlocker();
    EXPECT_EQ(reportInactive(driver), NtStatus::Success);  // returns early
    blocker.release = true;
    irq.join();
    EXPECT_EQ(second.calls, 0);
    EXPECT_EQ(driver.counters().interrupts.violations, 1u);
}

}  // namespace
