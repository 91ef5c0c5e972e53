// Latency over the last 10 seconds, scrolling: the phases as bands in their states' colours and
// patterns, a dashed marker at each transition, and the latency's min/max per pixel column on
// top. The series are made once; each frame REPLACES their points (QXYSeries::replace) from the
// engine's decimated snapshot, so the chart never sees a raw sample and never appends one. The
// x axis is "seconds before now", one range for good: the data moves, the axis does not (a new
// range every frame would have Qt Charts recompute every series and relabel the axis per frame).
// Built from the same theme as the report's timeline chart (charts/chart_theme.h).
//
// The min/max envelope is a zigzag through each column's min and max (at one column per pixel it
// reads as a filled band), not an area series: measured here with Qt 6.4, an area series over
// 1,700 spiky columns costs 70–180 ms per update (Qt Charts recomputes and fills its whole
// outline), the zigzag line about 5 ms. The chart draws the zigzag itself (EnvelopeItem); in
// OpenGL mode, line series do (Qt Charts draws those on the GPU). The bands are drawn by the chart
// too (BandItem: filled without waiting for Qt's thread pool); their area series stay empty, for
// the legend.
#pragma once

#include <QChartView>
#include <QElapsedTimer>
#include <QLineSeries>
#include <QValueAxis>
#include <vector>

#include "live_session.h"

namespace ui {

class BandItem;
class EnvelopeItem;
struct PlotRange;

class LiveTimelineChart : public QChartView {
    Q_OBJECT

public:
    static constexpr std::int64_t kWindowNs = 10'000'000'000;
    static constexpr std::size_t kMaxSegments = 16;
    static constexpr std::size_t kMaxMarkers = 32;

    explicit LiveTimelineChart(QWidget* parent = nullptr);

    // One column per pixel of the plot area: what the engine should decimate into.
    std::size_t columnsWanted() const;
    // Every frame: axes, bands, markers, envelope.
    void showSnapshot(const engine::LiveSnapshot& snapshot);
    // A few times a second (its rich text is laid out anew when it changes): the column width.
    void showTitle(const engine::LiveSnapshot& snapshot);

    // The envelope as OpenGL line series (QXYSeries::setUseOpenGL) instead of the chart's own
    // item; only where a hardware OpenGL context exists (the offscreen platform crashes with it).
    void setOpenGl(bool on);
    bool openGl() const { return opengl_; }

    // What the last frame drew, for the tests.
    std::size_t envelopePoints() const;
    std::size_t bandRectangles(engine::PortState state) const;
    std::size_t markersShown() const { return markers_shown_; }
    double yTop() const { return y_top_; }

private:
    void buildChart();
    void makeSeries(std::vector<QAbstractSeries*>& series);
    void makeAxes(const std::vector<QAbstractSeries*>& series);
    void showBands(const engine::LiveSnapshot& snapshot);
    void showMarkers(const engine::LiveSnapshot& snapshot);
    void showEnvelope(const engine::LiveSnapshot& snapshot);
    void clearEnvelopeSeries();
    void showYAxis(const engine::LiveSnapshot& snapshot);
    PlotRange plotRange() const;

    bool opengl_ = false;
    QChart* chart_ = nullptr;
    QValueAxis* x_axis_ = nullptr;
    QValueAxis* y_axis_ = nullptr;
    BandItem* band_item_ = nullptr;  // the bands (their area series are only legend entries)
    std::vector<QLineSeries*> markers_;
    EnvelopeItem* envelope_item_ = nullptr;  // the envelope, unless in OpenGL mode
    std::vector<QLineSeries*> envelope_;     // OpenGL mode: one zigzag per stretch with data
    std::vector<qsizetype> envelope_sizes_;  // columns each holds now (skip empty → empty)
    std::size_t markers_shown_ = 0;
    double y_top_ = 10;
    QElapsedTimer y_lower_since_;  // the data has stayed below the axis's top since then
};

}  // namespace ui
