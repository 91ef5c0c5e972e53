// The run's requester: carries out the scenario's life-cycle steps as a client driver would,
// through the port driver's request interface (CONNECT / DISCONNECT for every ISR of the
// scenario, REPORT INACTIVE / ACTIVE on the interrupt object the connect returned, PORT_FREE).
// The built-in routines watch the contract from the outside (routines/builtin_routines.h).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "contract/ntstatus.h"
#include "contract_driver.h"
#include "isr_client.h"
#include "scenario.h"

namespace engine {

class LifeCycleRequests {
public:
    // Which DISCONNECTs to send: a run disconnects what it connected; the live bench sends one
    // per ISR whatever the state, so that the contract's answer (row 7, row 8) is seen.
    enum class DisconnectPolicy { ConnectedOnly, EveryIsr };

    LifeCycleRequests(driver::ContractDriver& driver, const routines::ClientFactory& make_client,
                      const std::vector<IsrSpec>& isrs,
                      DisconnectPolicy policy = DisconnectPolicy::ConnectedOnly);
    ~LifeCycleRequests();

    LifeCycleRequests(const LifeCycleRequests&) = delete;
    LifeCycleRequests& operator=(const LifeCycleRequests&) = delete;

    // The first status that was not SUCCESS, or SUCCESS.
    contract::NtStatus carryOut(StepKind step);
    // Disconnects whatever is still connected (the end of a run).
    void disconnectAll();
    // Calls the routines saw while disconnected or reported inactive.
    std::uint64_t clientViolations() const;

private:
    contract::NtStatus connectAll();
    contract::NtStatus disconnectConnected(DisconnectPolicy policy);
    contract::NtStatus report(bool active);
    contract::NtStatus freePort();

    driver::ContractDriver& driver_;
    const DisconnectPolicy policy_;
    // Declared before the clients are used by the driver, destroyed after every disconnect.
    routines::RequesterView requester_;
    std::vector<std::unique_ptr<routines::IsrClient>> clients_;
    contract::KINTERRUPT* interrupt_object_ = nullptr;
};

}  // namespace engine
