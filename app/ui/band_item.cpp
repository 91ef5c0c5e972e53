#include "band_item.h"

#include <QPainter>
#include <algorithm>
#include <cmath>

namespace ui {
namespace {

std::size_t indexOf(engine::PortState state) {
    return static_cast<std::size_t>(state);
}

// The first row a fill without antialiasing covers from `y`: the first whose centre is at or
// below it. Strips cut on these rows cover what one fill of the whole band covers.
int firstRowFrom(double y) {
    return static_cast<int>(std::ceil(y - 0.5));
}

}  // namespace

std::vector<std::pair<int, int>> rowStrips(int top, int bottom, int max_rows) {
    max_rows = std::max(1, max_rows);
    std::vector<std::pair<int, int>> strips;
    for (int row = top; row < bottom; row += max_rows) {
        strips.emplace_back(row, std::min(bottom, row + max_rows));
    }
    return strips;
}

int stripRowsAt(double device_scale) {
    return std::max(1, static_cast<int>(kBandStripDeviceRows / std::max(1.0, device_scale)));
}

BandItem::BandItem(QGraphicsItem* chart) : QGraphicsItem(chart) {}

void BandItem::setBrush(engine::PortState state, const QBrush& brush) {
    brushes_.at(indexOf(state)) = brush;
    update();
}

void BandItem::show(std::vector<timeline::BandSpan> bands, const PlotRange& range) {
    setPlot(range.plot);
    bands_ = std::move(bands);
    range_ = range;
    update();
}

void BandItem::setPlot(const QRectF& plot) {
    if (plot != range_.plot) {
        prepareGeometryChange();
        range_.plot = plot;
        update();
    }
}

std::size_t BandItem::bandsOf(engine::PortState state) const {
    return static_cast<std::size_t>(std::count_if(
        bands_.begin(), bands_.end(), [state](const auto& band) { return band.state == state; }));
}

void BandItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* /*option*/,
                     QWidget* /*widget*/) {
    const QRectF& plot = range_.plot;
    // With antialiasing a rectangle's edges make more than one span per row.
    painter->setRenderHint(QPainter::Antialiasing, false);
    // The hatching starts at the plot's corner, as it did when the area series drew it.
    painter->setBrushOrigin(plot.topLeft());
    const auto strips = rowStrips(firstRowFrom(plot.top()), firstRowFrom(plot.bottom()),
                                  stripRowsAt(std::abs(painter->deviceTransform().m22())));
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
