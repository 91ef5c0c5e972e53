// Hands samples from the interrupt path to the engine thread: a lock-free single-producer ring.
// The producer never blocks; a full ring loses the sample and counts it, and the engine shows the
// loss as such.
#pragma once

#include <atomic>
#include <cstdint>

#include "run_statistics.h"
#include "sample.h"
#include "spsc_ring.h"

namespace engine {

class SampleRing {
public:
    static constexpr std::size_t kCapacity = std::size_t{1} << 16;

    // Producer side (the interrupt path).
    void push(const Sample& sample) noexcept {
        if (!ring_.push(sample)) {
            overflow_.store(overflow_.load(std::memory_order_relaxed) + 1,
                            std::memory_order_relaxed);
        }
    }

    // Consumer side (the engine thread): everything available goes into `statistics`.
    std::size_t drainInto(RunStatistics& statistics) {
        std::size_t drained = 0;
        while (const auto sample = ring_.pop()) {
            statistics.add(*sample);
            ++drained;
        }
        return drained;
    }

    std::uint64_t overflow() const { return overflow_.load(std::memory_order_relaxed); }

private:
    driver::SpscRing<Sample, kCapacity> ring_;
    std::atomic<std::uint64_t> overflow_{0};
};

}  // namespace engine
