#include "band_item.h"

#include <QPainter>
#include <algorithm>
#include <cmath>

namespace ui {
namespace {

std::size_t indexOf(engine::PortState state) {
    return static_cast<std::size_t>(state);
}

}  // namespace

std::vector<std::pair<int, int>> rowStrips(int top, int bottom, int max_rows) {
    std::vector<std::pair<int, int>> strips;
    for (int row = top; row < bottom; row += max_rows) {
        strips.emplace_back(row, std::min(bottom, row + max_rows));
    }
    return strips;
}

BandItem::BandItem(QGraphicsItem* chart) : QGraphicsItem(chart) {}

void BandItem::setBrush(engine::PortState state, const QBrush& brush) {
    brushes_.at(indexOf(state)) = brush;
    update();
}

void BandItem::show(std::vector<timeline::BandSpan> bands, const PlotRange& range) {
    if (range.plot != range_.plot) {
        prepareGeometryChange();
    }
    bands_ = std::move(bands);
    range_ = range;
    update();
}

std::size_t BandItem::bandsOf(engine::PortState state) const {
    return static_cast<std::size_t>(std::count_if(
        bands_.begin(), bands_.end(), [state](const auto& band) { return band.state == state; }));
}

// Cut on whole pixel rows: without antialiasing (the chart draws none) a rectangle covers the
// rows whose centres it contains, and strips that meet on a row boundary cover exactly those.
void BandItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* /*option*/,
                     QWidget* /*widget*/) {
    const QRectF& plot = range_.plot;
    const auto strips = rowStrips(static_cast<int>(std::lround(plot.top())),
                                  static_cast<int>(std::lround(plot.bottom())), kStripRows);
    for (const timeline::BandSpan& band : bands_) {
        const double left = std::max(plot.left(), range_.map({band.start_s, 0}).x());
        const double right = std::min(plot.right(), range_.map({band.end_s, 0}).x());
        if (right <= left) {
            continue;
        }
        const QBrush& brush = brushes_.at(indexOf(band.state));
        for (const auto& [from, to] : strips) {
            painter->fillRect(QRectF(left, from, right - left, to - from), brush);
        }
    }
}

}  // namespace ui
