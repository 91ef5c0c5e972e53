// Latency over time, decimated in the engine so that no chart ever sees raw samples: the run is
// cut into a fixed number of columns and each column keeps the count, min and max of the
// latencies whose edge fell in it (min/max per pixel column). Fixed memory, whatever the rate.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace engine {

struct TimelineColumn {
    std::int64_t start_ns = 0;  // from the run's start
    std::uint64_t count = 0;
    std::int64_t min_ns = std::numeric_limits<std::int64_t>::max();
    std::int64_t max_ns = std::numeric_limits<std::int64_t>::min();
};

// The latency samples a stretch of columns holds.
inline std::uint64_t samplesIn(std::span<const TimelineColumn> columns) {
    std::uint64_t samples = 0;
    for (const TimelineColumn& column : columns) {
        samples += column.count;
    }
    return samples;
}

class LatencyTimeline {
public:
    static constexpr std::size_t kDefaultColumns = 2000;
    // Bounds that keep span × columns inside 64 bits: a day-long run at 65536 columns.
    static constexpr std::size_t kMaxColumns = 65536;
    static constexpr std::int64_t kMaxSpanNs = std::int64_t{100'000} * 1'000'000'000;

    LatencyTimeline() : LatencyTimeline(1'000'000'000, kDefaultColumns) {}
    LatencyTimeline(std::int64_t span_ns, std::size_t columns)
        : span_ns_(std::clamp<std::int64_t>(span_ns, 1, kMaxSpanNs)),
          columns_(std::clamp<std::size_t>(columns, 1, kMaxColumns)) {
        for (std::size_t i = 0; i < columns_.size(); ++i) {
            columns_[i].start_ns = startOf(i);
        }
    }

    // `at_ns` from the run's start; samples past the planned span land in the last column.
    void add(std::int64_t at_ns, std::int64_t latency_ns) {
        TimelineColumn& column = columns_[columnOf(at_ns)];
        ++column.count;
        column.min_ns = std::min(column.min_ns, latency_ns);
        column.max_ns = std::max(column.max_ns, latency_ns);
    }

    // A finer column's worth at once (count samples between min and max), when re-decimating.
    void add(std::int64_t at_ns, const TimelineColumn& finer) {
        TimelineColumn& column = columns_[columnOf(at_ns)];
        column.count += finer.count;
        column.min_ns = std::min(column.min_ns, finer.min_ns);
        column.max_ns = std::max(column.max_ns, finer.max_ns);
    }

    std::int64_t spanNs() const { return span_ns_; }
    std::int64_t columnWidthNs() const {
        return span_ns_ / static_cast<std::int64_t>(columns_.size());
    }
    const std::vector<TimelineColumn>& columns() const { return columns_; }
    std::vector<TimelineColumn>& columns() { return columns_; }

private:
    std::size_t columnOf(std::int64_t at_ns) const {
        if (at_ns <= 0) {
            return 0;
        }
        if (at_ns >= span_ns_) {
            return columns_.size() - 1;
        }
        return static_cast<std::size_t>(at_ns * static_cast<std::int64_t>(columns_.size()) /
                                        span_ns_);
    }
    std::int64_t startOf(std::size_t column) const {
        return span_ns_ * static_cast<std::int64_t>(column) /
               static_cast<std::int64_t>(columns_.size());
    }

    std::int64_t span_ns_;
    std::vector<TimelineColumn> columns_;
};

}  // namespace engine
