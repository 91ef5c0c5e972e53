// The phases' bands drawn by the timeline chart itself: one rectangle per phase over the plot's
// height, in its state's brush, under the markers and the data. The area series the chart had
// for them filled each state's bands as one path, and Qt 6's raster engine hands a fill of 96
// pixel rows or more to its GUI thread pool and blocks until the pool is done
// (QT_THREAD_PARALLEL_FILLS in qdrawhelper.cpp). Measured with perf sched under gui_bench: the
// UI thread went to sleep 2-3 times a frame in those fills, p50 0.1 ms each (a pool thread
// waking up), up to 4.7 ms on a loaded 2-core host. Filled in strips of fewer rows, the same
// pixels are drawn on the UI thread without waiting for anyone.
#pragma once

#include <QBrush>
#include <QGraphicsItem>
#include <array>
#include <utility>
#include <vector>

#include "envelope_item.h"
#include "timeline_geometry.h"

namespace ui {

// Pixel rows [top, bottom) cut into runs of at most `max_rows`, top to bottom.
std::vector<std::pair<int, int>> rowStrips(int top, int bottom, int max_rows);

class BandItem : public QGraphicsItem {
public:
    // Fewer than the 96 rows at which the raster engine goes to its thread pool.
    static constexpr int kStripRows = 64;

    explicit BandItem(QGraphicsItem* chart);

    void setBrush(engine::PortState state, const QBrush& brush);
    void show(std::vector<timeline::BandSpan> bands, const PlotRange& range);
    // The bands of `state` it draws, for the tests.
    std::size_t bandsOf(engine::PortState state) const;

    QRectF boundingRect() const override { return range_.plot; }
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
    std::array<QBrush, 3> brushes_;  // by engine::PortState
    std::vector<timeline::BandSpan> bands_;
    PlotRange range_;
};

}  // namespace ui
