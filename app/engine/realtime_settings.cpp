#include "realtime_settings.h"

#include <fcntl.h>
#include <sched.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>

namespace engine {
namespace {

std::string why(const char* what, int error, const char* remedy) {
    return std::string(what) + ": " + std::strerror(error) + " (" + remedy + ")";
}

}  // namespace

RealtimeScope::RealtimeScope(const RealtimeRequest& request) {
    if (request.priority > 0) {
        schedule(request.priority);
    }
    if (!request.cpus.empty()) {
        pin(request.cpus);
    }
    if (request.lock_memory) {
        lockMemory();
    }
    if (request.dma_latency) {
        holdDmaLatency();
    }
}

RealtimeScope::~RealtimeScope() {
    if (dma_latency_fd_ >= 0) {
        close(dma_latency_fd_);  // the kernel drops the request with the last close
    }
    if (grant_.memory_locked) {
        munlockall();
    }
    if (affinity_changed_) {
        sched_setaffinity(0, previous_affinity_.size(),
                          reinterpret_cast<cpu_set_t*>(previous_affinity_.data()));
    }
    if (previous_policy_ >= 0) {
        const sched_param previous{previous_priority_};
        sched_setscheduler(0, previous_policy_, &previous);
    }
}

void RealtimeScope::schedule(int priority) {
    sched_param old{};
    const int old_policy = sched_getscheduler(0);
    sched_getparam(0, &old);
    const sched_param wanted{priority};
    if (sched_setscheduler(0, SCHED_FIFO, &wanted) != 0) {
        grant_.refused.push_back(why("SCHED_FIFO priority", errno,
                                     "needs root or CAP_SYS_NICE, or an rtprio limit in "
                                     "/etc/security/limits.conf"));
        return;
    }
    previous_policy_ = old_policy;
    previous_priority_ = old.sched_priority;
    grant_.priority = priority;
}

void RealtimeScope::pin(const std::vector<int>& cpus) {
    cpu_set_t old;
    CPU_ZERO(&old);
    sched_getaffinity(0, sizeof old, &old);
    cpu_set_t wanted;
    CPU_ZERO(&wanted);
    for (const int cpu : cpus) {
        if (cpu >= 0 && cpu < CPU_SETSIZE) {
            CPU_SET(cpu, &wanted);
        }
    }
    if (sched_setaffinity(0, sizeof wanted, &wanted) != 0) {
        grant_.refused.push_back(
            why("CPU affinity", errno, "is every CPU asked for online and allowed here?"));
        return;
    }
    const auto* bytes = reinterpret_cast<const unsigned char*>(&old);
    previous_affinity_.assign(bytes, bytes + sizeof old);
    affinity_changed_ = true;
    grant_.cpus = cpus;
}

// MCL_ONFAULT: pages are locked as they are first touched, not all at once; a sanitizer's
// terabytes of reserved shadow memory would otherwise be faulted in by mlockall itself.
void RealtimeScope::lockMemory() {
    if (mlockall(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT) != 0) {
        grant_.refused.push_back(why("mlockall", errno,
                                     "needs root or CAP_IPC_LOCK, or a memlock limit in "
                                     "/etc/security/limits.conf"));
        return;
    }
    grant_.memory_locked = true;
}

void RealtimeScope::holdDmaLatency() {
    const int fd = open("/dev/cpu_dma_latency", O_WRONLY | O_CLOEXEC);
    const std::int32_t zero = 0;
    if (fd < 0 || write(fd, &zero, sizeof zero) != static_cast<ssize_t>(sizeof zero)) {
        const int error = errno;
        if (fd >= 0) {
            close(fd);
        }
        grant_.refused.push_back(why("/dev/cpu_dma_latency", error,
                                     "needs root; without it CPUs may sleep in deep idle states "
                                     "and wake-ups take longer"));
        return;
    }
    dma_latency_fd_ = fd;
    grant_.dma_latency_held = true;
}

std::string describeGrant(const RealtimeGrant& grant) {
    std::string text =
        grant.priority > 0 ? "SCHED_FIFO " + std::to_string(grant.priority) : "normal scheduling";
    if (!grant.cpus.empty()) {
        text += ", CPUs ";
        for (std::size_t i = 0; i < grant.cpus.size(); ++i) {
            text += (i > 0 ? "," : "") + std::to_string(grant.cpus[i]);
        }
    }
    text += grant.memory_locked ? ", memory locked" : ", memory not locked";
    text += grant.dma_latency_held ? ", cpu_dma_latency 0 us held" : ", cpu_dma_latency not held";
    return text;
}

}  // namespace engine
