// The built-in client ISRs of the user-space driver, by name: responder (toggles D0, returns
// true), counter (returns true), decliner (returns false). The driver sees a stable pointer to
// the BuiltinClient as InterruptServiceContext.
//
// Each client also watches the contract from the outside, the way a real client would notice a
// bug: it knows when its own DISCONNECT and the REPORT INACTIVE it asked for have returned, and
// counts any call that arrives after that as a violation.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include "isr_client.h"
#include "port_hardware.h"

namespace routines {

class BuiltinClient final : public IsrClient {
public:
    BuiltinClient(std::string routine_name, std::int64_t context, driver::PortHardware& port,
                  const RequesterView& requester);

    contract::PARALLEL_INTERRUPT_SERVICE_ROUTINE serviceRoutine(bool with_deferred) override;
    ClientObservations observations() const override;

    // The factory for clients on `port`.
    static ClientFactory factoryFor(driver::PortHardware& port);

private:
    static bool responder(contract::KINTERRUPT* interrupt, void* context);
    static bool counter(contract::KINTERRUPT* interrupt, void* context);
    static bool decliner(contract::KINTERRUPT* interrupt, void* context);
    static void deferredPortCheck(void* context);
    void recordCall();

    driver::PortHardware& port_;
    const RequesterView& requester_;
    std::atomic<std::uint64_t> calls_{0};
    std::atomic<std::uint64_t> deferred_calls_{0};
    std::atomic<std::uint64_t> violations_{0};
};

}  // namespace routines
