// result.json: the run's machine-readable result (schema `isrbench.result/1`, documented in
// resources/schemas/README.md and checked by resources/schemas/result.schema.json). It is what
// --baseline reads back and what the history stores.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>

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

}  // namespace report
