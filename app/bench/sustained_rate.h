// Issue 13 part 2: how many interrupts per second the virtual sources carry when asked for a
// rate, with the accounting checked to the last interrupt. The achieved rate is printed beside
// the asked one (the reference), as every `isrbench bench` figure is beside its own.
#pragma once

#include <cstdint>
#include <string>

namespace bench {

struct SustainedRate {
    double asked_hz = 0;
    double achieved_hz = 0;
    std::uint64_t sent = 0;     // edges the source made
    std::uint64_t handled = 0;  // interrupts that reached the ISR
    bool exact = false;         // every edge accounted for: none lost, none counted twice
};

// The default scenario's virtual fixture (its bus, its responder) run for `seconds` with a
// periodic train at `asked_hz` and its ISRs active all along: the engine, the recorder ring and
// the statistics all carry the load. Achieved = stimuli the run recorded / its length.
SustainedRate virtualFixtureRate(const std::string& scenario_text, const std::string& scenario_name,
                                 double asked_hz, double seconds);

// The virtual port with the user-space driver and a counting ISR, pulsed by the pulse train
// that drives real ports (one edge after the previous one's interrupt was handled).
SustainedRate virtualPortRate(double asked_hz, double seconds);

}  // namespace bench
