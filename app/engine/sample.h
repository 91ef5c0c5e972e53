// One stimulus as the engine accounts for it: how it ended, in which life-cycle phase, and its
// timestamps on the host clock (DESIGN.md "Latency, defined"). 0 marks a timestamp not taken.
#pragma once

#include <cstdint>
#include <string_view>

namespace engine {

enum class Outcome : std::uint8_t { Serviced, Suppressed, Unclaimed, Lost, Violation };
inline constexpr int kOutcomeCount = 5;

constexpr std::string_view outcomeName(Outcome outcome) {
    switch (outcome) {
        case Outcome::Serviced:
            return "serviced";
        case Outcome::Suppressed:
            return "suppressed";
        case Outcome::Unclaimed:
            return "unclaimed";
        case Outcome::Lost:
            return "lost";
        case Outcome::Violation:
            return "violation";
    }
    return "?";
}

struct Sample {
    std::uint64_t sequence = 0;  // the stimulus's sequence number
    std::uint16_t phase = 0;     // index into the run's timeline
    Outcome outcome = Outcome::Lost;
    std::int64_t t_edge_ns = 0;
    std::int64_t t_arrive_ns = 0;
    std::int64_t t_isr_ns = 0;
    std::int64_t t_resp_ns = 0;
    std::int64_t t_due_ns = 0;  // when a stimulus that left late was due; 0: it left on time

    bool hasLatency() const { return outcome == Outcome::Serviced && t_isr_ns != 0; }
    // Interrupt latency counts from when the stimulus was due (DESIGN.md: a stall shows as
    // latency, not as fewer samples).
    std::int64_t t_start_ns() const { return t_due_ns != 0 ? t_due_ns : t_edge_ns; }
    std::int64_t latencyNs() const { return t_isr_ns - t_start_ns(); }
};

}  // namespace engine
