// Transport::submitControlOut for a fixture model served in-process (the virtual fixture, test
// transports): the model applies the request at once on the report thread, so it is complete
// when submitControlOut returns. Nothing here waits on the bus: the model's own lock is held by
// its threads for a register update at most.
#pragma once

#include <atomic>
#include <cstdint>

#include "fixture_model.h"
#include "transport.h"

namespace hwbridge {

class ImmediateControl {
public:
    bool submit(FixtureModel& model, bool plugged, wire::Request request, std::uint16_t value,
                std::uint16_t index) noexcept {
        if (!plugged) {
            refused_.fetch_add(1, std::memory_order_relaxed);
            return false;
        }
        submitted_.fetch_add(1, std::memory_order_relaxed);
        const bool ok = model.controlOut(request, value, index, {}).status == TransferStatus::Ok;
        (ok ? completed_ : failed_).fetch_add(1, std::memory_order_relaxed);
        return true;
    }

    AsyncControlCounts counts() const {
        return {submitted_.load(std::memory_order_relaxed),
                completed_.load(std::memory_order_relaxed), failed_.load(std::memory_order_relaxed),
                refused_.load(std::memory_order_relaxed)};
    }

private:
    std::atomic<std::uint64_t> submitted_{0};
    std::atomic<std::uint64_t> completed_{0};
    std::atomic<std::uint64_t> failed_{0};
    std::atomic<std::uint64_t> refused_{0};
};

}  // namespace hwbridge
