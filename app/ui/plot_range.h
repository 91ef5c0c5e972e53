// Where values land in a chart's plot area: the items the live timeline draws itself (its bands
// and its envelope) map seconds and microseconds to the chart's coordinates with it.
#pragma once

#include <QPointF>
#include <QRectF>

namespace ui {

// The value range the plot area shows: x in seconds, y in microseconds.
struct PlotRange {
    QRectF plot;  // the plot area, in the chart's coordinates
    double x_min = 0;
    double x_max = 1;
    double y_min = 0;
    double y_max = 1;

    // y is held inside the range: a value off the top is drawn at the top.
    QPointF map(QPointF value) const;
};

}  // namespace ui
