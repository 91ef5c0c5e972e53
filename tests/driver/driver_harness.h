// Requests and client routines for driver tests, written the way a client driver would issue them.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <vector>

#include "contract/parallel.h"
#include "contract/request.h"
#include "port_driver.h"

namespace testing_support {

using contract::NtStatus;

inline constexpr std::uint32_t kIsrSize = sizeof(contract::PARALLEL_INTERRUPT_SERVICE_ROUTINE);
inline constexpr std::uint32_t kInfoSize = sizeof(contract::PARALLEL_INTERRUPT_INFORMATION);

// Records the order in which routines ran across clients.
struct CallLog {
    std::mutex mutex;
    std::vector<int> order;
    void add(int id) {
        std::lock_guard lock(mutex);
        order.push_back(id);
    }
    std::vector<int> take() {
        std::lock_guard lock(mutex);
        return std::exchange(order, {});
    }
};

// A client ISR context: counts its calls, answers `claims`, appends its id to a shared log.
struct TestClient {
    int id = 0;
    bool claims = true;
    CallLog* log = nullptr;
    std::atomic<int> calls{0};
    std::atomic<int> deferred_calls{0};
    contract::KINTERRUPT* last_object = nullptr;

    static bool routine(contract::KINTERRUPT* interrupt, void* context) {
        auto* self = static_cast<TestClient*>(context);
        self->calls.fetch_add(1);
        self->last_object = interrupt;
        if (self->log != nullptr) {
            self->log->add(self->id);
        }
        return self->claims;
    }
    static void deferred(void* context) {
        auto* self = static_cast<TestClient*>(context);
        self->deferred_calls.fetch_add(1);
        if (self->log != nullptr) {
            self->log->add(-self->id);
        }
    }

    contract::PARALLEL_INTERRUPT_SERVICE_ROUTINE service(bool with_deferred = false) {
        return {&routine, this, with_deferred ? &deferred : nullptr,
                with_deferred ? this : nullptr};
    }
};

struct Completion {
    NtStatus status;
    std::uintptr_t information;
    contract::PARALLEL_INTERRUPT_INFORMATION output{};
};

inline Completion connect(driver::PortDriver& d,
                          const contract::PARALLEL_INTERRUPT_SERVICE_ROUTINE& input,
                          std::uint32_t in_len = kIsrSize, std::uint32_t out_len = kInfoSize) {
    contract::InternalDeviceControlRequest irp(contract::IOCTL_INTERNAL_PARALLEL_CONNECT_INTERRUPT,
                                               in_len, out_len);
    irp.setInput(input);
    d.dispatch(irp);
    Completion c{irp.ioStatus().Status, irp.ioStatus().Information, {}};
    if (auto out = irp.readOutput<contract::PARALLEL_INTERRUPT_INFORMATION>()) {
        c.output = *out;
    }
    return c;
}

inline Completion disconnect(driver::PortDriver& d,
                             const contract::PARALLEL_INTERRUPT_SERVICE_ROUTINE& input,
                             std::uint32_t in_len = kIsrSize) {
    contract::InternalDeviceControlRequest irp(
        contract::IOCTL_INTERNAL_PARALLEL_DISCONNECT_INTERRUPT, in_len, 0);
    irp.setInput(input);
    d.dispatch(irp);
    return {irp.ioStatus().Status, irp.ioStatus().Information, {}};
}

inline Completion rawRequest(driver::PortDriver& d, std::uint32_t code, std::uint32_t in_len = 0,
                             std::uint32_t out_len = 0) {
    contract::InternalDeviceControlRequest irp(code, in_len, out_len);
    d.dispatch(irp);
    return {irp.ioStatus().Status, irp.ioStatus().Information, {}};
}

inline Completion freePort(driver::PortDriver& d) {
    return rawRequest(d, contract::IOCTL_INTERNAL_PARALLEL_PORT_FREE);
}

inline contract::IO_REPORT_INTERRUPT_ACTIVE_STATE_PARAMETERS reportParameters(
    contract::KINTERRUPT* object, std::uint32_t version = contract::CONNECT_LINE_BASED) {
    contract::IO_REPORT_INTERRUPT_ACTIVE_STATE_PARAMETERS p{};
    p.Version = version;
    p.ConnectionContext.InterruptObject = object;
    return p;
}

inline NtStatus reportInactive(driver::PortDriver& d) {
    return d.reportInterruptInactive(reportParameters(d.currentInterruptObject()));
}

inline NtStatus reportActive(driver::PortDriver& d) {
    return d.reportInterruptActive(reportParameters(d.currentInterruptObject()));
}

}  // namespace testing_support
