// The kernel module (driver/kmod) on a real port, run inside the QEMU guest by the qemu suite
// (tests/qemu/guest/full.sh): not part of the host's own test run, which has no such port.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <thread>

#include "contract/request.h"
#include "host_interrupts.h"
#include "kernel_port_driver.h"

namespace {

using contract::InternalDeviceControlRequest;
using contract::NtStatus;
using driver::KernelPortDriver;

std::uint64_t envOr(const char* name, std::uint64_t fallback) {
    const char* value = std::getenv(name);
    return value != nullptr ? std::strtoull(value, nullptr, 10) : fallback;
}

const std::string& device() {
    static const std::string path = [] {
        const char* value = std::getenv("ISRB_DEVICE");
        return std::string(value != nullptr ? value : KernelPortDriver::kDefaultDevice);
    }();
    return path;
}

NtStatus request(KernelPortDriver& driver, std::uint32_t code, std::uint64_t routine,
                 std::int64_t context) {
    InternalDeviceControlRequest irp(code, 32, 32);
    irp.setInput(KernelPortDriver::routineServiceFields(routine, context, false));
    driver.dispatch(irp);
    return irp.ioStatus().Status;
}

contract::IO_REPORT_INTERRUPT_ACTIVE_STATE_PARAMETERS current(const KernelPortDriver& driver) {
    contract::IO_REPORT_INTERRUPT_ACTIVE_STATE_PARAMETERS parameters{};
    parameters.Version = contract::CONNECT_LINE_BASED;
    parameters.ConnectionContext.InterruptObject = driver.currentInterruptObject();
    return parameters;
}

// Counts what the reader thread hands over; the interrupt path's own checks are the module's.
class Tally final : public driver::InterruptObserver {
public:
    void onInterruptHandled(const driver::InterruptRecord& record) noexcept override {
        records.fetch_add(1, std::memory_order_relaxed);
        if (record.violations > 0) {
            violations.fetch_add(record.violations, std::memory_order_relaxed);
        }
    }
    std::atomic<std::uint64_t> records{0};
    std::atomic<std::uint64_t> violations{0};
};

// One pulse, then its interrupt handled to the end (the reader thread included), as a run's
// pulse train does: an edge raised while the previous one is still pending in the interrupt
// controller merges with it (edge-triggered IRQ 7), which is the controller's behaviour, not a
// loss. Returns false if the interrupt did not come within a second.
bool pulseAndAwait(KernelPortDriver& driver) {
    const std::uint64_t stimulus = driver.pulseStimulus(0).stimulus;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
    while (driver.lastStimulusHandled() < stimulus) {
        if (std::chrono::steady_clock::now() > deadline) {
            return false;
        }
        std::this_thread::yield();
    }
    return true;
}

// DESIGN.md: disconnect and report inactive are synchronous. One thread pulses the plug as fast
// as the port takes it while another walks the life cycle in a tight loop; every call a routine
// sees after its DISCONNECT or REPORT INACTIVE returned is counted by the module (the driver's
// check before the call, the routine's own after it): both must stay 0.
TEST(KernelModule, TheLifeCycleToggledUnderAStreamOfInterruptsNeverCallsARoutineLate) {
    const std::uint64_t pulses = envOr("ISRB_STRESS_PULSES", 100'000);
    KernelPortDriver driver(device());
    Tally tally;
    driver.setObserver(&tally);
    ASSERT_TRUE(driver.synchronizeRecords());
    const auto before = driver.counters().interrupts;
    const std::uint64_t records_before = tally.records.load();
    const auto host_before = engine::hostInterruptCount(driver.irq());

    std::atomic<bool> done{false};
    std::uint64_t cycles = 0;
    std::uint64_t failures = 0;
    std::thread toggler([&] {
        while (!done.load(std::memory_order_acquire)) {
            failures += request(driver, contract::IOCTL_INTERNAL_PARALLEL_CONNECT_INTERRUPT, 1,
                                1) != NtStatus::Success;
            failures += request(driver, contract::IOCTL_INTERNAL_PARALLEL_CONNECT_INTERRUPT, 2,
                                2) != NtStatus::Success;
            failures += driver.reportInterruptInactive(current(driver)) != NtStatus::Success;
            failures += driver.reportInterruptActive(current(driver)) != NtStatus::Success;
            failures += request(driver, contract::IOCTL_INTERNAL_PARALLEL_DISCONNECT_INTERRUPT, 1,
                                1) != NtStatus::Success;
            failures += request(driver, contract::IOCTL_INTERNAL_PARALLEL_DISCONNECT_INTERRUPT, 2,
                                2) != NtStatus::Success;
            ++cycles;
        }
    });
    std::uint64_t unanswered = 0;
    for (std::uint64_t i = 0; i < pulses; ++i) {
        unanswered += !pulseAndAwait(driver);
    }
    done.store(true, std::memory_order_release);
    toggler.join();
    ASSERT_TRUE(driver.synchronizeRecords());

    const auto after = driver.counters().interrupts;
    const std::uint64_t interrupts = after.interrupts - before.interrupts;
    const std::uint64_t serviced = after.serviced - before.serviced;
    const std::uint64_t suppressed = after.suppressed - before.suppressed;
    const std::uint64_t unclaimed = after.unclaimed - before.unclaimed;
    EXPECT_EQ(failures, 0u);
    EXPECT_EQ(unanswered, 0u);
    EXPECT_GE(interrupts, pulses);  // QEMU re-raises an unacknowledged interrupt: never fewer
    EXPECT_EQ(serviced + suppressed + unclaimed, interrupts);
    EXPECT_GT(serviced, 0u);
    EXPECT_GT(suppressed, 0u);
    EXPECT_GT(unclaimed, 0u);
    EXPECT_EQ(after.violations - before.violations, 0u);
    EXPECT_EQ(tally.violations.load(), 0u);
    EXPECT_EQ(driver.observation(1, 1).violations, 0u);
    EXPECT_EQ(driver.observation(2, 2).violations, 0u);
    EXPECT_EQ(tally.records.load() - records_before + driver.recordCounts().missing, interrupts);
    const auto host_after = engine::hostInterruptCount(driver.irq());
    ASSERT_TRUE(host_before && host_after);
    EXPECT_EQ(*host_after - *host_before, interrupts);  // the kernel's own count of IRQ 7
    std::printf(
        "stress: %llu pulses, %llu interrupts (%llu serviced, %llu suppressed, "
        "%llu unclaimed), %llu life cycles, %llu spurious, 0 violations\n",
        static_cast<unsigned long long>(pulses), static_cast<unsigned long long>(interrupts),
        static_cast<unsigned long long>(serviced), static_cast<unsigned long long>(suppressed),
        static_cast<unsigned long long>(unclaimed), static_cast<unsigned long long>(cycles),
        static_cast<unsigned long long>(driver.recordCounts().spurious));
}

}  // namespace
