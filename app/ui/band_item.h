// The phases' bands drawn by the timeline chart itself: one rectangle per phase over the plot's
// height, in its state's brush, under the markers and the data. The area series the chart had
// for them filled each state's bands as one path, and Qt 6's raster engine hands a see-through or
// patterned fill of 96 device-pixel rows or more to its GUI thread pool and blocks until the pool
// is done (QT_THREAD_PARALLEL_FILLS in qdrawhelper.cpp; every band brush is one or the other).
// Measured with perf sched under gui_bench --no-fixture (about 8,000 frames): the UI thread went
// to sleep 22,879 times in those fills, p50 0.1 ms each (a pool thread waking up), up to 4.7 ms
// on a loaded 2-core host. Filled in strips of fewer rows, the same pixels are drawn on the UI
// thread without waiting for anyone.
#pragma once

#include <QBrush>
#include <QGraphicsItem>
#include <array>
#include <utility>
#include <vector>

#include "plot_range.h"
#include "timeline_geometry.h"

namespace ui {

// Fewer device-pixel rows than the 96 at which the raster engine goes to its thread pool.
inline constexpr int kBandStripDeviceRows = 64;

// Rows [top, bottom) cut into runs of at most `max_rows` (at least 1), top to bottom.
std::vector<std::pair<int, int>> rowStrips(int top, int bottom, int max_rows);

// The logical rows in a strip where one logical pixel is `device_scale` device pixels tall.
int stripRowsAt(double device_scale);

class BandItem : public QGraphicsItem {
public:
    explicit BandItem(QGraphicsItem* chart);

    void setBrush(engine::PortState state, const QBrush& brush);
    void show(std::vector<timeline::BandSpan> bands, const PlotRange& range);
    // The plot area moved (a relayout): the bands follow it at once, not at the next show().
    void setPlot(const QRectF& plot);
    // The bands of `state` it was last given, for the tests.
    std::size_t bandsOf(engine::PortState state) const;

    QRectF boundingRect() const override { return range_.plot; }
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
    std::array<QBrush, 3> brushes_;  // by engine::PortState
    std::vector<timeline::BandSpan> bands_;
    PlotRange range_;
};

}  // namespace ui
