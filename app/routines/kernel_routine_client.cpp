#include "kernel_routine_client.h"

namespace routines {

KernelRoutineClient::KernelRoutineClient(std::string routine_name, std::int64_t context,
                                         const driver::KernelPortDriver& driver)
    : IsrClient(std::move(routine_name), context),
      driver_(driver),
      routine_id_(driver::KernelPortDriver::routineId(routineName()).value_or(0)) {}

contract::PARALLEL_INTERRUPT_SERVICE_ROUTINE KernelRoutineClient::serviceRoutine(
    bool with_deferred) {
    return driver::KernelPortDriver::routineServiceFields(routine_id_, context(), with_deferred);
}

ClientObservations KernelRoutineClient::observations() const {
    const driver::KernelObservation seen = driver_.observation(routine_id_, context());
    return {seen.calls, seen.deferred_calls, seen.violations};
}

ClientFactory KernelRoutineClient::factoryFor(const driver::KernelPortDriver& driver) {
    return [&driver](const std::string& routine, std::int64_t context,
                     const RequesterView&) -> std::unique_ptr<IsrClient> {
        return std::make_unique<KernelRoutineClient>(routine, context, driver);
    };
}

}  // namespace routines
