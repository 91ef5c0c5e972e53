// The latency envelope drawn by the timeline chart itself: the zigzag through each column's min
// and max (timeline::zigzag), mapped into the plot area and drawn as a one-pixel polyline. A Qt
// Charts line series draws the same zigzag, but on every update it also strokes the whole line
// with mitre joins for a hover outline (LineChartItem::updateGeometry) that this chart never
// uses: measured, 0.85 ms of each frame's 1.0 ms update at 100 k/s (gui_bench). OpenGL line
// series skip that outline, so the chart keeps them for its OpenGL mode.
#pragma once

#include <QGraphicsItem>
#include <QList>
#include <QPen>
#include <QPolygonF>
#include <vector>

#include "plot_range.h"
#include "timeline_geometry.h"

namespace ui {

class EnvelopeItem : public QGraphicsItem {
public:
    explicit EnvelopeItem(QGraphicsItem* chart);

    void setPen(const QPen& pen);
    // One polyline per strip; none when `strips` is empty.
    void show(const std::vector<timeline::Strip>& strips, const PlotRange& range);
    void clear();
    // The columns it draws, for the tests.
    std::size_t columns() const { return columns_; }

    QRectF boundingRect() const override { return plot_; }
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
    QPen pen_;
    QRectF plot_;
    std::vector<QPolygonF> lines_;
    std::size_t columns_ = 0;
};

}  // namespace ui
