// A scenario written back as JSON, in the file format: what a run really ran (after --set),
// stored in every result and hashed, so that two results can tell whether they ran the same.
#pragma once

#include <string>

#include "scenario.h"

namespace engine {

// Compact JSON with every field spelled out (defaults included), keys in a fixed order.
std::string scenarioToJson(const Scenario& scenario);

}  // namespace engine
