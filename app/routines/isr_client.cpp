#include "isr_client.h"

#include <algorithm>

namespace routines {

const std::vector<std::string_view>& builtinRoutineNames() {
    static const std::vector<std::string_view> names{"responder", "counter", "decliner"};
    return names;
}

bool isBuiltinRoutine(std::string_view name) {
    const auto& names = builtinRoutineNames();
    return std::find(names.begin(), names.end(), name) != names.end();
}

bool IsrClient::isConnection(const driver::ClientRegistration& registration) {
    const auto mine = serviceRoutine(false);
    return registration.routine == mine.InterruptServiceRoutine &&
           registration.context == mine.InterruptServiceContext;
}

}  // namespace routines
