#include "timeline_geometry.h"

#include <algorithm>
#include <set>

#include "chart_theme.h"

namespace ui::timeline {
namespace {

using charts::toMicroseconds;
using charts::toSeconds;

constexpr std::size_t kMinGapColumns = 2;

}  // namespace

std::vector<BandSpan> bandSpans(const std::vector<engine::LiveBand>& bands, std::int64_t now_ns) {
    std::vector<BandSpan> spans;
    for (const engine::LiveBand& band : bands) {
        if (band.end_ns > band.start_ns) {
            spans.push_back(
                {band.state, toSeconds(band.start_ns - now_ns), toSeconds(band.end_ns - now_ns)});
        }
    }
    return spans;
}

std::vector<double> transitionTimes(const std::vector<engine::LiveBand>& bands,
                                    std::int64_t window_start_ns, std::int64_t now_ns) {
    std::vector<double> times;
    for (std::size_t i = 1; i < bands.size(); ++i) {
        if (bands[i].start_ns > window_start_ns) {
            times.push_back(toSeconds(bands[i].start_ns - now_ns));
        }
    }
    return times;
}

namespace {

// Positions (into `filled`) where a new segment begins: the longest gaps first.
std::set<std::size_t> splitPoints(const std::vector<std::size_t>& filled,
                                  std::size_t max_segments) {
    std::vector<std::pair<std::size_t, std::size_t>> gaps;  // (empty columns, position)
    for (std::size_t k = 1; k < filled.size(); ++k) {
        const std::size_t empty = filled[k] - filled[k - 1] - 1;
        if (empty >= kMinGapColumns) {
            gaps.emplace_back(empty, k);
        }
    }
    std::stable_sort(gaps.begin(), gaps.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    std::set<std::size_t> splits;
    for (std::size_t g = 0; g < gaps.size() && g + 1 < max_segments; ++g) {
        splits.insert(gaps[g].second);
    }
    return splits;
}

}  // namespace

std::vector<Strip> envelope(const std::vector<engine::TimelineColumn>& columns,
                            std::int64_t window_ns, std::size_t max_segments, std::int64_t now_ns) {
    std::vector<std::size_t> filled;
    for (std::size_t i = 0; i < columns.size(); ++i) {
        if (columns[i].count != 0) {
            filled.push_back(i);
        }
    }
    std::vector<Strip> strips;
    if (filled.empty() || max_segments == 0) {
        return strips;
    }
    const std::int64_t half_column = window_ns / static_cast<std::int64_t>(columns.size()) / 2;
    const std::set<std::size_t> splits = splitPoints(filled, max_segments);
    strips.emplace_back();
    for (std::size_t k = 0; k < filled.size(); ++k) {
        if (splits.count(k) != 0) {
            strips.emplace_back();
        }
        const engine::TimelineColumn& column = columns[filled[k]];
        const double x = toSeconds(column.start_ns + half_column - now_ns);
        strips.back().upper.append(QPointF(x, toMicroseconds(column.max_ns)));
        strips.back().lower.append(QPointF(x, toMicroseconds(column.min_ns)));
    }
    return strips;
}

QList<QPointF> zigzag(const Strip& segment) {
    QList<QPointF> points;
    points.reserve(2 * segment.upper.size());
    for (qsizetype i = 0; i < segment.upper.size(); ++i) {
        const bool up = i % 2 == 0;
        points.append(up ? segment.lower[i] : segment.upper[i]);
        points.append(up ? segment.upper[i] : segment.lower[i]);
    }
    return points;
}

double highestUs(const std::vector<engine::TimelineColumn>& columns) {
    std::int64_t highest = 0;
    for (const engine::TimelineColumn& column : columns) {
        if (column.count != 0) {
            highest = std::max(highest, column.max_ns);
        }
    }
    return toMicroseconds(highest);
}

}  // namespace ui::timeline
