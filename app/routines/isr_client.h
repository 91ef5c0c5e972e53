// One client ISR as its requester sees it: a (routine name, context) pair, the
// PARALLEL_INTERRUPT_SERVICE_ROUTINE that names it to the driver, and what it observed. Each pair
// is one client: connecting it twice makes the duplicates of contract row 5, and the pair is the
// disconnect key of row 8.
//
// Two kinds: a BuiltinClient runs in this process (the user-space driver calls it), a
// KernelRoutineClient names one of the kernel module's built-in routines, which the module's
// interrupt handler calls (its observations are the module's).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "client_list.h"
#include "contract/parallel.h"

namespace routines {

struct ClientObservations {
    std::uint64_t calls = 0;
    std::uint64_t deferred_calls = 0;
    std::uint64_t violations = 0;  // calls after its DISCONNECT or REPORT INACTIVE had returned
};

// What the requester knows about the connection, shared by all clients of one port.
struct RequesterView {
    std::atomic<bool> inactive_reported{false};  // REPORT INACTIVE returned, no REPORT ACTIVE since
};

class IsrClient {
public:
    IsrClient(std::string routine_name, std::int64_t context)
        : routine_name_(std::move(routine_name)), context_(context) {}
    virtual ~IsrClient() = default;

    IsrClient(const IsrClient&) = delete;
    IsrClient& operator=(const IsrClient&) = delete;

    const std::string& routineName() const { return routine_name_; }
    std::int64_t context() const { return context_; }
    std::string key() const { return routine_name_ + ":" + std::to_string(context_); }

    virtual contract::PARALLEL_INTERRUPT_SERVICE_ROUTINE serviceRoutine(bool with_deferred) = 0;
    virtual ClientObservations observations() const = 0;

    // Whether a connected client the driver lists is this one (the disconnect key of row 8).
    bool isConnection(const driver::ClientRegistration& registration);

    // The requester's bookkeeping around CONNECT / DISCONNECT.
    void connectionAdded() { connections_.fetch_add(1, std::memory_order_acq_rel); }
    void connectionRemoved() { connections_.fetch_sub(1, std::memory_order_acq_rel); }
    int connections() const { return connections_.load(std::memory_order_acquire); }

private:
    std::string routine_name_;
    std::int64_t context_;
    std::atomic<int> connections_{0};
};

// Makes the client for a (routine, context) pair on one driver; the name is already checked.
using ClientFactory = std::function<std::unique_ptr<IsrClient>(
    const std::string& routine, std::int64_t context, const RequesterView& requester)>;

// The names the console and scenarios accept, for validation and --help.
const std::vector<std::string_view>& builtinRoutineNames();
bool isBuiltinRoutine(std::string_view name);

}  // namespace routines
