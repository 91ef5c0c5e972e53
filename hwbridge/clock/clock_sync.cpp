#include "clock_sync.h"

#include <algorithm>
#include <cmath>

namespace hwbridge {
namespace {

double halfRoundTrip(const ClockSample& s) {
    return static_cast<double>(s.host_after_ns - s.host_before_ns) / 2.0;
}

constexpr double kMinimumDriftBaselineNs = 1e9;

double midpoint(const ClockSample& s) {
    return static_cast<double>(s.host_before_ns) + halfRoundTrip(s);
}

}  // namespace

void ClockSync::add(const ClockSample& sample) {
    if (sample.host_after_ns >= sample.host_before_ns) {
        samples_.push_back(sample);
    }
}

ClockEstimate ClockSync::estimate() const {
    ClockEstimate e;
    if (samples_.empty()) {
        return e;
    }
    std::vector<ClockSample> best = samples_;
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
    const double denominator = n * sxx - sx * sx;
    // A drift fitted over a short baseline is noise that extrapolation turns into error: a few
    // ppm of noise over milliseconds of samples is microseconds a second later. Below the
    // baseline the clocks are taken to run at the same rate.
    const auto [earliest, latest] = std::minmax_element(
        best.begin(), best.end(),
        [](const auto& a, const auto& b) { return a.host_before_ns < b.host_before_ns; });
    const double baseline = midpoint(*latest) - midpoint(*earliest);
    const bool fit_drift =
        best.size() > 1 && denominator > 0 && baseline >= kMinimumDriftBaselineNs;
    e.drift = fit_drift ? (n * sxy - sx * sy) / denominator : 0.0;
    e.offset_ns = (sy - e.drift * sx) / n;

    // The tightest sample bounds the offset; the fit's worst residual widens it.
    double worst_residual = 0;
    for (const auto& s : best) {
        const double x = midpoint(s) - static_cast<double>(e.reference_host_ns);
        const double y = static_cast<double>(s.fixture_ns) - midpoint(s);
        worst_residual = std::max(worst_residual, std::abs(y - (e.offset_ns + e.drift * x)));
    }
    e.error_bound_ns = halfRoundTrip(best.front()) + worst_residual;
    e.samples_used = best.size();
    e.valid = true;
    return e;
}

// fixture = host + offset + drift * (host - reference), solved for host.
std::int64_t ClockEstimate::toHost(std::uint64_t fixture_ns) const {
    const double f = static_cast<double>(fixture_ns);
    const double r = static_cast<double>(reference_host_ns);
    return static_cast<std::int64_t>(std::llround((f - offset_ns + drift * r) / (1.0 + drift)));
}

}  // namespace hwbridge
