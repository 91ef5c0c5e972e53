#include "classifier.h"

namespace engine {
namespace {

Outcome outcomeOf(driver::InterruptClass handled) {
    switch (handled) {
        case driver::InterruptClass::Serviced:
            return Outcome::Serviced;
        case driver::InterruptClass::Suppressed:
            return Outcome::Suppressed;
        case driver::InterruptClass::Unclaimed:
            return Outcome::Unclaimed;
    }
    return Outcome::Violation;
}

}  // namespace

driver::InterruptClass expectedHandling(PortState state) {
    switch (state) {
        case PortState::Active:
            return driver::InterruptClass::Serviced;
        case PortState::Inactive:
            return driver::InterruptClass::Suppressed;
        case PortState::Disconnected:
            return driver::InterruptClass::Unclaimed;
    }
    return driver::InterruptClass::Unclaimed;
}

Classification classify(const std::vector<Phase>& phases, PhaseStamp stamp,
                        std::optional<driver::InterruptClass> handled, bool routine_violation) {
    if (phases.empty()) {
        return {Outcome::Violation, 0};
    }
    const std::uint16_t last = static_cast<std::uint16_t>(phases.size() - 1);
    const std::uint16_t phase = stamp.phase > last ? last : stamp.phase;
    if (!handled) {
        return {Outcome::Lost, phase};
    }
    if (routine_violation) {
        return {Outcome::Violation, phase};
    }
    if (*handled == expectedHandling(phases[phase].state)) {
        return {outcomeOf(*handled), phase};
    }
    if (stamp.in_transition && phase > 0 && *handled == expectedHandling(phases[phase - 1].state)) {
        return {outcomeOf(*handled), static_cast<std::uint16_t>(phase - 1)};
    }
    return {Outcome::Violation, phase};
}

}  // namespace engine
