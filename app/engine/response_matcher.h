// Pairs each response edge (the ISR's answer on nError, captured by the fixture) with the
// stimulus it answers. A response is caught after the bus delay, so several later stimuli may
// have arrived by then: it belongs to the newest serviced stimulus whose ISR ran before the edge
// and has no response yet. Serviced samples wait here for their edge; they are handed on when
// answered, or unanswered once `kWindow` newer ones wait or `kPatienceNs` has passed since their
// ISR (a routine that does not respond, a response lost on the way). Fixed memory.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>

#include "sample.h"

namespace engine {

class ResponseMatcher {
public:
    static constexpr std::size_t kWindow = 512;
    static constexpr std::int64_t kPatienceNs = 100'000'000;  // longer than any bus model's delay

    // `close` receives every sample, answered or not, exactly once, in arrival order.
    explicit ResponseMatcher(std::function<void(const Sample&)> close) : close_(std::move(close)) {}

    // A stimulus: serviced ones wait for their response edge, the others go straight through
    // (after every sample still waiting, so that the order stays the arrival order).
    void add(const Sample& sample);
    // A response edge at host time `t_resp_ns`; false if it answers nothing still waiting.
    bool respond(std::int64_t t_resp_ns);
    // Hands on, unanswered, what has waited longer than kPatienceNs at host time `now_ns`.
    void expire(std::int64_t now_ns);
    // Hands on everything still waiting (end of run).
    void flush();

private:
    void closeOldest();

    std::function<void(const Sample&)> close_;
    std::array<Sample, kWindow> waiting_{};
    std::size_t first_ = 0;
    std::size_t count_ = 0;
};

}  // namespace engine
