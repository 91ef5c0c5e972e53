// Interrupt latency as a Prometheus histogram: how many latencies were at or below each of a fixed
// set of bounds (1 us to 100 ms in 1-2.5-5 steps), their count, sum and largest value, and the
// `_bucket{le}`, `_sum`, `_count` lines they make. One set of bounds for every exposition of
// ours, so that a run's metrics.prom and the live endpoint can be summed and compared.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace metrics {

struct LatencyBuckets {
    // Upper bounds of the buckets, in seconds (the `le` values).
    static constexpr std::array<double, 16> kBounds = {1e-6, 2.5e-6, 5e-6, 1e-5, 2.5e-5, 5e-5,
                                                       1e-4, 2.5e-4, 5e-4, 1e-3, 2.5e-3, 5e-3,
                                                       1e-2, 2.5e-2, 5e-2, 1e-1};
    // The same bounds in nanoseconds, exact.
    static constexpr std::array<std::int64_t, 16> kBoundsNs = {
        1'000,   2'500,     5'000,     10'000,    25'000,     50'000,     100'000,    250'000,
        500'000, 1'000'000, 2'500'000, 5'000'000, 10'000'000, 25'000'000, 50'000'000, 100'000'000};

    std::array<std::uint64_t, kBounds.size()> at_or_below{};  // cumulative, as `le` means
    std::uint64_t count = 0;
    double sum_seconds = 0;
    std::int64_t max_ns = 0;

    // One latency, counted exactly.
    void add(std::int64_t latency_ns);
    // `n` latencies known only to be at most `high_ns` (a finer histogram's bucket): counted at or
    // below a bound only when `high_ns` is, so that no latency above a bound is ever counted
    // within it. Adds to `count` only: the caller sets `sum_seconds` and `max_ns` from exact
    // figures.
    void addBucket(std::int64_t high_ns, std::uint64_t n);

    // The histogram's lines under `name` (`name_bucket`, `name_sum`, `name_count`), each with
    // `labels` (already joined, no braces).
    void write(std::string& out, std::string_view name, std::string_view labels) const;
};

}  // namespace metrics
