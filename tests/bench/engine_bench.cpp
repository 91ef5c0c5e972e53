// Engine throughput on one core: samples per second through the interrupt-path ring into the
// per-phase statistics (four histograms per phase), against the ring alone measured in the same
// run. Goal: >= 10 M samples/s through ring -> histogram -> per-phase statistics.
#include <benchmark/benchmark.h>

#include <memory>
#include <vector>

#include "engine_ingest.h"
#include "run_statistics.h"
#include "sample_ring.h"

namespace {

// The same realistic mix `isrbench bench` measures (app/bench/engine_ingest.h).
constexpr std::size_t kPhases = bench::kIngestPhases;
constexpr std::size_t kBlock = bench::kIngestBlock;

std::vector<engine::Sample> makeSamples() {
    return bench::ingestSamples(kBlock);
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
