#include "client_list.h"

namespace driver {

std::optional<std::uint16_t> ClientTable::findFreeSlot() const {
    for (std::uint16_t i = 0; i < slots_.size(); ++i) {
        if (!slots_[i].in_use) {
            return i;
        }
    }
    return std::nullopt;
}

void ClientTable::publish(const ClientList& next) {
    const ClientList* current = published_.load(std::memory_order_relaxed);
    ClientList* spare = current == &buffers_[0] ? &buffers_[1] : &buffers_[0];
    *spare = next;
    published_.store(spare, std::memory_order_release);
    if (!skip_grace_period_) {
        gate_.synchronize();
    }
}

bool ClientTable::append(const ClientRegistration& registration) {
    const auto free_slot = findFreeSlot();
    if (!free_slot) {
        return false;
    }
    ClientSlot& slot = slots_[*free_slot];
    slot.registration = registration;
    slot.in_use = true;
    slot.returned[0].reset();
    slot.returned[1].reset();
    slot.routine.store(registration.routine, std::memory_order_relaxed);
    slot.context.store(registration.context, std::memory_order_relaxed);

    ClientList next = published();
    next.entries[next.count++] = {&slot, slot.generation.load(std::memory_order_relaxed)};
    publish(next);
    return true;
}

bool ClientTable::removeFirst(contract::PPARALLEL_INTERRUPT_ROUTINE routine, void* context) {
    const ClientList& current = published();
    ClientList next;
    bool removed = false;
    ClientSlot* removed_slot = nullptr;
    for (std::size_t i = 0; i < current.count; ++i) {
        const ClientRef ref = current.entries[i];
        const ClientRegistration& reg = ref.slot->registration;
        if (!removed && reg.routine == routine && reg.context == context) {
            removed = true;
            removed_slot = ref.slot;
            continue;
        }
        next.entries[next.count++] = ref;
    }
    if (!removed) {
        return false;
    }
    publish(next);
    // The grace period is over: no dispatch holds a list with this client any more. A new
    // generation makes any call through a stale list a detectable violation.
    ClientSlot& slot = *removed_slot;
    slot.generation.store(slot.generation.load(std::memory_order_relaxed) + 1,
                          std::memory_order_relaxed);
    slot.in_use = false;
    return true;
}

std::vector<ClientInfo> ClientTable::clients() const {
    const ClientList& list = *published_.load(std::memory_order_acquire);
    std::vector<ClientInfo> result;
    result.reserve(list.count);
    for (std::size_t i = 0; i < list.count; ++i) {
        const ClientSlot& slot = *list.entries[i].slot;
        result.push_back({slot.registration, slot.calls(), slot.returnedTrue()});
    }
    return result;
}

}  // namespace driver
