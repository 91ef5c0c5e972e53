#include "host_interrupts.h"

#include <cctype>
#include <fstream>
#include <sstream>
#include <string>

namespace engine {

std::optional<std::uint64_t> interruptCountIn(std::string_view proc_interrupts, int irq) {
    if (irq < 0) {
        return std::nullopt;
    }
    const std::string label = std::to_string(irq) + ":";
    std::istringstream lines{std::string(proc_interrupts)};
    std::string line;
    std::getline(lines, line);  // the CPU header
    while (std::getline(lines, line)) {
        std::istringstream fields(line);
        std::string first;
        fields >> first;
        if (first != label) {
            continue;
        }
        // One count per CPU column, then the controller and the handlers' names.
        std::uint64_t total = 0;
        std::string field;
        while (fields >> field && std::isdigit(static_cast<unsigned char>(field[0]))) {
            total += std::stoull(field);
        }
        return total;
    }
    return std::nullopt;
}

std::optional<std::uint64_t> hostInterruptCount(int irq) {
    std::ifstream file("/proc/interrupts");
    if (!file) {
        return std::nullopt;
    }
    std::ostringstream text;
    text << file.rdbuf();
    return interruptCountIn(text.str(), irq);
}

}  // namespace engine
