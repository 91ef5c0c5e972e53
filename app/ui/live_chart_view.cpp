#include "live_chart_view.h"

#include <QChartView>
#include <QGraphicsScene>

namespace ui {

void prepareLiveChartView(QChartView& view, LiveRepaint repaint) {
    view.scene()->setItemIndexMethod(QGraphicsScene::NoIndex);
    // The window's background shows through (hud.qss): no fill of the viewport's own.
    view.viewport()->setAutoFillBackground(false);
    if (repaint == LiveRepaint::WholeView) {
        view.setViewportUpdateMode(QGraphicsView::FullViewportUpdate);
    }
}

}  // namespace ui
