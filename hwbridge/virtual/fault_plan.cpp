#include "fault_plan.h"

#include <cstdlib>
#include <string>

namespace hwbridge {

std::optional<FaultPlan> parseFaultPlan(std::string_view text) {
    FaultPlan plan;
    while (!text.empty()) {
        const auto comma = text.find(',');
        const std::string_view item = text.substr(0, comma);
        text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
        const auto equals = item.find('=');
        if (equals == std::string_view::npos) {
            return std::nullopt;
        }
        const std::string_view key = item.substr(0, equals);
        const std::string value(item.substr(equals + 1));
        char* end = nullptr;
        const double number = std::strtod(value.c_str(), &end);
        if (value.empty() || *end != '\0' || number < 0) {
            return std::nullopt;
        }
        const bool probability = key != "seed" && key != "miscount";
        if (probability && number > 1) {
            return std::nullopt;
        }
        if (key == "drop")
            plan.drop = number;
        else if (key == "duplicate")
            plan.duplicate = number;
        else if (key == "reorder")
            plan.reorder = number;
        else if (key == "corrupt")
            plan.corrupt = number;
        else if (key == "miscount" && number <= 1000 && number == static_cast<int>(number))
            plan.miscount = static_cast<std::uint32_t>(number);
        else if (key == "seed")
            plan.seed = static_cast<std::uint64_t>(number);
        else
            return std::nullopt;
    }
    return plan;
}

}  // namespace hwbridge
