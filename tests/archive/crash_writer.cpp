// archive_crash_writer HISTORY [INTERVAL_MS]: begins a run and records a "second" every
// INTERVAL_MS (default 10; 0: as fast as it can), printing each index once its transaction has
// committed. crash_test.cpp kills it with SIGKILL halfway and checks that the history holds every
// index printed. Each second carries the latency distribution so far (one more latency per
// second), as `isrbench run`'s do. It never finishes its run, as a killed run would not.
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <thread>

#include "latency_histogram.h"
#include "run_history.h"

namespace {

// A cap, so that a writer its test failed to kill does not run forever.
constexpr std::int64_t kMaxSeconds = 100'000;

engine::RunMetadata crashMetadata() {
    engine::RunMetadata meta;
    meta.tool_version = "test";
    meta.scenario_name = "crash";
    meta.scenario_file = "(archive_crash_writer)";
    meta.started_unix_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
    meta.source.backend = "virtual-fixture";
    meta.source.label = "virtual fixture";
    return meta;
}

archive::SecondSummary oneSecond(std::int64_t index) {
    archive::SecondSummary second;
    second.second = index;
    second.elapsed_ms = (index + 1) * 1000;
    second.outcomes = {1000, 0, 0, 0, 0};
    second.latency_count = 1000;
    second.latency_min_ns = 3'000;
    second.latency_p50_ns = 3'500 + index;
    second.latency_p99_ns = 9'000;
    second.latency_max_ns = 80'000;
    return second;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: archive_crash_writer HISTORY [INTERVAL_MS]\n";
        return 2;
    }
    const std::chrono::milliseconds interval(argc > 2 ? std::atoi(argv[2]) : 10);
    try {
        archive::RunHistory history(argv[1]);
        const std::int64_t run_id = history.beginRun(
            crashMetadata(), {{"0 active", 0, 1'000'000, engine::PortState::Active}});
        std::cout << "run " << run_id << std::endl;
        engine::LatencyHistogram latencies;
        for (std::int64_t index = 0; index < kMaxSeconds; ++index) {
            latencies.record(3'000 + index);
            archive::LatencyDistribution so_far;
            so_far.histogram = archive::HistogramBuckets::of(latencies);
            so_far.microseconds.samples = static_cast<std::uint64_t>(index) + 1;
            so_far.microseconds.counts[3] = so_far.microseconds.samples;
            so_far.microseconds.min_us = so_far.microseconds.max_us = 3;
            history.recordSecond(run_id, oneSecond(index), &so_far);
            std::cout << index << std::endl;  // committed: recordSecond has returned
            std::this_thread::sleep_for(interval);
        }
    } catch (const archive::ArchiveError& error) {
        std::cerr << "archive_crash_writer: " << error.what() << '\n';
        return 1;
    }
    return 0;
}
