// One thread walks the life cycle as fast as it can while another raises interrupts. The clients
// watch the contract from outside (what the requester knows has returned) and the driver's own
// monitor counts violations; both must stay at zero, and every interrupt must be classified once.
// Run it under the tsan preset for the data-race verdict. ISR_STRESS_SECONDS lengthens it.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <thread>

#include "driver_harness.h"
#include "fake_port.h"
#include "virtual_port.h"

namespace {

using contract::NtStatus;
using namespace testing_support;

std::chrono::milliseconds stressDuration() {
    const char* seconds = std::getenv("ISR_STRESS_SECONDS");
    return std::chrono::milliseconds(seconds ? std::atoi(seconds) * 1000 : 1000);
}

// A client that knows what its requester has been told and flags any call that contradicts it.
struct WatchfulClient {
    std::atomic<bool> connected{false};      // cleared once DISCONNECT has returned
    std::atomic<bool> told_inactive{false};  // set once REPORT INACTIVE has returned
    std::atomic<std::uint64_t> calls{0};
    std::atomic<std::uint64_t> contradictions{0};

    static bool routine(contract::KINTERRUPT*, void* context) {
        auto* self = static_cast<WatchfulClient*>(context);
        self->calls.fetch_add(1, std::memory_order_relaxed);
        if (!self->connected.load(std::memory_order_acquire) ||
            self->told_inactive.load(std::memory_order_acquire)) {
            self->contradictions.fetch_add(1, std::memory_order_relaxed);
        }
        return true;
    }
    contract::PARALLEL_INTERRUPT_SERVICE_ROUTINE service() {
        return {&routine, this, nullptr, nullptr};
    }
};

struct LifeCycleWalker {
    driver::PortDriver& driver;
    WatchfulClient& first;
    WatchfulClient& second;
    std::uint64_t cycles = 0;

    void cycle() {
        first.connected = true;  // before: calls may start as soon as CONNECT publishes
        first.told_inactive = false;
        second.told_inactive = false;
        EXPECT_EQ(connect(driver, first.service()).status, NtStatus::Success);
        second.connected = true;
        EXPECT_EQ(connect(driver, second.service()).status, NtStatus::Success);
        EXPECT_EQ(reportInactive(driver), NtStatus::Success);
        first.told_inactive = second.told_inactive = true;   // after: it has returned
        first.told_inactive = second.told_inactive = false;  // before REPORT ACTIVE
        EXPECT_EQ(reportActive(driver), NtStatus::Success);
        EXPECT_EQ(disconnect(driver, first.service()).status, NtStatus::Success);
        first.connected = false;  // after: it has returned
        EXPECT_EQ(reportInactive(driver), NtStatus::Success);
        second.told_inactive = true;
        EXPECT_EQ(disconnect(driver, second.service()).status, NtStatus::Success);
        second.connected = false;
        ++cycles;
    }

    void walkFor(std::chrono::milliseconds duration) {
        const auto deadline = std::chrono::steady_clock::now() + duration;
        while (std::chrono::steady_clock::now() < deadline) {
            cycle();
        }
    }
};

void expectCleanRun(const driver::PortDriver& d, const WatchfulClient& a, const WatchfulClient& b,
                    std::uint64_t raised, std::uint64_t cycles) {
    const auto counts = d.counters().interrupts;
    EXPECT_EQ(counts.violations, 0u);
    EXPECT_EQ(a.contradictions.load(), 0u);
    EXPECT_EQ(b.contradictions.load(), 0u);
    EXPECT_EQ(counts.interrupts, raised);
    EXPECT_EQ(counts.classified(), raised);
    // The run really interleaved: interrupts met every state and the walker made progress.
    EXPECT_GT(counts.serviced, 0u);
    EXPECT_GT(counts.suppressed, 0u);
    EXPECT_GT(counts.unclaimed, 0u);
    EXPECT_GT(cycles, 10u);
    std::cout << "cycles " << cycles << ", interrupts " << raised << " (serviced "
              << counts.serviced << ", suppressed " << counts.suppressed << ", unclaimed "
              << counts.unclaimed << "), calls " << a.calls + b.calls << '\n';
}

TEST(ConcurrencyStress, LifeCycleTogglingAgainstInterruptsOnTheDriverCore) {
    WatchfulClient a, b;  // outlive the driver that calls them
    FakePort port;
    driver::PortDriver d(port);
    std::atomic<bool> stop{false};
    std::uint64_t raised = 0;
    std::thread interrupts([&] {
        while (!stop.load(std::memory_order_relaxed)) {
            port.raise();
            ++raised;
        }
    });
    LifeCycleWalker walker{d, a, b};
    walker.walkFor(stressDuration());
    stop = true;
    interrupts.join();
    expectCleanRun(d, a, b, raised, walker.cycles);
}

// The same through the virtual port: real interrupt thread, eventfd wake-ups, register writes.
TEST(ConcurrencyStress, LifeCycleTogglingAgainstVirtualPortInterrupts) {
    WatchfulClient a, b;  // outlive the driver that calls them
    driver::VirtualPort port;
    driver::PortDriver d(port);
    port.writeRegister(driver::SppRegister::Control, driver::spp::kControlIrqEnable);
    std::atomic<bool> stop{false};
    std::thread stimulus([&] {
        while (!stop.load(std::memory_order_relaxed)) {
            port.pulseStimulus(0);
            // Keep the queue short so that no edge is dropped for lack of room.
            while (port.counts().edges_raised - port.counts().edges_delivered > 64) {
                std::this_thread::yield();
            }
        }
    });
    LifeCycleWalker walker{d, a, b};
    walker.walkFor(stressDuration());
    stop = true;
    stimulus.join();
    // Let the interrupt thread deliver what is queued.
    while (port.counts().edges_delivered + port.counts().edges_dropped <
           port.counts().edges_raised) {
        std::this_thread::yield();
    }
    EXPECT_EQ(port.counts().edges_dropped, 0u);
    expectCleanRun(d, a, b, port.counts().edges_delivered, walker.cycles);
}

}  // namespace
