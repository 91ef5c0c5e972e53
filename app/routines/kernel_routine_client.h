// A client naming one of the kernel module's built-in routines (driver/kmod): the module's
// interrupt handler calls it, and what it observed is the module's count for the pair.
#pragma once

#include <cstdint>
#include <string>

#include "isr_client.h"
#include "kernel_port_driver.h"

namespace routines {

class KernelRoutineClient final : public IsrClient {
public:
    KernelRoutineClient(std::string routine_name, std::int64_t context,
                        const driver::KernelPortDriver& driver);

    contract::PARALLEL_INTERRUPT_SERVICE_ROUTINE serviceRoutine(bool with_deferred) override;
    ClientObservations observations() const override;

    static ClientFactory factoryFor(const driver::KernelPortDriver& driver);

private:
    const driver::KernelPortDriver& driver_;
    std::uint64_t routine_id_;
};

}  // namespace routines
