#include "response_matcher.h"

namespace engine {

void ResponseMatcher::closeOldest() {
    close_(waiting_[first_]);
    first_ = (first_ + 1) % kWindow;
    --count_;
}

void ResponseMatcher::add(const Sample& sample) {
    if (!sample.hasLatency()) {
        flush();
        close_(sample);
        return;
    }
    if (count_ == kWindow) {
        closeOldest();
    }
    waiting_[(first_ + count_) % kWindow] = sample;
    ++count_;
}

// Newest first: the newest ISR that ran before the edge is the one that made it (an ISR's
// response edge is its own toggle of D0; a later ISR had not run yet).
bool ResponseMatcher::respond(std::int64_t t_resp_ns) {
    for (std::size_t back = count_; back > 0; --back) {
        Sample& candidate = waiting_[(first_ + back - 1) % kWindow];
        if (candidate.t_isr_ns <= t_resp_ns) {
            if (candidate.t_resp_ns != 0) {
                return false;  // its ISR answered already: a second responder's edge
            }
            candidate.t_resp_ns = t_resp_ns;
            // Everything older can no longer be answered: a response edge never overtakes one
            // made earlier.
            while (count_ > 0 && &waiting_[first_] != &candidate) {
                closeOldest();
            }
            closeOldest();
            return true;
        }
    }
    return false;
}

void ResponseMatcher::expire(std::int64_t now_ns) {
    while (count_ > 0 && waiting_[first_].t_isr_ns < now_ns - kPatienceNs) {
        closeOldest();
    }
}

void ResponseMatcher::flush() {
    while (count_ > 0) {
        closeOldest();
    }
}

}  // namespace engine
