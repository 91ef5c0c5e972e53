// The clock mapping as the interrupt path reads it: the engine thread refits the mapping during
// a run and publishes it here, the report thread maps every edge with it. A sequence lock whose
// reader never waits: a copy a publish overlapped is detected (the fields are atomics, so a
// torn read is never acted on) and the reader keeps its previous copy.
#pragma once

#include <atomic>
#include <cstdint>

#include "clock_sync.h"

namespace hwbridge {

class PublishedClock {
public:
    // One writer at a time (the caller serialises publishers).
    void publish(const ClockEstimate& estimate) noexcept {
        const std::uint64_t version = version_.load(std::memory_order_relaxed);
        version_.store(version + 1, std::memory_order_relaxed);  // odd: being written
        std::atomic_thread_fence(std::memory_order_release);
        offset_ns_.store(estimate.offset_ns, std::memory_order_relaxed);
        drift_.store(estimate.drift, std::memory_order_relaxed);
        reference_ns_.store(estimate.reference_host_ns, std::memory_order_relaxed);
        centre_ns_.store(estimate.centre_host_ns, std::memory_order_relaxed);
        offset_bound_ns_.store(estimate.offset_bound_ns, std::memory_order_relaxed);
        drift_bound_.store(estimate.drift_bound, std::memory_order_relaxed);
        version_.store(version + 2, std::memory_order_release);
    }

    // Copies the last published mapping into `out` (only its mapping fields) unless a publish
    // overlapped the copy, in which case `out` is left as it was and false is returned. Never
    // waits: a reader at real-time priority spinning on a preempted writer on its own CPU would
    // never let it finish; the caller keeps the mapping it had, one publish old.
    bool tryRead(ClockEstimate& out) const noexcept {
        const std::uint64_t before = version_.load(std::memory_order_acquire);
        if ((before & 1u) != 0 || before == 0) {
            return false;
        }
        ClockEstimate copy;
        copy.offset_ns = offset_ns_.load(std::memory_order_relaxed);
        copy.drift = drift_.load(std::memory_order_relaxed);
        copy.reference_host_ns = reference_ns_.load(std::memory_order_relaxed);
        copy.centre_host_ns = centre_ns_.load(std::memory_order_relaxed);
        copy.offset_bound_ns = offset_bound_ns_.load(std::memory_order_relaxed);
        copy.drift_bound = drift_bound_.load(std::memory_order_relaxed);
        std::atomic_thread_fence(std::memory_order_acquire);
        if (version_.load(std::memory_order_relaxed) != before) {
            return false;
        }
        copy.valid = true;
        out = copy;
        return true;
    }

private:
    std::atomic<std::uint64_t> version_{0};
    std::atomic<double> offset_ns_{0};
    std::atomic<double> drift_{0};
    std::atomic<std::int64_t> reference_ns_{0};
    std::atomic<std::int64_t> centre_ns_{0};
    std::atomic<double> offset_bound_ns_{0};
    std::atomic<double> drift_bound_{0};
};

}  // namespace hwbridge
