// A chart rendered offscreen, for the reports and for the GUI's export: a standalone SVG document
// or an image of a given pixel size.
//
// Qt Charts are QGraphicsWidgets: a QApplication must exist, in the calling thread, before a
// chart is built or rendered. This library never creates one; a headless caller sets
// QT_QPA_PLATFORM=offscreen before constructing its own. Rendering never uses OpenGL: with the
// offscreen platform setUseOpenGL(true) crashes, and the series here (a few thousand points at
// most) draw quickly enough on the raster engine.
#pragma once

#include <QByteArray>
#include <QChart>
#include <QImage>
#include <QSize>
#include <QString>
#include <stdexcept>

namespace charts {

// Rendering was impossible: no QApplication, or the paint device refused the painter.
class RenderError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The size the reports render at: wide enough for a phase name per band.
inline constexpr QSize kReportChartSize{1280, 640};

// A chart that is on no scene is laid out at `size` for the render; a chart already shown in a
// view is drawn as it is, scaled into `size` with its aspect ratio kept.

// A standalone SVG document, `size` pixels wide and high (its viewBox), titled `title` (plain
// text, escaped here).
QByteArray renderSvg(QChart& chart, QSize size, const QString& title = {});

// An ARGB32 image of exactly `size` pixels, antialiased, on the theme's background.
QImage renderImage(QChart& chart, QSize size);

// renderImage encoded as PNG.
QByteArray renderPng(QChart& chart, QSize size);

}  // namespace charts
