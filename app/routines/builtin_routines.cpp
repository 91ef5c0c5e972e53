#include "builtin_routines.h"

namespace routines {

BuiltinClient::BuiltinClient(std::string routine_name, std::int64_t context,
                             driver::PortHardware& port, const RequesterView& requester)
    : IsrClient(std::move(routine_name), context), port_(port), requester_(requester) {}

ClientFactory BuiltinClient::factoryFor(driver::PortHardware& port) {
    return [&port](const std::string& routine, std::int64_t context,
                   const RequesterView& requester) -> std::unique_ptr<IsrClient> {
        return std::make_unique<BuiltinClient>(routine, context, port, requester);
    };
}

contract::PARALLEL_INTERRUPT_SERVICE_ROUTINE BuiltinClient::serviceRoutine(bool with_deferred) {
    contract::PPARALLEL_INTERRUPT_ROUTINE routine = &counter;
    if (routineName() == "responder") {
        routine = &responder;
    } else if (routineName() == "decliner") {
        routine = &decliner;
    }
    return {routine, this, with_deferred ? &deferredPortCheck : nullptr,
            with_deferred ? this : nullptr};
}

// Single writer (the port's interrupt context), so plain load + store suffices for the counts.
void BuiltinClient::recordCall() {
    calls_.store(calls_.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
    const bool disconnected = connections() == 0;
    const bool inactive = requester_.inactive_reported.load(std::memory_order_acquire);
    if (disconnected || inactive) {
        violations_.store(violations_.load(std::memory_order_relaxed) + 1,
                          std::memory_order_relaxed);
    }
}

// Answers the interrupt by toggling D0, which the loopback plug carries back to nError.
bool BuiltinClient::responder(contract::KINTERRUPT*, void* context) {
    auto* self = static_cast<BuiltinClient*>(context);
    self->recordCall();
    const std::uint8_t data = self->port_.readRegister(driver::SppRegister::Data);
    self->port_.writeRegister(driver::SppRegister::Data, static_cast<std::uint8_t>(data ^ 0x01));
    return true;
}

bool BuiltinClient::counter(contract::KINTERRUPT*, void* context) {
    static_cast<BuiltinClient*>(context)->recordCall();
    return true;
}

bool BuiltinClient::decliner(contract::KINTERRUPT*, void* context) {
    static_cast<BuiltinClient*>(context)->recordCall();
    return false;
}

void BuiltinClient::deferredPortCheck(void* context) {
    static_cast<BuiltinClient*>(context)->deferred_calls_.fetch_add(1, std::memory_order_relaxed);
}

ClientObservations BuiltinClient::observations() const {
    return {calls_.load(std::memory_order_relaxed), deferred_calls_.load(std::memory_order_relaxed),
            violations_.load(std::memory_order_relaxed)};
}

}  // namespace routines
