#include "interrupt_connection.h"

#include "monotonic_clock.h"

namespace driver {
namespace {

// Interrupt objects are opaque tokens, never dereferenced: a driver instance id and a connection
// number. A stale object (an earlier connection) or a foreign one (another port) never compares
// equal to the current one, and holding one after disconnect is harmless.
std::uint64_t nextInstanceId() {
    static std::atomic<std::uint64_t> next{1};
    return next.fetch_add(1, std::memory_order_relaxed);
}

contract::KINTERRUPT* makeObjectToken(std::uint64_t instance, std::uint64_t connection) {
    const std::uintptr_t token = (instance << 32) | ((connection & 0x0FFFFFFF) << 4) | 0x8;
    return reinterpret_cast<contract::KINTERRUPT*>(token);
}

}  // namespace

InterruptConnection::InterruptConnection() : instance_id_(nextInstanceId()) {}

// Row 14 [ours]: every connected routine is called, in connection order, whatever the earlier
// ones returned (the documentation's reading; Microsoft's driver stops at the first true).
inline InterruptConnection::CallTally InterruptConnection::callClients(
    const ClientList& list, contract::KINTERRUPT* object) noexcept {
    CallTally tally;
    for (std::size_t i = 0; i < list.count; ++i) {
        const ClientRef ref = list.entries[i];
        ClientSlot& slot = clients_.slot(ref.slot);
        const bool retired = slot.generation.load(std::memory_order_relaxed) != ref.generation;
        if (retired || inactive_confirmed_.load(std::memory_order_relaxed)) {
            violations_.increment();
            ++tally.violations;
            continue;
        }
        const auto routine = slot.routine.load(std::memory_order_relaxed);
        const bool claimed = routine(object, slot.context.load(std::memory_order_relaxed));
        slot.calls.increment();
        ++tally.called;
        if (claimed) {
            slot.returned_true.increment();
            ++tally.returned_true;
        }
    }
    return tally;
}

// The record is only assembled when an observer wants it: copying the edge and taking the t_isr
// timestamp are most of the cost of an unobserved dispatch.
void InterruptConnection::dispatch(const InterruptEdge& edge) noexcept {
    InterruptObserver* const observer = observer_.load(std::memory_order_acquire);
    InterruptClass outcome;
    std::int64_t t_isr_ns = 0;
    CallTally tally;

    gate_.enter();
    const ClientList& list = clients_.published();
    if (list.count == 0) {
        outcome = InterruptClass::Unclaimed;
        unclaimed_.increment();
    } else if (!active_.load(std::memory_order_acquire)) {
        outcome = InterruptClass::Suppressed;
        suppressed_.increment();
    } else {
        outcome = InterruptClass::Serviced;
        if (observer != nullptr) {
            t_isr_ns = monotonicNowNs();
        }
        tally = callClients(list, object_.load(std::memory_order_relaxed));
        serviced_.increment();
        if (tally.returned_true == 0) {
            declined_.increment();
        }
    }
    gate_.exit();

    if (observer != nullptr) {
        observer->onInterruptHandled({edge, t_isr_ns, outcome,
                                      static_cast<std::uint8_t>(tally.called),
                                      static_cast<std::uint8_t>(tally.returned_true),
                                      static_cast<std::uint8_t>(tally.violations)});
    }
}

void InterruptConnection::synchronize() {
    if (!skip_grace_period_) {
        gate_.synchronize();
    }
}

bool InterruptConnection::connect(const ClientRegistration& registration) {
    const bool first = clients_.size() == 0;
    if (first) {
        // [doc] after connecting, the connection is active. Set before the list is published so
        // that the first interrupt to see a client also sees the state.
        object_.store(makeObjectToken(instance_id_, ++connections_made_),
                      std::memory_order_relaxed);
        inactive_confirmed_.store(false, std::memory_order_relaxed);
        active_.store(true, std::memory_order_relaxed);
    }
    return clients_.append(registration);
}

bool InterruptConnection::disconnect(contract::PPARALLEL_INTERRUPT_ROUTINE routine, void* context) {
    if (!clients_.removeFirst(routine, context)) {
        return false;
    }
    if (clients_.size() == 0) {
        // The last client disconnects the port's interrupt: the object becomes stale.
        object_.store(nullptr, std::memory_order_relaxed);
        active_.store(false, std::memory_order_relaxed);
    }
    return true;
}

void InterruptConnection::reportInactive() {
    active_.store(false, std::memory_order_release);
    synchronize();
    inactive_confirmed_.store(true, std::memory_order_relaxed);
}

void InterruptConnection::reportActive() {
    inactive_confirmed_.store(false, std::memory_order_relaxed);
    active_.store(true, std::memory_order_release);
}

bool InterruptConnection::isCurrentObject(const contract::KINTERRUPT* object) const {
    const auto* current = object_.load(std::memory_order_relaxed);
    return current != nullptr && object == current;
}

ConnectionState InterruptConnection::state() const {
    if (clients_.size() == 0) {
        return ConnectionState::NoClient;
    }
    return active_.load(std::memory_order_relaxed) ? ConnectionState::ConnectedActive
                                                   : ConnectionState::ConnectedInactive;
}

InterruptCounts InterruptConnection::counts() const {
    InterruptCounts c;
    c.serviced = serviced_.read();
    c.suppressed = suppressed_.read();
    c.unclaimed = unclaimed_.read();
    c.violations = violations_.read();
    c.declined = declined_.read();
    c.interrupts = c.classified();  // each interrupt ends in exactly one class
    return c;
}

void InterruptConnection::setSkipGracePeriod(bool skip) {
    skip_grace_period_ = skip;
    clients_.setSkipGracePeriod(skip);
}

}  // namespace driver
