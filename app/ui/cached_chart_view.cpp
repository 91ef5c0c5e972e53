#include "cached_chart_view.h"

#include <QGraphicsScene>
#include <QPaintEvent>

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
        picture_.invalidate();
        viewport()->update();
    });
}

void CachedChartView::paintEvent(QPaintEvent*) {
    QWidget& surface = *viewport();
    // The chart's own background stops short of the view's edge (its layout's margins).
    const QPixmap& picture =
        picture_.of(surface, themeColour(charts::hud::kBackground), [&](QPainter& painter) {
            painter.setRenderHints(renderHints());
            render(&painter, QRectF(QPointF(0, 0), surface.size()), surface.rect());
        });
    QPainter painter(&surface);
    painter.drawPixmap(0, 0, picture);
}

}  // namespace ui
