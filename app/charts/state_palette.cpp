#include "state_palette.h"

#include <QString>

namespace charts {
namespace {

// Green, amber and violet stay apart for the common colour-vision deficiencies as well as any
// three hues can, and the patterns (solid, "/" hatching, "x" cross-hatching) carry the state
// where the hues do not.
constexpr StateStyle kActive{"ACTIVE", "#39ff14", Qt::SolidPattern, "\u25a0", "#39ff14"};
constexpr StateStyle kInactive{
    "INACTIVE", "#ffb000", Qt::BDiagPattern, "\u25a8",
    "repeating-linear-gradient(-45deg,#ffb000 0 2px,transparent 2px 5px)"};
constexpr StateStyle kDisconnected{
    "DISCONNECTED", "#a78bfa", Qt::DiagCrossPattern, "\u25a9",
    "repeating-linear-gradient(45deg,#a78bfa 0 1px,transparent 1px 4px),"
    "repeating-linear-gradient(-45deg,#a78bfa 0 1px,transparent 1px 4px)"};

// A solid band must let the data through; a pattern leaves most pixels untouched anyway, so its
// lines can be bolder.
constexpr int kSolidBandAlpha = 40;
constexpr int kPatternBandAlpha = 210;

}  // namespace

const StateStyle& stateStyle(engine::PortState state) {
    switch (state) {
        case engine::PortState::Active:
            return kActive;
        case engine::PortState::Inactive:
            return kInactive;
        case engine::PortState::Disconnected:
            return kDisconnected;
    }
    return kDisconnected;
}

QColor hudColour(std::string_view css) {
    return QColor(QString::fromLatin1(css.data(), static_cast<qsizetype>(css.size())));
}

QColor stateColour(engine::PortState state) {
    return hudColour(stateStyle(state).css);
}

QBrush stateBandBrush(engine::PortState state) {
    const StateStyle& style = stateStyle(state);
    QColor colour = hudColour(style.css);
    colour.setAlpha(style.pattern == Qt::SolidPattern ? kSolidBandAlpha : kPatternBandAlpha);
    return QBrush(colour, style.pattern);
}

}  // namespace charts
