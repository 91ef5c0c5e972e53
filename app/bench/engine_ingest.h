// Engine ingest: what a sample costs from the interrupt path's ring into the per-phase
// statistics (the engine thread's work per stimulus), beside the ring alone, each per sample.
// The samples are a realistic mix (mostly serviced with a long-tailed latency, some suppressed
// and unclaimed) over several phases; one thread plays both sides, a block pushed then drained.
#pragma once

#include <cstddef>
#include <vector>

#include "sample.h"

namespace bench {

inline constexpr std::size_t kIngestPhases = 8;
inline constexpr std::size_t kIngestBlock = 4096;

// `count` samples, the same for every call (a fixed seed).
std::vector<engine::Sample> ingestSamples(std::size_t count = kIngestBlock);

// Nanoseconds per sample, the median over rounds of `blocks` blocks each.
double ringIntoStatisticsNs(std::size_t blocks, int rounds);
double ringAloneNs(std::size_t blocks, int rounds);

}  // namespace bench
