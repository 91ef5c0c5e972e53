#include "devices_command.h"

#include <cstdio>
#include <cstdlib>
#include <ostream>
#include <string>

#include "codec.h"
#include "command_line.h"
#include "fixture_client.h"
#include "parallel_port_discovery.h"
#include "usb_discovery.h"
#include "virtual_fixture.h"

namespace cli {
namespace {

std::string firmware(std::uint16_t version) {
    return std::to_string(version >> 8) + "." + std::to_string(version & 0xFF);
}

void printRow(std::ostream& out, const std::string& kind, const std::string& serial,
              const std::string& version, const std::string& bus, const std::string& capabilities,
              const std::string& where) {
    char line[512];
    std::snprintf(line, sizeof line, "%-8s %-16s %-9s %-16s %-56s %s\n", kind.c_str(),
                  serial.c_str(), version.c_str(), bus.c_str(), capabilities.c_str(),
                  where.c_str());
    out << line;
}

// The virtual fixture answers through the same client API a USB one does.
void printVirtual(std::ostream& out) {
    hwbridge::VirtualFixture fixture;
    hwbridge::FixtureClient client(fixture);
    const auto info = client.info();
    const auto identity = fixture.identity();
    printRow(
        out, "virtual", identity.serial, info.ok() ? firmware(info.value->firmware_version) : "?",
        identity.bus_speed,
        info.ok() ? hwbridge::codec::capabilityNames(info.value->capabilities) : info.error.text(),
        std::string(hwbridge::VirtualFixture::kLabel) + " (simulated)");
}

// A real parallel port, once per way of using it (ppdev, the kernel module): IRQ and base
// address in the BUS column, the kernel's mode list as capabilities, and what is in the way.
void printParallelPort(std::ostream& out, const driver::FoundParallelPort& port) {
    std::string bus = port.irq >= 0 ? "irq " + std::to_string(port.irq) : "no irq";
    if (!port.base.empty()) {
        bus += " " + port.base;
    }
    printRow(out, driver::accessName(port.access), port.port, "-", bus,
             port.modes.empty() ? "?" : port.modes,
             port.device + (port.usable() ? ": ready" : ": " + port.problem));
}

}  // namespace

void printParallelPorts(std::ostream& out, const std::string& root) {
    const driver::ParallelPortScan scan = driver::discoverParallelPorts(root);
    for (const auto& port : scan.ports) {
        printParallelPort(out, port);
    }
    if (!scan.note.empty()) {
        out << scan.note << '\n';
    }
}

int runDevices(std::ostream& out, std::uint16_t product_id) {
    printRow(out, "KIND", "ID", "FIRMWARE", "BUS", "CAPABILITIES", "WHERE");
    printVirtual(out);
    const auto usb = hwbridge::discoverUsbFixtures(product_id);
    for (const auto& found : usb.fixtures) {
        const auto& id = found.identity;
        printRow(
            out, "usb", id.serial.empty() ? "?" : id.serial,
            found.info ? firmware(found.info->firmware_version) : "?", id.bus_speed,
            found.info ? hwbridge::codec::capabilityNames(found.info->capabilities) : found.problem,
            id.location);
    }
    char pid[8];
    std::snprintf(pid, sizeof pid, "%04x", product_id);
    if (!usb.error.empty()) {
        out << "No USB fixtures listed: " << usb.error << '\n';
    } else if (usb.fixtures.empty()) {
        out << "No USB fixture (1209:" << pid << ") is plugged in.\n";
    }
    printParallelPorts(out, {});
    return 0;
}

int runDevicesCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    CommandLine line("devices", "[--pid ID]",
                     "The fixtures this machine can use: the virtual fixture and USB fixtures, "
                     "with serial, firmware, bus speed and capabilities; then each parallel port "
                     "twice, through ppdev (/dev/parportN) and through the kernel module "
                     "(/dev/isrbench-parportN), with its IRQ and what is in the way.");
    line.option({"pid"}, "the USB product ID of the fixtures (default 0x000a, vendor 0x1209)",
                "ID");
    if (const auto outcome = line.parse(args, out, err); outcome != CommandLine::Outcome::Proceed) {
        return CommandLine::exitStatusOf(outcome);
    }
    std::uint16_t product_id = hwbridge::wire::kDefaultProductId;
    if (line.isSet("pid")) {
        const std::string text = line.value("pid");
        char* end = nullptr;
        const unsigned long value = std::strtoul(text.c_str(), &end, 0);
        if (text.empty() || *end != '\0' || value > 0xFFFF) {
            return line.refuse("--pid takes a 16-bit product ID like 0x000a, not '" + text + "'",
                               err);
        }
        product_id = static_cast<std::uint16_t>(value);
    }
    return runDevices(out, product_id);
}

}  // namespace cli
