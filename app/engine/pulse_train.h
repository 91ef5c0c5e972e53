// The stimulus train for a port that pulses its own plug (ppdev, the kernel module): a thread
// that raises one edge at a time on an absolute-time schedule (periodic, or random with
// exponential intervals), each after the previous one's interrupt was handled or given up on,
// so that one interrupt never queues behind another. The fixture does this in its firmware; a
// real port's host does it here.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "pulse_source.h"
#include "scenario.h"
#include "single_writer_counter.h"

namespace engine {

struct PulseTrainCounts {
    std::uint64_t sent = 0;
    std::uint64_t unanswered = 0;  // no interrupt handled within the answer timeout
    std::uint64_t late = 0;        // left a period or more after its planned time
    std::uint64_t left_late = 0;   // left over wire::kOnTimeToleranceNs after it
    std::int64_t max_late_ns = 0;  // the worst lateness of any edge
};

class PulseTrain {
public:
    // `planned` stimuli (0: until stopped) at the scenario's rate and mode.
    PulseTrain(driver::PulseSource& source, const StimulusSpec& stimulus, std::uint64_t planned);
    ~PulseTrain();

    PulseTrain(const PulseTrain&) = delete;
    PulseTrain& operator=(const PulseTrain&) = delete;

    void start();
    // Returns once no pulse is in flight.
    void stop();
    PulseTrainCounts counts() const;
    // Why the train ended early (a pulse the port refused), empty otherwise.
    std::string failure() const;

private:
    void run(std::int64_t first_edge_ns);
    bool awaitAnswer(std::uint64_t stimulus) const;
    std::int64_t nextInterval();

    driver::PulseSource& source_;
    const StimulusSpec stimulus_;
    const std::uint64_t planned_;
    const std::int64_t period_ns_;
    const std::int64_t answer_timeout_ns_;
    std::uint64_t random_state_;

    std::atomic<bool> stopping_{false};
    // Written by the train's thread only, read by counts() from any thread.
    hwbridge::SingleWriterCounter sent_;
    hwbridge::SingleWriterCounter unanswered_;
    hwbridge::SingleWriterCounter late_;
    hwbridge::SingleWriterCounter left_late_;
    hwbridge::SingleWriterMax max_late_ns_;
    mutable std::mutex failure_mutex_;
    std::string failure_;
    std::thread thread_;
};

}  // namespace engine
