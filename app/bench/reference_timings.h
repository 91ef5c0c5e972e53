// The references `isrbench bench` measures its figures beside, in the same run: a bare indirect
// call to a minimal ISR, and an eventfd ping-pong between two threads at a given period (what a
// wake-up costs on this host with nothing of ours in it); and the one-way wake-up the virtual
// fixture's report thread sleeps on, which the fixture bench also prints.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "monotonic_clock.h"

namespace bench {

struct Percentiles {
    std::int64_t p50_ns = 0;
    std::int64_t p99_ns = 0;
    std::size_t samples = 0;
};

Percentiles percentilesOf(std::vector<std::int64_t> values);

// The median over `rounds` of the mean time of one call, over `calls` calls each.
template <typename Call>
double nanosecondsPerCall(Call&& call, std::size_t calls, int rounds) {
    std::vector<double> per_call;
    for (int round = 0; round < rounds; ++round) {
        const std::int64_t start = hwbridge::monotonicNowNs();
        for (std::size_t i = 0; i < calls; ++i) {
            call(i);
        }
        per_call.push_back(static_cast<double>(hwbridge::monotonicNowNs() - start) /
                           static_cast<double>(calls));
    }
    std::sort(per_call.begin(), per_call.end());
    return per_call[per_call.size() / 2];
}

double bareIndirectCallNs(std::size_t calls, int rounds);

// `count` pings, one per `period_ns` on an absolute timer; the latency of each from its write to
// the ponger's wake-up. Both threads sleep between pings, as a stimulus generator and an
// interrupt thread do.
std::vector<std::int64_t> eventfdPingPong(int count, std::int64_t period_ns);

// The virtual fixture's pattern without the fixture: a timed waker that stamps the time and rings
// a Doorbell (the fixture's own wake-up, a futex), and a sleeper that never answers, so the
// scheduler gets no hint to keep the two on one CPU. The latency of each ring to the wake-up.
std::vector<std::int64_t> doorbellOneWay(int count, std::int64_t period_ns);

}  // namespace bench
