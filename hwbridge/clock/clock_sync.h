// Maps the fixture's free-running clock to host CLOCK_MONOTONIC, with an error bound that every
// report carries (PROTOCOL.md, "Clock synchronisation").
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>

namespace hwbridge {

struct ClockSample {
    std::int64_t host_before_ns = 0;  // just before the GET_CLOCK transfer
    std::uint64_t fixture_ns = 0;     // the fixture's time, latched during the transfer
    std::int64_t host_after_ns = 0;   // just after it completed
};

struct ClockEstimate {
    bool valid = false;
    std::int64_t reference_host_ns = 0;  // host time the fit is centred on
    double offset_ns = 0;                // fixture - host at the reference time
    double drift = 0;                    // d(fixture - host) / d(host), e.g. 20e-6 = 20 ppm
    // The mapping's uncertainty grows away from the samples: at host time h it is at most
    // offset_bound_ns + drift_bound * |h - centre_host_ns| (errorBoundAt).
    std::int64_t centre_host_ns = 0;  // the samples' mean host time
    double offset_bound_ns = 0;       // the worst half round trip (or residual) of the fit
    double drift_bound = 0;           // how wrong `drift` may be
    double error_bound_ns = 0;        // errorBoundAt the newest sample, the figure shown
    std::size_t samples_used = 0;

    // Host time of a fixture timestamp.
    std::int64_t toHost(std::uint64_t fixture_ns) const;
    double errorBoundAt(std::int64_t host_ns) const;
};

// The drift a fit cannot tell yet is taken to be at most this: a crystal's tolerance over
// temperature (typical parts are +-50 ppm; twice that is the margin).
inline constexpr double kDriftToleranceUnfitted = 100e-6;

class ClockSync {
public:
    // A run takes 4 round trips every 250 ms; the newest samples are kept (the last 8.5 minutes
    // at that rate), so a crystal that wanders with temperature is followed.
    static constexpr std::size_t kMaxSamples = 8192;

    void add(const ClockSample& sample);
    // Fits over the tightest half of the samples (smallest round trips).
    ClockEstimate estimate() const;
    std::size_t size() const { return samples_.size(); }

private:
    std::deque<ClockSample> samples_;
};

}  // namespace hwbridge
