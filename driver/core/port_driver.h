// The bundled parallel-port driver's interrupt-client interface: the framework face that takes
// internal device-control requests and the report-active/inactive calls, exactly as the state
// table in ../shared/spec/isr-contract.md says. Hardware is reached only through PortHardware.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <vector>

#include "contract_driver.h"
#include "port_hardware.h"

namespace driver {

class PortDriver final : public ContractDriver, private InterruptSink {
public:
    explicit PortDriver(PortHardware& port);
    ~PortDriver() override;

    PortDriver(const PortDriver&) = delete;
    PortDriver& operator=(const PortDriver&) = delete;

    void dispatch(contract::InternalDeviceControlRequest& request) override;
    contract::NtStatus reportInterruptActive(
        const contract::IO_REPORT_INTERRUPT_ACTIVE_STATE_PARAMETERS& parameters) override;
    contract::NtStatus reportInterruptInactive(
        const contract::IO_REPORT_INTERRUPT_ACTIVE_STATE_PARAMETERS& parameters) override;
    std::optional<PortAllocator::AllocateResult> allocatePort() override;
    void setConnectEnabled(bool enabled) override;
    bool connectEnabled() const override;
    void beginRemoval() override;
    void endRemoval() override;
    bool removing() const override;

    ConnectionState state() const override { return connection_.state(); }
    std::vector<ClientInfo> clients() const override { return connection_.clients(); }
    contract::KINTERRUPT* currentInterruptObject() const override {
        return connection_.currentObject();
    }
    DriverCounters counters() const override;
    std::vector<RequestLogEntry> requestLog(std::size_t count) const override;
    int allocationsWaiting() const override { return allocator_.waiting(); }
    bool portAllocated() const override { return allocator_.allocated(); }
    void setObserver(InterruptObserver* observer) override { connection_.setObserver(observer); }

    bool usesMembarrier() const { return connection_.usesMembarrier(); }
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
