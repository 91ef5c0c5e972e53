// The port's single interrupt connection (the "interrupt object" of the contract): connected by
// the first client, disconnected by the last, active or inactive, and the dispatch of each
// interrupt to the connected client ISRs.
#pragma once

#include <atomic>
#include <cstdint>

#include "client_list.h"
#include "contract/parallel.h"
#include "interrupt_gate.h"
#include "interrupt_record.h"
#include "single_writer_counter.h"

namespace driver {

enum class ConnectionState : std::uint8_t { NoClient, ConnectedActive, ConnectedInactive };

constexpr const char* stateAbbreviation(ConnectionState state) {
    switch (state) {
        case ConnectionState::NoClient:
            return "NC";
        case ConnectionState::ConnectedActive:
            return "CA";
        case ConnectionState::ConnectedInactive:
            return "CI";
    }
    return "?";
}

class InterruptConnection {
public:
    InterruptConnection();

    InterruptConnection(const InterruptConnection&) = delete;
    InterruptConnection& operator=(const InterruptConnection&) = delete;

    // ---- interrupt path (single context) ----
    void dispatch(const InterruptEdge& edge) noexcept;

    // ---- request path (serialised by the caller) ----
    // Appends a client; the first one creates a new interrupt object, active [doc].
    bool connect(const ClientRegistration& registration);
    // Removes the first matching client; returns after no call to it can be in flight.
    bool disconnect(contract::PPARALLEL_INTERRUPT_ROUTINE routine, void* context);
    // Return after the state change is visible to every later interrupt.
    void reportActive();
    void reportInactive();

    bool isCurrentObject(const contract::KINTERRUPT* object) const;
    contract::KINTERRUPT* currentObject() const {
        return hot_.object.load(std::memory_order_relaxed);
    }
    static constexpr std::uint32_t version() { return contract::CONNECT_LINE_BASED; }
    ConnectionState state() const;
    std::vector<ClientInfo> clients() const { return clients_.clients(); }

    InterruptCounts counts() const;
    void setObserver(InterruptObserver* observer) {
        hot_.observer.store(observer, std::memory_order_release);
    }
    bool usesMembarrier() const { return gate_.usesMembarrier(); }
    void setSkipGracePeriod(bool skip);

private:
    // What one dispatch saw, for the observer's record.
    struct CallTally {
        std::uint32_t called = 0;
        std::uint32_t returned_true = 0;
        std::uint32_t violations = 0;
    };
    template <bool kObserved>
    [[gnu::always_inline]] inline InterruptClass handle(CallTally& tally,
                                                        std::int64_t& t_isr_ns) noexcept;
    template <bool kObserved>
    [[gnu::always_inline]] inline void callClient(const ClientRef& ref,
                                                  contract::KINTERRUPT* object,
                                                  CallTally& tally) noexcept;
    template <bool kObserved>
    [[gnu::noinline]] CallTally callClients(const ClientList& list,
                                            contract::KINTERRUPT* object) noexcept;
    [[gnu::noinline]] void dispatchObserved(const InterruptEdge& edge,
                                            InterruptObserver& observer) noexcept;
    void synchronize();

    // Read by every interrupt, written only by requests: a line of its own.
    struct alignas(64) ReadMostly {
        std::atomic<InterruptObserver*> observer{nullptr};
        std::atomic<contract::KINTERRUPT*> object{nullptr};
        std::atomic<bool> active{false};
        // Set once REPORT INACTIVE has returned, cleared before REPORT ACTIVE takes effect: a
        // call made while it is set breaks the contract.
        std::atomic<bool> inactive_confirmed{false};
    };
    // Written by every interrupt (one of the first three, and at most one of the last two),
    // read by counts() from anywhere.
    struct alignas(64) Counters {
        hwbridge::SingleWriterCounter serviced;
        hwbridge::SingleWriterCounter suppressed;
        hwbridge::SingleWriterCounter unclaimed;
        hwbridge::SingleWriterCounter violations;
        hwbridge::SingleWriterCounter declined;
    };

    ReadMostly hot_;
    Counters counters_;
    hwbridge::InterruptGate gate_;
    ClientTable clients_{gate_};
    const std::uint64_t instance_id_;
    std::uint64_t connections_made_ = 0;
    bool skip_grace_period_ = false;
};

}  // namespace driver
