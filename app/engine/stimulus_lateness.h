// How late a stimulus train's edges have left their places on its timebase so far: what a run
// reports in its counters (fields of the same names) and what the window shows while it runs.
#pragma once

#include <cstdint>

namespace engine {

struct StimulusLateness {
    std::uint64_t late_stimuli = 0;       // a period or more after their place
    std::uint64_t stimuli_left_late = 0;  // over 1 us (wire::kOnTimeToleranceNs) after it
    std::int64_t stimulus_max_late_ns = 0;
};

}  // namespace engine
