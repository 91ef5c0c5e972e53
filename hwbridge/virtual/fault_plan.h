// Faults the virtual fixture injects into its report stream, to prove that the host side counts
// them and loses nothing else.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace hwbridge {

struct FaultPlan {
    // Per record, independently.
    double drop = 0;       // never sent
    double duplicate = 0;  // sent twice
    double reorder = 0;    // swapped with the record after it
    double corrupt = 0;    // one bit flipped after encoding (the check byte catches it)
    std::uint64_t seed = 1;
    // Not a stream fault: the fixture's stimulus counter (GET_STATUS) gains this many stimuli it
    // never made at the end of each train, a broken counter the run's accounting must catch.
    std::uint32_t miscount = 0;

    bool any() const { return drop > 0 || duplicate > 0 || reorder > 0 || corrupt > 0; }
};

// Parses "drop=0.01,duplicate=0.005,reorder=0.01,corrupt=0.001,seed=7,miscount=1" (any subset).
std::optional<FaultPlan> parseFaultPlan(std::string_view text);

}  // namespace hwbridge
