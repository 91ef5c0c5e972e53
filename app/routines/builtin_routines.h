// The built-in client ISRs, by name (the console and the run engine connect them). Each (name, context) pair is one client: the driver sees a
// stable pointer to its BuiltinClient as InterruptServiceContext, so connecting the same pair
// twice makes the duplicates of contract row 5, and the pair is the disconnect key of row 8.
//
// Each client also watches the contract from the outside, the way a real client would notice a
// bug: it knows when its own DISCONNECT and the REPORT INACTIVE it asked for have returned, and
// counts any call that arrives after that as a violation.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "contract/parallel.h"
#include "port_hardware.h"

namespace routines {

struct ClientObservations {
    std::uint64_t calls = 0;
    std::uint64_t deferred_calls = 0;
    std::uint64_t violations = 0;
};

// What the requester knows about the connection, shared by all clients of one port.
struct RequesterView {
    std::atomic<bool> inactive_reported{false};  // REPORT INACTIVE returned, no REPORT ACTIVE since
};

class BuiltinClient {
public:
    BuiltinClient(std::string routine_name, std::int64_t context, driver::PortHardware& port,
                  const RequesterView& requester);

    const std::string& routineName() const { return routine_name_; }
    std::int64_t context() const { return context_; }
    std::string key() const { return routine_name_ + ":" + std::to_string(context_); }

    contract::PARALLEL_INTERRUPT_SERVICE_ROUTINE serviceRoutine(bool with_deferred);

    // The requester's bookkeeping around CONNECT / DISCONNECT.
    void connectionAdded() { connections_.fetch_add(1, std::memory_order_acq_rel); }
    void connectionRemoved() { connections_.fetch_sub(1, std::memory_order_acq_rel); }
    int connections() const { return connections_.load(std::memory_order_acquire); }

    ClientObservations observations() const;

private:
    static bool responder(contract::KINTERRUPT* interrupt, void* context);
    static bool counter(contract::KINTERRUPT* interrupt, void* context);
    static bool decliner(contract::KINTERRUPT* interrupt, void* context);
    static void deferredPortCheck(void* context);
    void recordCall();

    std::string routine_name_;
    std::int64_t context_;
    driver::PortHardware& port_;
    const RequesterView& requester_;
    std::atomic<int> connections_{0};
    std::atomic<std::uint64_t> calls_{0};
    std::atomic<std::uint64_t> deferred_calls_{0};
    std::atomic<std::uint64_t> violations_{0};
};

// The names the console accepts, for validation and --help.
const std::vector<std::string_view>& builtinRoutineNames();
bool isBuiltinRoutine(std::string_view name);

}  // namespace routines
