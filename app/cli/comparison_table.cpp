#include "comparison_table.h"

#include <iomanip>
#include <ostream>
#include <sstream>
#include <string>

#include "run_comparison.h"

namespace cli {
namespace {

std::string micros(std::int64_t ns) {
    std::ostringstream text;
    text << std::fixed << std::setprecision(1) << static_cast<double>(ns) / 1000.0;
    return text.str();
}

}  // namespace

void printComparison(std::ostream& out, const engine::Comparison& comparison) {
    if (comparison.rows.empty()) {
        return;
    }
    out << "\nAgainst the baseline:\n"
        << std::left << std::setw(16) << "phase" << std::setw(9) << "metric" << std::right
        << std::setw(12) << "baseline" << std::setw(12) << "this run" << std::setw(30)
        << "change (limit)"
        << "  verdict\n";
    for (const engine::ComparisonRow& row : comparison.rows) {
        const auto figure = [&](double value) {
            return row.isLatency() ? micros(static_cast<std::int64_t>(value)) + " us"
                                   : std::to_string(static_cast<std::int64_t>(value));
        };
        out << std::left << std::setw(16) << row.phase << std::setw(9) << row.metric << std::right
            << std::setw(12) << figure(row.baseline) << std::setw(12) << figure(row.current)
            << std::setw(30) << report::changeText(row) << "  " << report::judgementText(row)
            << '\n';
    }
}

}  // namespace cli
