// A port that raises its own stimulus through the loopback plug, one edge at a time: the
// virtual port, a real port through ppdev, and the kernel module. The interrupt each pulse causes
// reaches the driver as an InterruptEdge whose sequence is the pulse's number.
#pragma once

#include <cstdint>

namespace driver {

struct Pulse {
    std::uint64_t stimulus = 0;  // 1-based, gap-free per port; 0: no edge was raised
    std::int64_t t_edge_ns = 0;  // host CLOCK_MONOTONIC right before the edge
};

class PulseSource {
public:
    // One stimulus edge; throws std::runtime_error when the port cannot take it (gone).
    virtual Pulse pulseStimulus() = 0;
    // The newest pulse whose interrupt has been handled to the end (the driver's observer
    // included): a pulse train waits for it before the next edge, so that one interrupt never
    // queues behind another.
    virtual std::uint64_t lastStimulusHandled() const = 0;

protected:
    ~PulseSource() = default;
};

}  // namespace driver
