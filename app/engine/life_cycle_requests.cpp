#include "life_cycle_requests.h"

#include "contract/parallel.h"
#include "contract/request.h"

namespace engine {

using contract::InternalDeviceControlRequest;
using contract::NtStatus;

namespace {

constexpr auto kIsrSize =
    static_cast<std::uint32_t>(sizeof(contract::PARALLEL_INTERRUPT_SERVICE_ROUTINE));
constexpr auto kInfoSize =
    static_cast<std::uint32_t>(sizeof(contract::PARALLEL_INTERRUPT_INFORMATION));

NtStatus firstFailure(NtStatus so_far, NtStatus next) {
    return so_far == NtStatus::Success ? next : so_far;
}

}  // namespace

LifeCycleRequests::LifeCycleRequests(driver::ContractDriver& driver,
                                     const routines::ClientFactory& make_client,
                                     const std::vector<IsrSpec>& isrs, DisconnectPolicy policy)
    : driver_(driver), policy_(policy) {
    for (const IsrSpec& isr : isrs) {
        clients_.push_back(make_client(isr.routine, isr.context, requester_));
    }
}

LifeCycleRequests::~LifeCycleRequests() {
    disconnectAll();
}

NtStatus LifeCycleRequests::carryOut(StepKind step) {
    switch (step) {
        case StepKind::Connect:
            return connectAll();
        case StepKind::Disconnect:
            return disconnectConnected(policy_);
        case StepKind::ReportInactive:
            return report(false);
        case StepKind::ReportActive:
            return report(true);
        case StepKind::FreePort:
            return freePort();
    }
    return NtStatus::InvalidParameter;
}

NtStatus LifeCycleRequests::connectAll() {
    NtStatus result = NtStatus::Success;
    for (auto& client : clients_) {
        InternalDeviceControlRequest irp(contract::IOCTL_INTERNAL_PARALLEL_CONNECT_INTERRUPT,
                                         kIsrSize, kInfoSize);
        irp.setInput(client->serviceRoutine(false));
        if (driver_.state() == driver::ConnectionState::NoClient) {
            requester_.inactive_reported.store(false, std::memory_order_release);
        }
        client->connectionAdded();
        driver_.dispatch(irp);
        if (irp.ioStatus().Status != NtStatus::Success) {
            client->connectionRemoved();
        } else if (const auto info = irp.readOutput<contract::PARALLEL_INTERRUPT_INFORMATION>()) {
            interrupt_object_ = info->InterruptObject;
        }
        result = firstFailure(result, irp.ioStatus().Status);
    }
    return result;
}

NtStatus LifeCycleRequests::disconnectConnected(DisconnectPolicy policy) {
    NtStatus result = NtStatus::Success;
    for (auto& client : clients_) {
        if (client->connections() == 0 && policy == DisconnectPolicy::ConnectedOnly) {
            continue;
        }
        InternalDeviceControlRequest irp(contract::IOCTL_INTERNAL_PARALLEL_DISCONNECT_INTERRUPT,
                                         kIsrSize, 0);
        irp.setInput(client->serviceRoutine(false));
        driver_.dispatch(irp);
        if (irp.ioStatus().Status == NtStatus::Success) {
            client->connectionRemoved();  // the driver promises no call from now on
        }
        result = firstFailure(result, irp.ioStatus().Status);
    }
    return result;
}

void LifeCycleRequests::disconnectAll() {
    disconnectConnected(DisconnectPolicy::ConnectedOnly);
}

NtStatus LifeCycleRequests::report(bool active) {
    contract::IO_REPORT_INTERRUPT_ACTIVE_STATE_PARAMETERS parameters{};
    parameters.Version = contract::CONNECT_LINE_BASED;
    parameters.ConnectionContext.InterruptObject = interrupt_object_;
    if (active) {
        // Cleared first: from here on a call is legitimate again.
        requester_.inactive_reported.store(false, std::memory_order_release);
        return driver_.reportInterruptActive(parameters);
    }
    const NtStatus status = driver_.reportInterruptInactive(parameters);
    if (status == NtStatus::Success) {
        requester_.inactive_reported.store(true, std::memory_order_release);
    }
    return status;
}

NtStatus LifeCycleRequests::freePort() {
    InternalDeviceControlRequest irp(contract::IOCTL_INTERNAL_PARALLEL_PORT_FREE, 0, 0);
    driver_.dispatch(irp);
    return irp.ioStatus().Status;
}

std::uint64_t LifeCycleRequests::clientViolations() const {
    std::uint64_t total = 0;
    for (const auto& client : clients_) {
        total += client->observations().violations;
    }
    return total;
}

}  // namespace engine
