#include "envelope_item.h"

#include <QPainter>
#include <algorithm>

namespace ui {

EnvelopeItem::EnvelopeItem(QGraphicsItem* chart) : QGraphicsItem(chart) {}

void EnvelopeItem::setPen(const QPen& pen) {
    pen_ = pen;
    update();
}

void EnvelopeItem::show(const std::vector<timeline::Strip>& strips, const PlotRange& range) {
    if (range.plot != plot_) {
        prepareGeometryChange();
        plot_ = range.plot;
    }
    lines_.resize(strips.size());
    columns_ = 0;
    for (std::size_t i = 0; i < strips.size(); ++i) {
        const QList<QPointF> points = timeline::zigzag(strips[i]);
        QPolygonF& line = lines_[i];
        line.resize(points.size());
        std::transform(points.begin(), points.end(), line.begin(),
                       [&](QPointF point) { return range.map(point); });
        columns_ += static_cast<std::size_t>(strips[i].upper.size());
    }
    update();
}

void EnvelopeItem::clear() {
    if (!lines_.empty()) {
        lines_.clear();
        columns_ = 0;
        update();
    }
}

void EnvelopeItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* /*option*/,
                         QWidget* /*widget*/) {
    painter->setPen(pen_);
    painter->setClipRect(plot_);
    for (const QPolygonF& line : lines_) {
        painter->drawPolyline(line);
    }
}

}  // namespace ui
