// result.json: the run's machine-readable result (schema `isrbench.result/1`, documented in
// resources/schemas/README.md and checked by resources/schemas/result.schema.json). It is what
// --baseline reads back and what the history stores.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "run_result.h"

namespace report {

// A result file that cannot be used as written: says which file and what was wrong.
class ResultFileError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

std::string resultToJson(const engine::RunResult& result);

// What a baseline comparison needs, read back from a result.json (text or file).
engine::ResultSummary parseResultSummary(const std::string& json_text, const std::string& origin);
engine::ResultSummary readResultSummary(const std::filesystem::path& file);

// Repeated runs (`isrbench run --repeat N`): repeat.json lists each run's result.json, relative
// to its own folder. Reading it combines the runs (engine::combineRuns); a result.json is read as
// one run. Throws ResultFileError saying which file and why.
inline constexpr const char* kRepeatSchema = "isrbench.repeat/1";
std::string repeatToJson(const std::vector<std::string>& result_files, const std::string& verdict);
engine::ResultSummary readBaseline(const std::filesystem::path& file);

}  // namespace report
