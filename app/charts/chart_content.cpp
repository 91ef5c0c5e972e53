#include "chart_content.h"

#include <QAreaSeries>

#include "chart_theme.h"

namespace charts {

QChart* buildChart(ChartContent content) {
    QChart* chart = newHudChart(content.title);
    std::vector<QAbstractSeries*> series;
    for (std::unique_ptr<QAbstractSeries>& one : content.series) {
        series.push_back(one.release());
        chart->addSeries(series.back());
        if (auto* area = qobject_cast<QAreaSeries*>(series.back())) {
            for (QLineSeries* line : {area->upperSeries(), area->lowerSeries()}) {
                if (line != nullptr) {
                    line->setParent(area);  // deleted with its area, which the chart owns
                }
            }
        }
    }
    for (std::unique_ptr<QLineSeries>& line : content.area_lines) {
        [[maybe_unused]] QLineSeries* owned_by_its_area = line.release();
    }
    for (ChartContent::Axis& axis : content.axes) {
        QAbstractAxis* added = axis.axis.release();
        chart->addAxis(added, axis.alignment);
        for (QAbstractSeries* one : series) {
            one->attachAxis(added);
        }
    }
    return chart;
}

}  // namespace charts
