// The console's default port: the virtual port (simulated loopback) with the user-space driver.
#pragma once

#include "console_port.h"
#include "port_driver.h"
#include "virtual_port.h"

namespace cli {

class VirtualConsolePort final : public ConsolePort {
public:
    VirtualConsolePort(hwbridge::spp::LoopbackWiring wiring, bool interrupt_line);

    driver::ContractDriver& driver() override { return driver_; }
    routines::ClientFactory clientFactory() override;
    std::string sourceLabel() const override { return driver::VirtualPort::kSourceLabel; }
    driver::Pulse pulse() override;
    std::uint64_t lastStimulusHandled() const override { return port_.lastStimulusHandled(); }
    std::optional<std::uint64_t> responseEdges() const override {
        return port_.counts().response_edges;
    }
    void remove() override;
    void reattach() override;
    hwbridge::spp::LoopbackWiring wiring() const override { return port_.wiring(); }
    void setWiring(hwbridge::spp::LoopbackWiring wiring) override { port_.setWiring(wiring); }
    bool interruptLine() const override { return port_.hasInterruptLine(); }
    void setInterruptLine(bool present) override { port_.setHasInterruptLine(present); }

private:
    // The driver is destroyed first; its destructor detaches from the port only once no ISR
    // call is in flight.
    driver::VirtualPort port_;
    driver::PortDriver driver_{port_};
};

}  // namespace cli
