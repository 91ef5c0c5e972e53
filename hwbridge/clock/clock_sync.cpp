#include "clock_sync.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace hwbridge {
namespace {

double halfRoundTrip(const ClockSample& s) {
    return static_cast<double>(s.host_after_ns - s.host_before_ns) / 2.0;
}

double midpoint(const ClockSample& s) {
    return static_cast<double>(s.host_before_ns) + halfRoundTrip(s);
}

}  // namespace

void ClockSync::add(const ClockSample& sample) {
    if (sample.host_after_ns >= sample.host_before_ns) {
        samples_.push_back(sample);
        if (samples_.size() > kMaxSamples) {
            samples_.pop_front();
        }
    }
}

ClockEstimate ClockSync::estimate() const {
    ClockEstimate e;
    if (samples_.empty()) {
        return e;
    }
    std::vector<ClockSample> best(samples_.begin(), samples_.end());
    std::sort(best.begin(), best.end(),
              [](const auto& a, const auto& b) { return halfRoundTrip(a) < halfRoundTrip(b); });
    best.resize(std::max<std::size_t>(1, (best.size() + 1) / 2));

    // Least squares of y = fixture - host against x = host - reference.
    e.reference_host_ns = best.front().host_before_ns;
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (const auto& s : best) {
        const double x = midpoint(s) - static_cast<double>(e.reference_host_ns);
        const double y = static_cast<double>(s.fixture_ns) - midpoint(s);
        sx += x;
        sy += y;
        sxx += x * x;
        sxy += x * y;
    }
    const double n = static_cast<double>(best.size());
    const double mean_x = sx / n;
    // Each y is off by at most its half round trip (the fixture latched somewhere inside it),
    // so a fit is off by at most the worst of them at the samples' centre, and a fitted slope
    // by at most that times sum|x - mean| / sum (x - mean)^2.
    double worst_half = 0, spread_abs = 0, spread_sq = 0;
    for (const auto& s : best) {
        const double x = midpoint(s) - static_cast<double>(e.reference_host_ns);
        worst_half = std::max(worst_half, halfRoundTrip(s));
        spread_abs += std::abs(x - mean_x);
        spread_sq += (x - mean_x) * (x - mean_x);
    }
    // A drift fitted over too short a baseline is noise that extrapolation turns into error:
    // the slope is fitted only once the samples pin it down better than the crystal's
    // tolerance does; until then the clocks are taken to run at the same rate, give or take it.
    const bool fit_drift =
        spread_sq > 0 && worst_half * spread_abs / spread_sq < kDriftToleranceUnfitted;
    e.drift = fit_drift ? (n * sxy - sx * sy) / (n * sxx - sx * sx) : 0.0;
    e.offset_ns = (sy - e.drift * sx) / n;
    e.centre_host_ns = e.reference_host_ns + static_cast<std::int64_t>(std::llround(mean_x));

    // Residuals beyond the half round trips (a clock that is not linear) widen the bound.
    double worst_residual = 0;
    for (const auto& s : best) {
        const double x = midpoint(s) - static_cast<double>(e.reference_host_ns);
        const double y = static_cast<double>(s.fixture_ns) - midpoint(s);
        worst_residual = std::max(worst_residual, std::abs(y - (e.offset_ns + e.drift * x)));
    }
    e.offset_bound_ns = std::max(worst_half, worst_residual) * (1 + kDriftToleranceUnfitted) + 1;
    e.drift_bound =
        fit_drift ? e.offset_bound_ns * spread_abs / spread_sq : kDriftToleranceUnfitted;
    const auto newest = std::max_element(
        best.begin(), best.end(),
        [](const auto& a, const auto& b) { return a.host_after_ns < b.host_after_ns; });
    e.error_bound_ns = e.errorBoundAt(newest->host_after_ns);
    e.samples_used = best.size();
    e.valid = true;
    return e;
}

double ClockEstimate::errorBoundAt(std::int64_t host_ns) const {
    return offset_bound_ns + drift_bound * std::abs(static_cast<double>(host_ns - centre_host_ns));
}

// fixture = host + offset + drift * (host - reference), solved for host.
std::int64_t ClockEstimate::toHost(std::uint64_t fixture_ns) const {
    const double f = static_cast<double>(fixture_ns);
    const double r = static_cast<double>(reference_host_ns);
    return static_cast<std::int64_t>(std::llround((f - offset_ns + drift * r) / (1.0 + drift)));
}

}  // namespace hwbridge
