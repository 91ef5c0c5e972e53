// The bundled parallel-port driver's interrupt-client interface: the framework face that takes
// internal device-control requests and the report-active/inactive calls, exactly as the state
// table in ../shared/spec/isr-contract.md says. Hardware is reached only through PortHardware.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <vector>

#include "client_list.h"
#include "contract/ntstatus.h"
#include "contract/parallel.h"
#include "contract/request.h"
#include "interrupt_connection.h"
#include "interrupt_record.h"
#include "port_allocator.h"
#include "port_hardware.h"
#include "request_log.h"

namespace driver {

struct DriverCounters {
    InterruptCounts interrupts;
    std::uint64_t requests = 0;
    std::uint64_t rejected_reports = 0;  // row 13: reports on no/stale/foreign object, bad version
    std::uint64_t deferred_routine_calls = 0;
};

class PortDriver final : private InterruptSink {
public:
    explicit PortDriver(PortHardware& port);
    ~PortDriver();

    PortDriver(const PortDriver&) = delete;
    PortDriver& operator=(const PortDriver&) = delete;

    // IRP_MJ_INTERNAL_DEVICE_CONTROL: completes the request (Status, Information) before returning.
    void dispatch(contract::InternalDeviceControlRequest& request);

    // IoReportInterruptActive / IoReportInterruptInactive. Void on Windows; row 13 [ours]: a call
    // with no connection, a stale or foreign object or a wrong version is rejected, counted, and
    // answered INVALID_PARAMETER so that consoles and logs can show it.
    contract::NtStatus reportInterruptActive(
        const contract::IO_REPORT_INTERRUPT_ACTIVE_STATE_PARAMETERS& parameters);
    contract::NtStatus reportInterruptInactive(
        const contract::IO_REPORT_INTERRUPT_ACTIVE_STATE_PARAMETERS& parameters);

    // A request-level port allocation (what IOCTL_INTERNAL_PARALLEL_PORT_ALLOCATE does); it makes
    // the "no allocation is waiting" condition of row 17 testable. Empty while removing.
    std::optional<PortAllocator::AllocateResult> allocatePort();

    // Row 1: the configuration switch. [ours] enabled by default.
    void setConnectEnabled(bool enabled);
    bool connectEnabled() const;

    // Row 18: device removal (fixture unplugged) and its end (re-attached).
    void beginRemoval();
    void endRemoval();
    bool removing() const;

    ConnectionState state() const { return connection_.state(); }
    std::vector<ClientInfo> clients() const { return connection_.clients(); }
    contract::KINTERRUPT* currentInterruptObject() const { return connection_.currentObject(); }
    DriverCounters counters() const;
    // The newest `count` entries of the event log, oldest first.
    std::vector<RequestLogEntry> requestLog(std::size_t count) const;
    int allocationsWaiting() const { return allocator_.waiting(); }
    bool portAllocated() const { return allocator_.allocated(); }
    bool usesMembarrier() const { return connection_.usesMembarrier(); }

    void setObserver(InterruptObserver* observer) { connection_.setObserver(observer); }
    // Fault injection used to prove the violation monitor can fail: the request path no longer
    // waits out in-flight dispatches. Never set outside tests and benches that say so.
    void setSkipGracePeriodForTesting(bool skip);

private:
    void onInterrupt(const InterruptEdge& edge) noexcept override { connection_.dispatch(edge); }
    // Row 18: an unplugged fixture is a device being removed; re-attached, requests work again.
    void onPortRemoved() noexcept override { beginRemoval(); }
    void onPortRestored() noexcept override { endRemoval(); }

    void connectInterrupt(contract::InternalDeviceControlRequest& request);
    void disconnectInterrupt(contract::InternalDeviceControlRequest& request);
    void freePort(contract::InternalDeviceControlRequest& request);
    void releasePort();
    void runDeferredWork();
    contract::NtStatus checkReport(
        const contract::IO_REPORT_INTERRUPT_ACTIVE_STATE_PARAMETERS& parameters);
    void completeDispatch(contract::InternalDeviceControlRequest& request);

    PortHardware& port_;
    InterruptConnection connection_;
    PortAllocator allocator_;

    mutable std::mutex requests_;  // serialises the request path; never taken by interrupts
    bool connect_enabled_ = true;
    bool removing_ = false;
    std::uint64_t requests_seen_ = 0;
    std::uint64_t rejected_reports_ = 0;
    std::uint64_t deferred_routine_calls_ = 0;
    RequestLog log_;
};

}  // namespace driver
