#include "plot_range.h"

#include <algorithm>

namespace ui {

QPointF PlotRange::map(QPointF value) const {
    const double x = (value.x() - x_min) / (x_max - x_min);
    const double y = (std::clamp(value.y(), y_min, y_max) - y_min) / (y_max - y_min);
    return {plot.left() + x * plot.width(), plot.bottom() - y * plot.height()};
}

}  // namespace ui
