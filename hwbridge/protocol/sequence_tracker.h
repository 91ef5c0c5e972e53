// Tells drops, duplicates and reordering apart from the records' 32-bit sequence numbers
// (serial-number arithmetic, so the counter may wrap). A window of the last 1024 numbers below
// the highest seen remembers which have arrived.
#pragma once

#include <bitset>
#include <cstdint>

namespace hwbridge {

enum class SequenceVerdict : std::uint8_t {
    InOrder,    // the next number, or the first one
    AfterGap,   // ahead of the next: the numbers between are missing (for now)
    Late,       // behind the highest, not seen before: fills a gap (reordered)
    Duplicate,  // seen before
    TooOld,     // behind the window: cannot tell, dropped
};

struct SequenceCounts {
    std::uint64_t accepted = 0;    // in order, after a gap, or late
    std::uint64_t missing = 0;     // gaps not (yet) filled by late arrivals
    std::uint64_t reordered = 0;   // late arrivals
    std::uint64_t duplicates = 0;  // duplicates and too-old numbers
};

class SequenceTracker {
public:
    static constexpr std::uint32_t kWindow = 1024;

    // Accepted (InOrder, AfterGap, Late) numbers should be used; the others dropped.
    SequenceVerdict observe(std::uint32_t sequence);
    const SequenceCounts& counts() const { return counts_; }
    static bool accepted(SequenceVerdict v) {
        return v == SequenceVerdict::InOrder || v == SequenceVerdict::AfterGap ||
               v == SequenceVerdict::Late;
    }

private:
    void advanceTo(std::uint32_t sequence);

    bool started_ = false;
    std::uint32_t highest_ = 0;
    std::bitset<kWindow> seen_;  // bit i: highest_ - i has arrived
    SequenceCounts counts_;
};

}  // namespace hwbridge
