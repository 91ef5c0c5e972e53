#include "cached_chart_view.h"

#include <QGraphicsScene>
#include <QPaintEvent>
#include <QPainter>

#include "hud_style.h"
#include "live_chart_view.h"
#include "state_palette.h"

namespace ui {

CachedChartView::CachedChartView(QWidget* parent) : QChartView(parent) {
    // A panel is refreshed all at once and its picture is drawn whole.
    prepareLiveChartView(*this, LiveRepaint::WholeView);
    // The picture covers every pixel of the viewport, which covers the view (no frame, no scroll
    // bars): the stylesheet's background under them would be painted for nothing.
    setAttribute(Qt::WA_OpaquePaintEvent);
    viewport()->setAttribute(Qt::WA_OpaquePaintEvent);
    // The scene is the view's for its lifetime (setChart puts a new chart into the same scene).
    connect(scene(), &QGraphicsScene::changed, this, [this] {
        stale_ = true;
        viewport()->update();
    });
}

void CachedChartView::paintEvent(QPaintEvent*) {
    const qreal ratio = viewport()->devicePixelRatioF();
    const QSize pixels = viewport()->size() * ratio;
    if (stale_ || picture_.size() != pixels) {
        drawScene(pixels, ratio);
    }
    QPainter painter(viewport());
    painter.drawPixmap(0, 0, picture_);
}

void CachedChartView::drawScene(QSize pixels, qreal ratio) {
    picture_ = QPixmap(pixels);
    picture_.setDevicePixelRatio(ratio);
    // The chart's own background stops short of the view's edge (its layout's margins).
    picture_.fill(themeColour(charts::hud::kBackground));
    QPainter painter(&picture_);
    painter.setRenderHints(renderHints());
    render(&painter, QRectF(QPointF(0, 0), viewport()->size()), viewport()->rect());
    stale_ = false;
    ++scene_paints_;
}

}  // namespace ui
