#include "port_driver.h"

namespace driver {

using contract::InternalDeviceControlRequest;
using contract::NtStatus;
using contract::PARALLEL_INTERRUPT_INFORMATION;
using contract::PARALLEL_INTERRUPT_SERVICE_ROUTINE;

PortDriver::PortDriver(PortHardware& port) : port_(port) {
    port_.setInterruptSink(this);
}

PortDriver::~PortDriver() {
    port_.setInterruptSink(nullptr);
}

void PortDriver::dispatch(InternalDeviceControlRequest& request) {
    std::lock_guard lock(requests_);
    completeDispatch(request);
    log_.add(requestName(request.ioControlCode()), request.ioControlCode(),
             request.ioStatus().Status, request.ioStatus().Information);
}

void PortDriver::completeDispatch(InternalDeviceControlRequest& request) {
    ++requests_seen_;
    runDeferredWork();
    // Row 18: while the device is being removed every request fails, known or not.
    if (removing_) {
        request.complete(NtStatus::DeletePending, 0);
        return;
    }
    switch (request.ioControlCode()) {
        case contract::IOCTL_INTERNAL_PARALLEL_CONNECT_INTERRUPT:
            connectInterrupt(request);
            return;
        case contract::IOCTL_INTERNAL_PARALLEL_DISCONNECT_INTERRUPT:
            disconnectInterrupt(request);
            return;
        case contract::IOCTL_INTERNAL_PARALLEL_PORT_FREE:
            freePort(request);
            return;
        default:
            // Row 19.
            request.complete(NtStatus::InvalidParameter, 0);
            return;
    }
}

void PortDriver::connectInterrupt(InternalDeviceControlRequest& request) {
    // Row 1: the configuration switch is checked before the buffer sizes.
    if (!connect_enabled_) {
        request.complete(NtStatus::Unsuccessful, 0);
        return;
    }
    // Row 2.
    const auto input = request.readInput<PARALLEL_INTERRUPT_SERVICE_ROUTINE>();
    if (!input || request.outputBufferLength() < sizeof(PARALLEL_INTERRUPT_INFORMATION)) {
        request.complete(NtStatus::BufferTooSmall, 0);
        return;
    }
    // [ours] A connection without a routine could never be disconnected or called.
    if (input->InterruptServiceRoutine == nullptr) {
        request.complete(NtStatus::InvalidParameter, 0);
        return;
    }
    // Row 3: only a first connect has to connect the port's interrupt line.
    if (connection_.state() == ConnectionState::NoClient && !port_.hasInterruptLine()) {
        request.complete(NtStatus::NotSupported, 0);
        return;
    }
    // Rows 4 and 5; the client table is fixed-size, so running out of it is running out of memory.
    const ClientRegistration registration{
        input->InterruptServiceRoutine, input->InterruptServiceContext,
        input->DeferredPortCheckRoutine, input->DeferredPortCheckContext};
    if (!connection_.connect(registration)) {
        request.complete(NtStatus::InsufficientResources, 0);
        return;
    }
    const PARALLEL_INTERRUPT_INFORMATION information{
        connection_.currentObject(), &PortAllocator::tryAllocateAtInterruptLevel,
        &PortAllocator::freeFromInterruptLevel, &allocator_};
    request.writeOutput(information);
    request.complete(NtStatus::Success, sizeof(PARALLEL_INTERRUPT_INFORMATION));
}

void PortDriver::disconnectInterrupt(InternalDeviceControlRequest& request) {
    // Row 6.
    const auto input = request.readInput<PARALLEL_INTERRUPT_SERVICE_ROUTINE>();
    if (!input) {
        request.complete(NtStatus::BufferTooSmall, 0);
        return;
    }
    // Rows 7, 8 and 9: the (routine, context) pair is the key; the deferred fields are ignored.
    // A successful disconnect returns only when the routine is not running and never will again.
    const bool removed =
        connection_.disconnect(input->InterruptServiceRoutine, input->InterruptServiceContext);
    request.complete(removed ? NtStatus::Success : NtStatus::InvalidParameter, 0);
}

void PortDriver::freePort(InternalDeviceControlRequest& request) {
    releasePort();
    request.complete(NtStatus::Success, 0);
}

// Row 17: freeing the port with no allocation waiting calls every non-null deferred port check
// routine, in connection order, [ours] whether the connection is active or not. With a waiter the
// port goes to it instead and the routines are not called.
void PortDriver::releasePort() {
    if (allocator_.free()) {
        return;
    }
    for (const ClientInfo& client : connection_.clients()) {
        const ClientRegistration& reg = client.registration;
        if (reg.deferred_routine != nullptr) {
            reg.deferred_routine(reg.deferred_context);
            ++deferred_routine_calls_;
        }
    }
}

void PortDriver::runDeferredWork() {
    if (allocator_.takeDeferredFree()) {
        releasePort();
    }
}

NtStatus PortDriver::checkReport(
    const contract::IO_REPORT_INTERRUPT_ACTIVE_STATE_PARAMETERS& parameters) {
    ++requests_seen_;
    runDeferredWork();
    if (removing_) {
        return NtStatus::DeletePending;
    }
    if (parameters.Version != InterruptConnection::version() ||
        !connection_.isCurrentObject(parameters.ConnectionContext.InterruptObject)) {
        ++rejected_reports_;
        return NtStatus::InvalidParameter;
    }
    return NtStatus::Success;
}

NtStatus PortDriver::reportInterruptActive(
    const contract::IO_REPORT_INTERRUPT_ACTIVE_STATE_PARAMETERS& parameters) {
    std::lock_guard lock(requests_);
    const NtStatus status = checkReport(parameters);
    if (status == NtStatus::Success) {
        connection_.reportActive();  // row 12
    }
    log_.add("IoReportInterruptActive", 0, status, 0);
    return status;
}

NtStatus PortDriver::reportInterruptInactive(
    const contract::IO_REPORT_INTERRUPT_ACTIVE_STATE_PARAMETERS& parameters) {
    std::lock_guard lock(requests_);
    const NtStatus status = checkReport(parameters);
    if (status == NtStatus::Success) {
        connection_.reportInactive();  // rows 10 and 11
    }
    log_.add("IoReportInterruptInactive", 0, status, 0);
    return status;
}

std::optional<PortAllocator::AllocateResult> PortDriver::allocatePort() {
    std::lock_guard lock(requests_);
    ++requests_seen_;
    runDeferredWork();
    if (removing_) {
        return std::nullopt;
    }
    return allocator_.allocate();
}

void PortDriver::setConnectEnabled(bool enabled) {
    std::lock_guard lock(requests_);
    connect_enabled_ = enabled;
}

bool PortDriver::connectEnabled() const {
    std::lock_guard lock(requests_);
    return connect_enabled_;
}

void PortDriver::beginRemoval() {
    std::lock_guard lock(requests_);
    removing_ = true;
}

void PortDriver::endRemoval() {
    std::lock_guard lock(requests_);
    removing_ = false;
}

bool PortDriver::removing() const {
    std::lock_guard lock(requests_);
    return removing_;
}

DriverCounters PortDriver::counters() const {
    std::lock_guard lock(requests_);
    return {connection_.counts(), requests_seen_, rejected_reports_, deferred_routine_calls_};
}

std::vector<RequestLogEntry> PortDriver::requestLog(std::size_t count) const {
    std::lock_guard lock(requests_);
    return log_.newest(count);
}

void PortDriver::setSkipGracePeriodForTesting(bool skip) {
    std::lock_guard lock(requests_);
    connection_.setSkipGracePeriod(skip);
}

}  // namespace driver
