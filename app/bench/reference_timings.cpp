#include "reference_timings.h"

#include <sys/eventfd.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "contract/parallel.h"
#include "doorbell.h"

namespace bench {
namespace {

bool countingRoutine(contract::KINTERRUPT*, void* context) {
    ++*static_cast<std::uint64_t*>(context);
    return true;
}

// The waker both references share: `count` sends, one per `period_ns` on an absolute timer, each
// stamped into `sent_at` just before `send(i)` makes it.
template <typename Send>
void pacedSends(int count, std::int64_t period_ns, std::atomic<std::int64_t>& sent_at,
                Send&& send) {
    std::int64_t next = hwbridge::monotonicNowNs();
    for (int i = 0; i < count; ++i) {
        next += period_ns;
        hwbridge::sleepUntilNs(next);
        sent_at.store(hwbridge::monotonicNowNs(), std::memory_order_release);
        send(i);
    }
}

}  // namespace

Percentiles percentilesOf(std::vector<std::int64_t> values) {
    if (values.empty()) {
        return {};
    }
    std::sort(values.begin(), values.end());
    return {values[values.size() / 2],
            values[std::min(values.size() - 1, values.size() * 99 / 100)], values.size()};
}

double bareIndirectCallNs(std::size_t calls, int rounds) {
    std::uint64_t count = 0;
    contract::PPARALLEL_INTERRUPT_ROUTINE volatile routine = &countingRoutine;
    return nanosecondsPerCall([&](std::size_t) { routine(nullptr, &count); }, calls, rounds);
}

std::vector<std::int64_t> eventfdPingPong(int count, std::int64_t period_ns) {
    const int ping = eventfd(0, EFD_CLOEXEC);
    const int pong = eventfd(0, EFD_CLOEXEC);
    std::atomic<std::int64_t> sent_at{0};
    std::vector<std::int64_t> latencies;
    latencies.reserve(static_cast<std::size_t>(count));
    const std::uint64_t one = 1;
    std::thread ponger([&] {
        for (int i = 0; i < count; ++i) {
            std::uint64_t value = 0;
            [[maybe_unused]] const auto r = read(ping, &value, sizeof value);
            latencies.push_back(hwbridge::monotonicNowNs() -
                                sent_at.load(std::memory_order_acquire));
            [[maybe_unused]] const auto w = write(pong, &one, sizeof one);
        }
    });
    pacedSends(count, period_ns, sent_at, [&](int) {
        [[maybe_unused]] const auto w = write(ping, &one, sizeof one);
        std::uint64_t value = 0;
        [[maybe_unused]] const auto r = read(pong, &value, sizeof value);
    });
    ponger.join();
    close(ping);
    close(pong);
    return latencies;
}

std::vector<std::int64_t> doorbellOneWay(int count, std::int64_t period_ns) {
    hwbridge::Doorbell doorbell;
    std::atomic<std::int64_t> sent_at{0};
    std::atomic<int> sent{0};
    std::vector<std::int64_t> latencies;
    latencies.reserve(static_cast<std::size_t>(count));
    std::thread sleeper([&] {
        // A ring the sleeper was too late for is answered with the next: one wake-up, one sample.
        for (int answered = 0; answered < count;) {
            if (doorbell.waitUntil(hwbridge::Doorbell::kForever)) {
                doorbell.answer();
                latencies.push_back(hwbridge::monotonicNowNs() -
                                    sent_at.load(std::memory_order_acquire));
                answered = sent.load(std::memory_order_acquire);
            }
        }
    });
    pacedSends(count, period_ns, sent_at, [&](int i) {
        sent.store(i + 1, std::memory_order_release);
        doorbell.ring();
    });
    sleeper.join();
    return latencies;
}

}  // namespace bench
