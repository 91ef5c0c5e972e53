#include "engine_ingest.h"

#include <cmath>
#include <memory>
#include <random>

#include "reference_timings.h"
#include "run_statistics.h"
#include "sample_ring.h"

namespace bench {

std::vector<engine::Sample> ingestSamples(std::size_t count) {
    std::mt19937_64 random(42);
    std::lognormal_distribution<double> latency(std::log(5'000.0), 0.8);
    std::vector<engine::Sample> samples(count);
    std::int64_t t = 1'000'000'000;
    for (std::size_t i = 0; i < count; ++i) {
        engine::Sample& s = samples[i];
        s.sequence = i;
        s.phase = static_cast<std::uint16_t>(i * kIngestPhases / count);
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

double ringIntoStatisticsNs(std::size_t blocks, int rounds) {
    const std::vector<engine::Sample> samples = ingestSamples();
    auto ring = std::make_unique<engine::SampleRing>();
    auto statistics = std::make_unique<engine::RunStatistics>(kIngestPhases);
    std::size_t drained = 0;
    const double per_block = nanosecondsPerCall(
        [&](std::size_t) {
            for (const engine::Sample& s : samples) {
                ring->push(s);
            }
            drained += ring->drainInto(*statistics);
        },
        blocks, rounds);
    if (drained == 0) {
        return 0;  // nothing went through: no figure rather than a flattering one
    }
    return per_block / static_cast<double>(samples.size());
}

double ringAloneNs(std::size_t blocks, int rounds) {
    const std::vector<engine::Sample> samples = ingestSamples();
    auto ring = std::make_unique<driver::SpscRing<engine::Sample, engine::SampleRing::kCapacity>>();
    volatile std::int64_t sink = 0;
    const double per_block = nanosecondsPerCall(
        [&](std::size_t) {
            for (const engine::Sample& s : samples) {
                ring->push(s);
            }
            std::int64_t touched = 0;
            while (const auto s = ring->pop()) {
                touched += s->t_isr_ns;
            }
            sink = sink + touched;
        },
        blocks, rounds);
    return per_block / static_cast<double>(samples.size());
}

}  // namespace bench
