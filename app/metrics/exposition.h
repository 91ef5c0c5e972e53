// The rules of Prometheus's text exposition format (version 0.0.4) that every writer of ours
// follows: label values escaped, numbers written so that they read back the same, and each
// family introduced by its HELP and TYPE lines. No Qt, no engine: the report's metrics.prom and
// the live endpoint both write through these.
#pragma once

#include <string>
#include <string_view>

namespace metrics {

// What an HTTP endpoint says its body is.
inline constexpr const char* kExpositionContentType = "text/plain; version=0.0.4; charset=utf-8";

// A label value with backslash, double quote and newline escaped (the format's rule).
std::string escapeLabelValue(std::string_view value);

// `name="value"`, the value escaped.
std::string label(std::string_view name, std::string_view value);

// A sample value: nine significant digits, "+Inf", "-Inf" or "NaN" where they apply.
std::string formatNumber(double value);

// The HELP and TYPE lines of a family ("counter", "gauge", "histogram").
void writeFamily(std::string& out, std::string_view name, std::string_view type,
                 std::string_view help);

// One sample line: `name{labels} value`; `labels` already joined (may be empty).
void writeSample(std::string& out, std::string_view name, std::string_view labels,
                 std::string_view value);

// A family of one sample: its HELP and TYPE lines, then the sample (the name written once).
void writeSingle(std::string& out, std::string_view name, std::string_view type,
                 std::string_view help, std::string_view labels, std::string_view value);

// isrbench_simulated: 1 when the source is a software model. The same family in metrics.prom and
// on the live endpoint, so that one dashboard query reads both.
void writeSimulated(std::string& out, std::string_view labels, bool simulated);

}  // namespace metrics
