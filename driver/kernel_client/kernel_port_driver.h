// The bundled port driver as a Linux kernel module (driver/kmod), seen from user space: the same
// ContractDriver as the user-space PortDriver, each request carried by an ioctl on
// /dev/isrbench-parportN and answered with the module's Status and Information.
//
// The client ISRs run in the kernel's interrupt handler, so a client names one of the module's
// built-in routines: PARALLEL_INTERRUPT_SERVICE_ROUTINE's InterruptServiceRoutine carries the
// routine's id and InterruptServiceContext the context value (routineServiceFields). Those
// "pointers" are never called here.
//
// A reader thread drains the module's record ring and hands each interrupt to the observer as
// an InterruptRecord: t_arrive is the module's interrupt-function entry and t_isr its stamp
// right before the first routine, both CLOCK_MONOTONIC from ktime_get_ns(). An interrupt with no
// new pulse behind it (QEMU re-raising an unacknowledged interrupt, the claim's own write) has
// sequence 0 and is counted spurious.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>

#include "contract_driver.h"
#include "interrupt_gate.h"
#include "pulse_source.h"

struct isrb_state;
struct isrb_record;

namespace driver {

class KernelDriverError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct KernelObservation {
    std::uint64_t calls = 0;
    std::uint64_t deferred_calls = 0;
    std::uint64_t violations = 0;
};

struct KernelRecordCounts {
    std::uint64_t records = 0;   // read from the module and handed to the observer
    std::uint64_t spurious = 0;  // interrupts with no new pulse behind them
    std::uint64_t missing = 0;   // gaps in the module's interrupt numbers (its ring overflowed)
};

class KernelPortDriver final : public ContractDriver, public PulseSource {
public:
    static constexpr const char* kDefaultDevice = "/dev/isrbench-parport0";

    // Opens the device (which claims the port); throws KernelDriverError saying why it cannot
    // (module not loaded, permission and group lp, busy).
    explicit KernelPortDriver(std::string device = kDefaultDevice);
    ~KernelPortDriver() override;

    KernelPortDriver(const KernelPortDriver&) = delete;
    KernelPortDriver& operator=(const KernelPortDriver&) = delete;

    void dispatch(contract::InternalDeviceControlRequest& request) override;
    contract::NtStatus reportInterruptActive(
        const contract::IO_REPORT_INTERRUPT_ACTIVE_STATE_PARAMETERS& parameters) override;
    contract::NtStatus reportInterruptInactive(
        const contract::IO_REPORT_INTERRUPT_ACTIVE_STATE_PARAMETERS& parameters) override;
    std::optional<PortAllocator::AllocateResult> allocatePort() override;
    void setConnectEnabled(bool enabled) override;
    bool connectEnabled() const override;
    // A removal the module is told about (row 18): every request answers DELETE_PENDING.
    void beginRemoval() override;
    void endRemoval() override;
    bool removing() const override;
    ConnectionState state() const override;
    std::vector<ClientInfo> clients() const override;
    contract::KINTERRUPT* currentInterruptObject() const override;
    DriverCounters counters() const override;
    std::vector<RequestLogEntry> requestLog(std::size_t count) const override;
    int allocationsWaiting() const override;
    bool portAllocated() const override;
    // Returns when no call into the previous observer is in flight.
    void setObserver(InterruptObserver* observer) override;

    // One stimulus through the CheckIt plug (nInit), stamped in the kernel.
    Pulse pulseStimulus(std::int64_t t_due_ns) override;
    std::uint64_t lastStimulusHandled() const override {
        return last_stimulus_.load(std::memory_order_acquire);
    }

    // The module's built-in routines: ids by name, and the service routine fields naming one.
    static std::optional<std::uint64_t> routineId(std::string_view name);
    static contract::PARALLEL_INTERRUPT_SERVICE_ROUTINE routineServiceFields(std::uint64_t routine,
                                                                             std::int64_t context,
                                                                             bool with_deferred);
    KernelObservation observation(std::uint64_t routine, std::int64_t context) const;

    // Returns once every record the module had written when called was handed to the observer
    // (or `timeout_ms` passed, then false).
    bool synchronizeRecords(int timeout_ms = 2000);

    const std::string& device() const { return device_; }
    std::string label() const;  // "kernel module on parport0"
    int irq() const;            // the port's IRQ, -1 for none
    bool portGone() const { return gone_.load(std::memory_order_acquire); }
    KernelRecordCounts recordCounts() const;
    std::uint64_t moduleRingOverflow() const;

private:
    std::unique_ptr<isrb_state> readState() const;
    void configure(std::optional<bool> connect_enabled, std::optional<bool> removing);
    void ioctlOrThrow(unsigned long request, void* argument, const char* what) const;
    void readerMain();
    void deliver(const ::isrb_record& record);

    std::string device_;
    int fd_ = -1;
    int stop_fd_ = -1;

    hwbridge::InterruptGate observer_gate_;
    std::atomic<InterruptObserver*> observer_{nullptr};
    // The reader thread's (single writer).
    std::uint64_t last_sequence_ = 0;
    std::atomic<std::uint64_t> last_stimulus_{0};
    // When the pulse in flight was due: pulses go one at a time, its record is the next fresh one.
    std::atomic<std::int64_t> pulse_due_ns_{0};
    std::atomic<std::uint64_t> records_{0};
    std::atomic<std::uint64_t> spurious_{0};
    std::atomic<std::uint64_t> missing_{0};
    std::atomic<bool> gone_{false};
    std::thread reader_;  // last: started once everything above exists
};

}  // namespace driver
