// The HUD theme for Qt Charts, and the small helpers every chart builder shares: fonts sized in
// pixels, styled axes, pens, escaping of data-derived text, round axis limits.
#pragma once

#include <QAbstractAxis>
#include <QAbstractSeries>
#include <QChart>
#include <QFont>
#include <QPen>
#include <QString>
#include <QValueAxis>
#include <cstdint>
#include <initializer_list>
#include <string_view>

namespace charts {

// Pixel sizes, not point sizes: a point size resolves against the paint device's resolution,
// which differs between the screen, a QImage and a QSvgGenerator, and text would then be laid
// out at one size and drawn at another.
inline constexpr int kTitlePixels = 19;
inline constexpr int kSubtitlePixels = 13;
inline constexpr int kAxisTitlePixels = 14;
inline constexpr int kLabelPixels = 13;

// A cosmetic pen of width 0 draws one device pixel, as a cosmetic width-1 pen does. Grids, axis
// lines and plot frames use it: a line item whose pen has a width strokes its outline each time
// the scene asks for its bounds (QGraphicsLineItem::boundingRect), which took a third of a live
// histogram panel's paint.
inline constexpr qreal kHairline = 0;

QFont hudFont(int pixel_size, QFont::Weight weight = QFont::Normal);
QPen hudPen(const QColor& colour, qreal width, Qt::PenStyle style = Qt::SolidLine);

// A chart with the theme applied and no series: dark background and plot area, no animation
// (a report is a still), legend at the bottom. `title` is rich text (see chartTitle).
QChart* newHudChart(const QString& title);

// Qt Charts render titles, axis labels and legend names as rich text, so any text that comes from
// data (a phase name from a scenario file) must be escaped or it would be read as markup.
QString plainText(std::string_view text);
QString plainText(const QString& text);

// The chart's title: a headline and a line of detail under it, both plain text (escaped here).
QString chartTitle(const QString& headline, const QString& detail);

// Axis colours, fonts and title; `title` is plain text and names the unit: "latency (µs)".
void styleAxis(QAbstractAxis& axis, const QString& title);

// Adds the axis to the chart at `alignment` and attaches each series to it.
void addAxis(QChart& chart, QAbstractAxis* axis, Qt::Alignment alignment,
             std::initializer_list<QAbstractSeries*> series);

// Keeps the series out of the legend (a repeated state band, a second marker line).
void hideFromLegend(QChart& chart, QAbstractSeries* series);

// The smallest of 1, 2, 5 × 10^k at or above `value` (> 0): a round axis limit or bin width.
double niceCeiling(double value);

// A round upper limit for an axis that starts at 0 and must show `max_value` with a little air:
// the next multiple of the tick interval roundTickInterval picks.
double roundAxisTop(double max_value);
// Ticks every round interval (1, 2, 5 × 10^k) from 0, about five over `span`, and labels with as
// many decimals as that interval needs. The axis's range is set apart.
void setRoundTicks(QValueAxis& axis, double span);
// The range and round ticks of an axis already on a chart, changed together. Qt Charts lays out
// one label item per tick as soon as a range or interval changes: a range set under the old
// interval (0–200 µs under the 0.2 µs ticks of 0–1 µs) made a thousand items at once, and the
// window's memory grew by megabytes a second while its frames stalled.
void setRangeWithRoundTicks(QValueAxis& axis, double low, double high);
double roundTickInterval(double span);

constexpr double toMicroseconds(std::int64_t ns) {
    return static_cast<double>(ns) / 1e3;
}
constexpr double toSeconds(std::int64_t ns) {
    return static_cast<double>(ns) / 1e9;
}

// "3.58" for 3.5771, "912" for 912.4: about three significant figures, never an exponent.
QString formatMicroseconds(double us);

}  // namespace charts
