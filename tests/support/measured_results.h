// Results for the tests that judge runs against each other (the history command and the history
// panel): one short, real run on the virtual fixture (and, in scaled_result.h, a result made
// slower).
#pragma once

#include <string>

#include "run_controller.h"
#include "scaled_result.h"
#include "scenario.h"

namespace test_support {

// Active from the start, 400 ms at 2 kHz on the virtual fixture (ideal bus).
inline engine::RunResult shortMeasuredRun() {
    engine::RunOptions options;
    options.scenario = engine::parseScenario(
        R"({"name":"short","duration_ms":400,"stimulus":{"rate_hz":2000},
            "isrs":[{"isr":"responder","context":1}],
            "timeline":[{"at_ms":0,"step":"connect"}]})",
        "test scenario");
    options.tool_version = "test";
    return engine::runScenario(options);
}

}  // namespace test_support
