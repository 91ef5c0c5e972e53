// A port that raises its own stimulus through the loopback plug, one edge at a time: the
// virtual port, a real port through ppdev, and the kernel module. The interrupt each pulse causes
// reaches the driver as an InterruptEdge whose sequence is the pulse's number.
#pragma once

#include <cstdint>

#include "wire.h"

namespace driver {

// The due time an edge carries: its place on the train's timebase if it left late, 0 if it left
// on time (the rule the fixture's PLAN records follow, hwbridge/PROTOCOL.md).
constexpr std::int64_t dueIfLate(std::int64_t t_due_ns, std::int64_t t_edge_ns) {
    return t_due_ns != 0 && t_edge_ns - t_due_ns > hwbridge::wire::kOnTimeToleranceNs ? t_due_ns
                                                                                      : 0;
}

struct Pulse {
    std::uint64_t stimulus = 0;  // 1-based, gap-free per port; 0: no edge was raised
    std::int64_t t_edge_ns = 0;  // host CLOCK_MONOTONIC right before the edge
};

class PulseSource {
public:
    // One stimulus edge, due at `t_due_ns` on a train's timebase (0: not a train's); throws
    // std::runtime_error when the port cannot take it (gone).
    virtual Pulse pulseStimulus(std::int64_t t_due_ns) = 0;
    // The newest pulse whose interrupt has been handled to the end (the driver's observer
    // included): a pulse train waits for it before the next edge, so that one interrupt never
    // queues behind another.
    virtual std::uint64_t lastStimulusHandled() const = 0;

protected:
    ~PulseSource() = default;
};

}  // namespace driver
