#include "live_chart_view.h"

#include <QChartView>
#include <QGraphicsScene>

namespace ui {

void prepareLiveChartView(QChartView& view, LiveRepaint repaint) {
    view.scene()->setItemIndexMethod(QGraphicsScene::NoIndex);
    if (repaint == LiveRepaint::WholeView) {
        view.setViewportUpdateMode(QGraphicsView::FullViewportUpdate);
    }
}

}  // namespace ui
