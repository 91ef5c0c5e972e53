#include "comparison_table.h"

#include <iomanip>
#include <ostream>
#include <sstream>
#include <string>

namespace cli {
namespace {

std::string micros(std::int64_t ns) {
    std::ostringstream text;
    text << std::fixed << std::setprecision(1) << static_cast<double>(ns) / 1000.0;
    return text.str();
}

// Latency rows compare ratios against a ratio limit; count rows (stimuli, lost) compare the
// change against a share of the phase's stimuli. Each row says which it is.
std::string comparisonLimit(const engine::ComparisonRow& row, bool latency) {
    std::ostringstream text;
    text << std::fixed << std::setprecision(2);
    if (latency) {
        text << row.ratio() << "x of " << row.limit << "x";
    } else {
        text << (row.current >= row.baseline ? "+" : "") << std::setprecision(0)
             << row.current - row.baseline << std::setprecision(2) << " (max " << row.limit * 100
             << " %)";
    }
    return text.str();
}

}  // namespace

void printComparison(std::ostream& out, const engine::Comparison& comparison) {
    if (comparison.rows.empty()) {
        return;
    }
    out << "\nAgainst the baseline:\n"
        << std::left << std::setw(16) << "phase" << std::setw(9) << "metric" << std::right
        << std::setw(12) << "baseline" << std::setw(12) << "this run" << std::setw(22)
        << "change (limit)"
        << "  verdict\n";
    for (const engine::ComparisonRow& row : comparison.rows) {
        const bool latency = row.metric != "stimuli" && row.metric != "lost";
        const auto figure = [&](double value) {
            return latency ? micros(static_cast<std::int64_t>(value)) + " us"
                           : std::to_string(static_cast<std::int64_t>(value));
        };
        out << std::left << std::setw(16) << row.phase << std::setw(9) << row.metric << std::right
            << std::setw(12) << figure(row.baseline) << std::setw(12) << figure(row.current)
            << std::setw(22) << comparisonLimit(row, latency) << "  "
            << (row.regressed      ? "REGRESSED"
                : row.note.empty() ? "ok"
                                   : row.note)
            << '\n';
    }
}

}  // namespace cli
