// The console on the kernel module (`isrbench console --port kernel`): a real parallel port, the
// module's driver and its built-in routines. The plug is the CheckIt one (the module pulses
// nInit); the interrupt line is the port's own.
#pragma once

#include <string>

#include "console_port.h"
#include "kernel_port_driver.h"

namespace cli {

class KernelConsolePort final : public ConsolePort {
public:
    // Throws driver::KernelDriverError saying why the device cannot be opened.
    explicit KernelConsolePort(const std::string& device);

    driver::ContractDriver& driver() override { return driver_; }
    routines::ClientFactory clientFactory() override;
    std::string sourceLabel() const override { return driver_.label(); }
    driver::Pulse pulse() override { return driver_.pulseStimulus(0); }
    std::uint64_t lastStimulusHandled() const override { return driver_.lastStimulusHandled(); }
    std::optional<std::uint64_t> responseEdges() const override { return std::nullopt; }
    void remove() override { driver_.beginRemoval(); }
    void reattach() override { driver_.endRemoval(); }
    hwbridge::spp::LoopbackWiring wiring() const override {
        return hwbridge::spp::LoopbackWiring::CheckIt;
    }
    void setWiring(hwbridge::spp::LoopbackWiring wiring) override;
    bool interruptLine() const override { return driver_.irq() >= 0; }
    void setInterruptLine(bool present) override;

private:
    driver::KernelPortDriver driver_;
};

}  // namespace cli
