// Engine throughput on one core: samples per second through the interrupt-path ring into the
// per-phase statistics (four histograms per phase), against the ring alone measured in the same
// run. Goal: >= 10 M samples/s through ring -> histogram -> per-phase statistics.
#include <benchmark/benchmark.h>

#include <cmath>
#include <memory>
#include <random>
#include <vector>

#include "run_statistics.h"
#include "sample_ring.h"

namespace {

constexpr std::size_t kPhases = 8;
constexpr std::size_t kBlock = 4096;  // pushed, then drained: one core plays both sides

// Realistic mix: mostly serviced with a long-tailed latency, some suppressed and unclaimed.
std::vector<engine::Sample> makeSamples() {
    std::mt19937_64 random(42);
    std::lognormal_distribution<double> latency(std::log(5'000.0), 0.8);
    std::vector<engine::Sample> samples(kBlock);
    std::int64_t t = 1'000'000'000;
    for (std::size_t i = 0; i < kBlock; ++i) {
        auto& s = samples[i];
        s.sequence = i;
        s.phase = static_cast<std::uint16_t>(i * kPhases / kBlock);
        s.outcome = i % 10 == 0   ? engine::Outcome::Suppressed
                    : i % 17 == 0 ? engine::Outcome::Unclaimed
                                  : engine::Outcome::Serviced;
        t += 50'000;
        s.t_edge_ns = t;
        s.t_arrive_ns = t + static_cast<std::int64_t>(latency(random) / 2);
        s.t_isr_ns = s.t_arrive_ns + static_cast<std::int64_t>(latency(random) / 2);
        s.t_resp_ns = s.t_isr_ns + 1'000;
    }
    return samples;
}

// Reference: the ring alone, each sample popped and touched.
void BM_RingAlone(benchmark::State& state) {
    const auto samples = makeSamples();
    auto bare = std::make_unique<driver::SpscRing<engine::Sample, engine::SampleRing::kCapacity>>();
    std::int64_t sink = 0;
    for (auto _ : state) {
        for (const auto& s : samples) {
            bare->push(s);
        }
        while (const auto s = bare->pop()) {
            sink += s->t_isr_ns;
        }
        benchmark::DoNotOptimize(sink);
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(kBlock));
}
BENCHMARK(BM_RingAlone);

void BM_RingIntoPhaseStatistics(benchmark::State& state) {
    const auto samples = makeSamples();
    auto ring = std::make_unique<engine::SampleRing>();
    auto statistics = std::make_unique<engine::RunStatistics>(kPhases);
    for (auto _ : state) {
        for (const auto& s : samples) {
            ring->push(s);
        }
        benchmark::DoNotOptimize(ring->drainInto(*statistics));
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(kBlock));
    state.counters["overflow"] = static_cast<double>(ring->overflow());
}
BENCHMARK(BM_RingIntoPhaseStatistics);

}  // namespace

BENCHMARK_MAIN();
