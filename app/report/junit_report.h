// JUnit XML of a run's verdict, so that CI systems show it: one test case for the accounting,
// one for the contract, and with a baseline one per compared figure of every phase.
#pragma once

#include <filesystem>
#include <string>

#include "baseline.h"
#include "run_result.h"

namespace report {

std::string junitXml(const engine::RunResult& result, const engine::Comparison& comparison,
                     bool with_baseline);
void writeJunit(const engine::RunResult& result, const engine::Comparison& comparison,
                bool with_baseline, const std::filesystem::path& file);

}  // namespace report
