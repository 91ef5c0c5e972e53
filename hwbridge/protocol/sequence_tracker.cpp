#include "sequence_tracker.h"

namespace hwbridge {

void SequenceTracker::advanceTo(std::uint32_t sequence) {
    const std::uint32_t step = sequence - highest_;
    seen_ = step >= kWindow ? std::bitset<kWindow>{} : seen_ << step;
    seen_.set(0);
    highest_ = sequence;
}

SequenceVerdict SequenceTracker::observe(std::uint32_t sequence) {
    if (!started_) {
        started_ = true;
        highest_ = sequence;
        seen_.set(0);
        ++counts_.accepted;
        return SequenceVerdict::InOrder;
    }
    const auto ahead = static_cast<std::int32_t>(sequence - highest_);
    if (ahead > 0) {
        const std::uint32_t missed = static_cast<std::uint32_t>(ahead) - 1;
        counts_.missing += missed;
        ++counts_.accepted;
        advanceTo(sequence);
        return missed == 0 ? SequenceVerdict::InOrder : SequenceVerdict::AfterGap;
    }
    const auto behind = static_cast<std::uint32_t>(-static_cast<std::int64_t>(ahead));
    if (behind >= kWindow) {
        ++counts_.duplicates;
        return SequenceVerdict::TooOld;
    }
    if (seen_.test(behind)) {
        ++counts_.duplicates;
        return SequenceVerdict::Duplicate;
    }
    seen_.set(behind);
    ++counts_.accepted;
    ++counts_.reordered;
    if (counts_.missing > 0) {
        --counts_.missing;
    }
    return SequenceVerdict::Late;
}

}  // namespace hwbridge
