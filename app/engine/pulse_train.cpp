#include "pulse_train.h"

#include <sys/prctl.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>

#include "monotonic_clock.h"
#include "thread_name.h"
#include "wire.h"

namespace engine {
namespace {

// An interrupt not handled within this long counts as unanswered and the train goes on.
constexpr std::int64_t kMinAnswerTimeoutNs = 100'000'000;
constexpr std::int64_t kSpinNs = 1'000'000;
constexpr std::int64_t kSpinBeforeEdgeNs = 20'000;

// Sleeps until shortly before the edge and waits out the rest awake: a sleeping thread wakes
// microseconds late, which at 100 k edges/s is most of a period. An edge already due leaves at
// once, without the system call.
void waitForEdgeTime(std::int64_t when_ns) {
    const std::int64_t sleep_until = when_ns - kSpinBeforeEdgeNs;
    if (sleep_until > hwbridge::monotonicNowNs()) {
        hwbridge::sleepUntilNs(sleep_until);
    }
    while (hwbridge::monotonicNowNs() < when_ns) {
    }
}

}  // namespace

PulseTrain::PulseTrain(driver::PulseSource& source, const StimulusSpec& stimulus,
                       std::uint64_t planned)
    : source_(source),
      stimulus_(stimulus),
      planned_(planned),
      period_ns_(std::max<std::int64_t>(1, std::llround(1e9 / stimulus.rate_hz))),
      answer_timeout_ns_(std::max(kMinAnswerTimeoutNs, 10 * period_ns_)),
      random_state_(0x15B) {}

PulseTrain::~PulseTrain() {
    stop();
}

void PulseTrain::start() {
    const std::int64_t first = hwbridge::monotonicNowNs() + period_ns_;
    thread_ = std::thread([this, first] {
        // The default 50 us of timer slack would be added to every edge's sleep.
        prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
        hwbridge::nameThisThread("pulse-train");
        run(first);
    });
}

void PulseTrain::stop() {
    stopping_.store(true, std::memory_order_release);
    if (thread_.joinable()) {
        thread_.join();
    }
}

// Exponential intervals for a random train (splitmix64 for the uniform draw: reproducible).
std::int64_t PulseTrain::nextInterval() {
    if (stimulus_.mode != StimulusMode::Random) {
        return period_ns_;
    }
    std::uint64_t z = (random_state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    const double uniform = (static_cast<double>(z >> 11) + 0.5) / 9007199254740992.0;
    return std::max<std::int64_t>(1, std::llround(-std::log(uniform) * period_ns_));
}

// Yields for the first millisecond (an interrupt is normally handled within microseconds, and
// a sleep would cost more than the wait), then sleeps in short steps.
bool PulseTrain::awaitAnswer(std::uint64_t stimulus) const {
    const std::int64_t started = hwbridge::monotonicNowNs();
    const std::int64_t deadline = started + answer_timeout_ns_;
    while (source_.lastStimulusHandled() < stimulus) {
        const std::int64_t now = hwbridge::monotonicNowNs();
        if (stopping_.load(std::memory_order_acquire) || now > deadline) {
            return false;
        }
        if (now - started < kSpinNs) {
            std::this_thread::yield();
        } else {
            std::this_thread::sleep_for(std::chrono::microseconds(50));
        }
    }
    return true;
}

void PulseTrain::run(std::int64_t first_edge_ns) {
    std::int64_t planned_at = first_edge_ns;
    std::uint64_t previous = 0;
    for (std::uint64_t i = 0; planned_ == 0 || i < planned_; ++i) {
        if (previous != 0 && !awaitAnswer(previous)) {
            unanswered_.increment();
        }
        if (stopping_.load(std::memory_order_acquire)) {
            return;
        }
        waitForEdgeTime(planned_at);
        const std::int64_t late = hwbridge::monotonicNowNs() - planned_at;
        max_late_ns_.offer(late);
        if (late >= period_ns_) {
            late_.increment();
        }
        if (late > hwbridge::wire::kOnTimeToleranceNs) {
            left_late_.increment();
        }
        try {
            previous = source_.pulseStimulus(planned_at).stimulus;
        } catch (const std::runtime_error& error) {
            std::lock_guard lock(failure_mutex_);
            failure_ = error.what();
            return;
        }
        sent_.increment();
        planned_at += nextInterval();
    }
    if (previous != 0 && !awaitAnswer(previous)) {
        unanswered_.increment();
    }
}

PulseTrainCounts PulseTrain::counts() const {
    return {.sent = sent_.read(),
            .unanswered = unanswered_.read(),
            .late = late_.read(),
            .left_late = left_late_.read(),
            .max_late_ns = max_late_ns_.read()};
}

std::string PulseTrain::failure() const {
    std::lock_guard lock(failure_mutex_);
    return failure_;
}

}  // namespace engine
