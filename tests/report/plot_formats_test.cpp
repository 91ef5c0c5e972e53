// The formats other tools plot (../shared/research/anchors.md): cyclictest's histogram text, as
// OSADL's scripts parse it, and HdrHistogram's percentile distribution, as its plotter reads it.
#include <gtest/gtest.h>

#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include "cyclictest_histogram.h"
#include "percentile_distribution.h"
#include "run_metrics.h"

namespace {

engine::Sample serviced(std::uint64_t sequence, std::int64_t latency_ns) {
    engine::Sample s;
    s.sequence = sequence;
    s.outcome = engine::Outcome::Serviced;
    s.t_edge_ns = 1'000'000;
    s.t_isr_ns = s.t_edge_ns + latency_ns;
    return s;
}

std::vector<std::string> linesOf(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        lines.push_back(line);
    }
    return lines;
}

// rt-tests' print_hist: "# Histogram", "%06d %06lu" per microsecond, then the footer lines in
// order, values truncated to whole microseconds, overflows listed by their cycle (stimulus)
// number. Suppressed, unclaimed and lost stimuli have no latency and are not in it.
TEST(CyclictestHistogram, HasRtTestsLayoutBucketsFooterAndOverflowNumbers) {
    report::CyclictestHistogram histogram(4);
    histogram.add(serviced(1, 1'999));  // 1 us
    histogram.add(serviced(2, 2'000));  // 2 us
    histogram.add(serviced(3, 2'500));  // 2 us
    histogram.add(serviced(7, 4'000));  // beyond 0..3 us: an overflow
    histogram.add(serviced(9, 12'000));
    engine::Sample suppressed = serviced(10, 1'000);
    suppressed.outcome = engine::Outcome::Suppressed;
    histogram.add(suppressed);

    const std::vector<std::string> expected = {"# Histogram",
                                               "000000 000000",
                                               "000001 000001",
                                               "000002 000002",
                                               "000003 000000",
                                               "# Total: 000000003",
                                               "# Min Latencies: 00001",
                                               "# Avg Latencies: 00004",
                                               "# Max Latencies: 00012",
                                               "# Histogram Overflows: 00002",
                                               "# Histogram Overflow at cycle number:",
                                               "# Thread 0: 00007 00009"};
    EXPECT_EQ(linesOf(histogram.text()), expected);
}

TEST(CyclictestHistogram, OverflowsBeyondTheListedOnesAreCountedAsOthers) {
    report::CyclictestHistogram histogram(1);
    for (std::uint64_t i = 1; i <= report::CyclictestHistogram::kOutliersListed + 3; ++i) {
        histogram.add(serviced(i, 5'000));
    }
    const std::vector<std::string> lines = linesOf(histogram.text());
    ASSERT_FALSE(lines.empty());
    EXPECT_NE(lines.back().find(" 01000 # 00003 others"), std::string::npos);
}

// HdrHistogram's outputPercentileDistribution with 5 ticks per half distance: percentiles
// 0, 10 ... 50, 55 ... 75, 77.5 ..., each row's value the highest of its bucket, a final 100 %
// row without the 1/(1-p) column, and the footer; the columns as wide as HdrHistogram prints
// them. Four samples 100, 200, 250, 600 us: HdrHistogram's own example, whose rows are these
// (its values exact; this histogram's buckets are 1/128 of an octave wide, so each value is the
// top of its bucket, within 0.8 % above the sample).
TEST(PercentileDistribution, HasTheHgrmLayoutAndItsPercentileSteps) {
    engine::LatencyHistogram histogram;
    for (const std::int64_t us : {100, 200, 250, 600}) {
        histogram.record(us * 1000);
    }
    const std::vector<std::string> lines = linesOf(report::percentileDistribution(histogram));
    ASSERT_GE(lines.size(), 6u);
    EXPECT_EQ(lines[0], "       Value     Percentile TotalCount 1/(1-Percentile)");
    EXPECT_EQ(lines[1], "");
    std::vector<double> percentiles;
    std::vector<double> values;
    std::vector<unsigned long long> counts;
    for (std::size_t i = 2; i + 3 < lines.size(); ++i) {
        double value = 0;
        double percentile = 0;
        unsigned long long count = 0;
        ASSERT_GE(std::sscanf(lines[i].c_str(), "%lf %lf %llu", &value, &percentile, &count), 3)
            << lines[i];
        percentiles.push_back(percentile);
        values.push_back(value);
        counts.push_back(count);
        EXPECT_EQ(lines[i].size(), percentile < 1.0 ? 53u : 38u) << lines[i];
    }
    const std::vector<double> expected_percentiles = {0.0, 0.1,  0.2, 0.3,  0.4,   0.5, 0.55,
                                                      0.6, 0.65, 0.7, 0.75, 0.775, 1.0};
    ASSERT_EQ(percentiles.size(), expected_percentiles.size());
    for (std::size_t i = 0; i < percentiles.size(); ++i) {
        EXPECT_NEAR(percentiles[i], expected_percentiles[i], 1e-9) << i;
    }
    const std::vector<unsigned long long> expected_counts = {1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3, 4, 4};
    EXPECT_EQ(counts, expected_counts);
    const std::vector<double> expected_values = {100, 100, 100, 200, 200, 200, 250,
                                                 250, 250, 250, 250, 600, 600};
    for (std::size_t i = 0; i < values.size(); ++i) {
        EXPECT_GE(values[i], expected_values[i]) << i;
        EXPECT_LE(values[i], expected_values[i] * 1.008) << i;
    }
    EXPECT_EQ(lines[13].substr(12), " 0.775000000000          4           4.44");
    EXPECT_EQ(lines[14], "     600.000 1.000000000000          4");  // the max: exact
    EXPECT_EQ(lines[15], "#[Mean    =      287.500, StdDeviation   =      188.331]");
    EXPECT_EQ(lines[16], "#[Max     =      600.000, Total count    =            4]");
    EXPECT_EQ(lines[17].rfind("#[Buckets = ", 0), 0u);
}

TEST(PercentileDistribution, AnEmptyHistogramHasHeaderAndFooterOnly) {
    const std::vector<std::string> lines =
        linesOf(report::percentileDistribution(engine::LatencyHistogram{}));
    ASSERT_EQ(lines.size(), 5u);
    EXPECT_EQ(lines[3], "#[Max     =        0.000, Total count    =            0]");
}

}  // namespace

namespace {

// Prometheus text exposition: a histogram family whose buckets are cumulative and end at +Inf
// with the count, the sum in seconds, the max and the class counts per phase, label values
// escaped. Checked against the exposition format's rules here, and by promtool on a real run
// (the app tests).
TEST(RunMetrics, APhaseLatencyHistogramIsCumulativeInSecondsWithEscapedLabels) {
    engine::RunResult result;
    result.meta.host = "lab \"bench\" 3";
    result.meta.source.backend = "virtual-fixture";
    result.meta.scenario_name = "life\\cycle";
    engine::Phase active;
    active.name = "1 active";
    result.phases.push_back({active, 0, 0});
    result.statistics = engine::RunStatistics(1);
    report::RunMetrics metrics(1);
    for (const std::int64_t ns : {800, 3'000, 3'000, 40'000, 200'000'000}) {
        const engine::Sample sample = serviced(1, ns);
        metrics.add(sample);
        result.statistics.add(sample);
    }
    const std::string text = metrics.text(result);
    const std::string labels =
        R"(bench="lab \"bench\" 3",source="virtual-fixture",scenario="life\\cycle",phase="1 active")";
    const auto has = [&](const std::string& line) {
        return text.find(line + "\n") != std::string::npos;
    };
    EXPECT_TRUE(has("# TYPE isrbench_interrupt_latency_seconds histogram"));
    EXPECT_TRUE(has("isrbench_interrupt_latency_seconds_bucket{" + labels + R"(,le="1e-06"} 1)"));
    EXPECT_TRUE(has("isrbench_interrupt_latency_seconds_bucket{" + labels + R"(,le="5e-06"} 3)"));
    EXPECT_TRUE(has("isrbench_interrupt_latency_seconds_bucket{" + labels + R"(,le="5e-05"} 4)"));
    EXPECT_TRUE(has("isrbench_interrupt_latency_seconds_bucket{" + labels + R"(,le="0.1"} 4)"));
    EXPECT_TRUE(has("isrbench_interrupt_latency_seconds_bucket{" + labels + R"(,le="+Inf"} 5)"));
    EXPECT_TRUE(has("isrbench_interrupt_latency_seconds_count{" + labels + "} 5"));
    EXPECT_TRUE(has("isrbench_interrupt_latency_seconds_sum{" + labels + "} 0.2000468"));
    EXPECT_TRUE(has("isrbench_interrupt_latency_max_seconds{" + labels + "} 0.2"));
    EXPECT_TRUE(has("isrbench_stimuli{" + labels + R"(,class="serviced"} 5)"));
    EXPECT_TRUE(has("isrbench_stimuli{" + labels + R"(,class="lost"} 0)"));
    EXPECT_TRUE(has(
        R"(isrbench_run_valid{bench="lab \"bench\" 3",source="virtual-fixture",scenario="life\\cycle"} 1)"));
}

}  // namespace
