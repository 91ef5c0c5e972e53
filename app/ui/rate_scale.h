// The stimulus rate slider's scale: logarithmic, 1 Hz to 100 kHz, 100 steps per decade, so that
// every rate from a slow manual check to the fixture's maximum is one drag away.
#pragma once

#include <QString>
#include <algorithm>
#include <cmath>

namespace ui::rate_scale {

inline constexpr int kStepsPerDecade = 100;
inline constexpr int kMinimum = 0;        // 1 Hz
inline constexpr int kMaximum = 5 * 100;  // 100 kHz

inline double hertzAt(int position) {
    return std::pow(
        10.0, static_cast<double>(std::clamp(position, kMinimum, kMaximum)) / kStepsPerDecade);
}

inline int positionOf(double hertz) {
    const double clamped = std::clamp(hertz, 1.0, 100'000.0);
    return static_cast<int>(std::lround(std::log10(clamped) * kStepsPerDecade));
}

// "1 Hz", "250 Hz", "1.00 kHz", "31.6 kHz": three significant figures.
inline QString rateText(double hertz) {
    if (hertz >= 1000) {
        const double khz = hertz / 1000;
        return QString::number(khz, 'f',
                               khz >= 100  ? 0
                               : khz >= 10 ? 1
                                           : 2) +
               QStringLiteral(" kHz");
    }
    return QString::number(hertz, 'f',
                           hertz >= 100  ? 0
                           : hertz >= 10 ? 1
                                         : 2) +
           QStringLiteral(" Hz");
}

}  // namespace ui::rate_scale
