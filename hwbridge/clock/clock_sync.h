// Maps the fixture's free-running clock to host CLOCK_MONOTONIC, with an error bound that every
// report carries (PROTOCOL.md, "Clock synchronisation").
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

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
    double error_bound_ns = 0;           // half-width of the mapping's uncertainty
    std::size_t samples_used = 0;

    // Host time of a fixture timestamp.
    std::int64_t toHost(std::uint64_t fixture_ns) const;
};

class ClockSync {
public:
    void add(const ClockSample& sample);
    // Fits over the tightest half of the samples (smallest round trips).
    ClockEstimate estimate() const;
    std::size_t size() const { return samples_.size(); }

private:
    std::vector<ClockSample> samples_;
};

}  // namespace hwbridge
