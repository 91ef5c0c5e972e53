// What a measuring run asks of the host, as cyclictest does (DESIGN.md "Real hardware"):
// SCHED_FIFO for the threads on the interrupt path, CPU affinity, locked memory, and
// /dev/cpu_dma_latency held at 0 so that no CPU sleeps in a deep idle state during the run.
// Each is asked for on the thread that opens the port, before the port's threads exist, so that
// they inherit it; whatever is refused (no root, no CAP_SYS_NICE, a container) is said once, and
// the run goes on without it. The grant is recorded in the result.
#pragma once

#include <string>
#include <vector>

namespace engine {

struct RealtimeRequest {
    int priority = 0;         // SCHED_FIFO priority 1-99; 0: normal scheduling (cyclictest's -p)
    std::vector<int> cpus;    // CPU affinity; empty: any CPU (cyclictest's -a)
    bool lock_memory = true;  // mlockall (cyclictest's -m)
    bool dma_latency = true;  // /dev/cpu_dma_latency held at 0 us (cyclictest holds it by default)
};

struct RealtimeGrant {
    int priority = 0;  // what the run's threads run at (0: normal scheduling)
    std::vector<int> cpus;
    bool memory_locked = false;
    bool dma_latency_held = false;
    std::vector<std::string> refused;  // one line per thing asked for and not granted, and why
};

// Applies a request to the calling thread (and so to every thread it starts) for its lifetime,
// and undoes it when destroyed.
class RealtimeScope {
public:
    explicit RealtimeScope(const RealtimeRequest& request);
    ~RealtimeScope();

    RealtimeScope(const RealtimeScope&) = delete;
    RealtimeScope& operator=(const RealtimeScope&) = delete;

    const RealtimeGrant& grant() const { return grant_; }

private:
    void schedule(int priority);
    void pin(const std::vector<int>& cpus);
    void lockMemory();
    void holdDmaLatency();

    RealtimeGrant grant_;
    int previous_policy_ = -1;  // -1: unchanged
    int previous_priority_ = 0;
    bool affinity_changed_ = false;
    std::vector<unsigned char> previous_affinity_;  // a cpu_set_t's bytes
    int dma_latency_fd_ = -1;
};

// "SCHED_FIFO 80, CPUs 2,3, memory locked, cpu_dma_latency 0 us held" or "normal scheduling, ...".
std::string describeGrant(const RealtimeGrant& grant);

}  // namespace engine
