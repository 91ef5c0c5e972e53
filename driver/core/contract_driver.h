// The port driver as its clients reach it: the contract's requests, the report routines and
// what a console or a run reads back. Two drivers implement it, with the same answers: the
// user-space driver (PortDriver, driver/core) and the kernel module seen from user space
// (KernelPortDriver, driver/kernel_client).
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "client_list.h"
#include "contract/ntstatus.h"
#include "contract/parallel.h"
#include "contract/request.h"
#include "interrupt_connection.h"
#include "interrupt_record.h"
#include "port_allocator.h"
#include "request_log.h"

namespace driver {

struct DriverCounters {
    InterruptCounts interrupts;
    std::uint64_t requests = 0;
    std::uint64_t rejected_reports = 0;  // row 13: reports on no/stale/foreign object, bad version
    std::uint64_t deferred_routine_calls = 0;
};

class ContractDriver {
public:
    virtual ~ContractDriver() = default;

    // IRP_MJ_INTERNAL_DEVICE_CONTROL: completes the request (Status, Information) before returning.
    virtual void dispatch(contract::InternalDeviceControlRequest& request) = 0;

    // IoReportInterruptActive / IoReportInterruptInactive. Void on Windows; row 13 [ours]: a call
    // with no connection, a stale or foreign object or a wrong version is rejected, counted, and
    // answered INVALID_PARAMETER so that consoles and logs can show it.
    virtual contract::NtStatus reportInterruptActive(
        const contract::IO_REPORT_INTERRUPT_ACTIVE_STATE_PARAMETERS& parameters) = 0;
    virtual contract::NtStatus reportInterruptInactive(
        const contract::IO_REPORT_INTERRUPT_ACTIVE_STATE_PARAMETERS& parameters) = 0;

    // A request-level port allocation (what IOCTL_INTERNAL_PARALLEL_PORT_ALLOCATE does); it makes
    // the "no allocation is waiting" condition of row 17 testable. Empty while removing.
    virtual std::optional<PortAllocator::AllocateResult> allocatePort() = 0;

    // Row 1: the configuration switch. [ours] enabled by default.
    virtual void setConnectEnabled(bool enabled) = 0;
    virtual bool connectEnabled() const = 0;

    // Row 18: device removal (fixture unplugged) and its end (re-attached).
    virtual void beginRemoval() = 0;
    virtual void endRemoval() = 0;
    virtual bool removing() const = 0;

    virtual ConnectionState state() const = 0;
    virtual std::vector<ClientInfo> clients() const = 0;
    virtual contract::KINTERRUPT* currentInterruptObject() const = 0;
    virtual DriverCounters counters() const = 0;
    // The newest `count` entries of the event log, oldest first.
    virtual std::vector<RequestLogEntry> requestLog(std::size_t count) const = 0;
    virtual int allocationsWaiting() const = 0;
    virtual bool portAllocated() const = 0;

    // Receives one record per handled interrupt, on the interrupt path (nullptr: none).
    virtual void setObserver(InterruptObserver* observer) = 0;
};

}  // namespace driver
