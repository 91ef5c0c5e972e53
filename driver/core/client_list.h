// The connected client ISRs, in connection order, as the interrupt path sees them.
//
// Clients live in a fixed table of slots (nothing is allocated after construction, on either
// path). The interrupt path reads an immutable list of slot references that the request path
// republishes on every change, double-buffered: a new list is written into the spare buffer,
// published, and the gate is synchronised, after which the old buffer is free to reuse.
//
// A slot's generation changes when its client is retired (after the grace period). A list entry
// carries the generation it was published with, so a call through a stale list is detectable:
// the interrupt path counts it as a contract violation instead of calling a disconnected routine.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "contract/parallel.h"
#include "interrupt_gate.h"
#include "single_writer_counter.h"

namespace driver {

inline constexpr std::size_t kMaxClients = 64;

struct ClientRegistration {
    contract::PPARALLEL_INTERRUPT_ROUTINE routine = nullptr;
    void* context = nullptr;
    contract::PPARALLEL_DEFERRED_ROUTINE deferred_routine = nullptr;
    void* deferred_context = nullptr;
};

// One cache line that the interrupt path only reads and one that only it writes, so that a request
// reading the counts or rewriting a free slot never takes the line the interrupt path writes.
struct ClientSlot {
    // Read by the interrupt path; written by the request path while no published list holds it.
    alignas(64) std::atomic<contract::PPARALLEL_INTERRUPT_ROUTINE> routine{nullptr};
    std::atomic<void*> context{nullptr};
    std::atomic<std::uint32_t> generation{0};
    // Request path only.
    bool in_use = false;
    ClientRegistration registration;
    // Written by the interrupt path: each call counts once, under what the routine returned
    // ([0] false, [1] true); calls are their sum.
    alignas(64) std::array<hwbridge::SingleWriterCounter, 2> returned;

    std::uint64_t returnedTrue() const { return returned[1].read(); }
    // Read false first: a concurrent reader never sees more returned_true than calls.
    std::uint64_t calls() const {
        const std::uint64_t returned_false = returned[0].read();
        return returned_false + returned[1].read();
    }
};

struct ClientRef {
    ClientSlot* slot = nullptr;
    std::uint32_t generation = 0;
};

struct alignas(64) ClientList {
    std::size_t count = 0;
    std::array<ClientRef, kMaxClients> entries{};
};

// What a request sees of one connected client.
struct ClientInfo {
    ClientRegistration registration;
    std::uint64_t calls = 0;
    std::uint64_t returned_true = 0;
};

class ClientTable {
public:
    explicit ClientTable(hwbridge::InterruptGate& gate) : gate_(gate) {}

    ClientTable(const ClientTable&) = delete;
    ClientTable& operator=(const ClientTable&) = delete;

    // Interrupt path.
    const ClientList& published() const noexcept {
        return *published_.load(std::memory_order_acquire);
    }

    // Request path (serialised by the caller). Each change returns after the grace period.
    bool append(const ClientRegistration& registration);  // false: no free slot
    // Removes the first entry, in connection order, with this (routine, context) pair.
    bool removeFirst(contract::PPARALLEL_INTERRUPT_ROUTINE routine, void* context);
    std::size_t size() const { return published_.load(std::memory_order_relaxed)->count; }
    std::vector<ClientInfo> clients() const;

    // Fault injection for the contract monitor's own test: publish without waiting.
    void setSkipGracePeriod(bool skip) { skip_grace_period_ = skip; }

private:
    std::optional<std::uint16_t> findFreeSlot() const;
    void publish(const ClientList& next);

    hwbridge::InterruptGate& gate_;
    std::array<ClientSlot, kMaxClients> slots_;
    std::array<ClientList, 2> buffers_{};
    std::atomic<const ClientList*> published_{&buffers_[0]};
    bool skip_grace_period_ = false;
};

}  // namespace driver
