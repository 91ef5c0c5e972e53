// The bench's look, shared by the GUI, the charts and the HTML report: a dark "HUD" theme (dark
// background, neon accents, high contrast) and one fixed style per life-cycle state. A state is
// never told by colour alone: each has a label, a fill pattern and a glyph too, so that it still
// reads in greyscale, on a washed-out projector and for colour-blind users.
#pragma once

#include <QBrush>
#include <QColor>
#include <string_view>

#include "scenario.h"

namespace charts {

struct StateStyle {
    std::string_view label;     // "ACTIVE": shown wherever the colour is
    std::string_view css;       // "#39ff14": the colour, as CSS hex
    Qt::BrushStyle pattern;     // the fill of the state's band: solid, hatched, cross-hatched
    std::string_view glyph;     // "■", "▨", "▩": the pattern in one character, for text
    std::string_view css_fill;  // the pattern as a CSS background, for HTML swatches
};

const StateStyle& stateStyle(engine::PortState state);
QColor stateColour(engine::PortState state);
// The background band that marks a phase of this state on a time axis: the state's pattern in
// its colour, translucent enough for the data drawn over it to stay readable.
QBrush stateBandBrush(engine::PortState state);

// The theme's colours, as CSS hex so that the HTML report can use the very same values.
namespace hud {
inline constexpr std::string_view kBackground = "#0a0e14";  // page and chart background
inline constexpr std::string_view kPanel = "#111823";       // cards, table headers
inline constexpr std::string_view kPlotArea = "#0d131d";    // inside the axes
inline constexpr std::string_view kGrid = "#263246";
inline constexpr std::string_view kText = "#e6edf3";
inline constexpr std::string_view kMutedText = "#8c9bb0";
inline constexpr std::string_view kLatency = "#00e5ff";    // the measured latency (cyan)
inline constexpr std::string_view kSecondary = "#ff2bd6";  // a second measure (magenta)
inline constexpr std::string_view kHighlight = "#ffe14d";  // markers: percentiles (yellow)
inline constexpr std::string_view kViolation = "#ff3b5c";  // violations and problems (red)
}  // namespace hud

// A theme colour (one of hud::k...) as a QColor.
QColor hudColour(std::string_view css);

}  // namespace charts
