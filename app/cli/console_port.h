// What `isrbench console` talks to: a port driver, the clients it makes for it, and the port's
// stimulus and hardware settings. The virtual port with the user-space driver, or the kernel
// module on a real port: the same requests get the same answers from both.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "contract_driver.h"
#include "isr_client.h"
#include "loopback_plug.h"
#include "pulse_source.h"

namespace cli {

class ConsolePort {
public:
    virtual ~ConsolePort() = default;

    virtual driver::ContractDriver& driver() = 0;
    virtual routines::ClientFactory clientFactory() = 0;
    virtual std::string sourceLabel() const = 0;

    // One stimulus edge through the plug, with IRQ enable set first where the port needs it.
    virtual driver::Pulse pulse() = 0;
    virtual std::uint64_t lastStimulusHandled() const = 0;
    // Response edges the plug carried back; empty where the port cannot see them.
    virtual std::optional<std::uint64_t> responseEdges() const = 0;

    // The hardware goes away (the driver sees a removal, row 18) and comes back.
    virtual void remove() = 0;
    virtual void reattach() = 0;

    // `configure`'s hardware fields; a port without such a setting throws ConsoleError.
    virtual hwbridge::spp::LoopbackWiring wiring() const = 0;
    virtual void setWiring(hwbridge::spp::LoopbackWiring wiring) = 0;
    virtual bool interruptLine() const = 0;
    virtual void setInterruptLine(bool present) = 0;
};

}  // namespace cli
