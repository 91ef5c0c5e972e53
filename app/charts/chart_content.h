// What a chart shows, before it is put on a chart: its title, its series and its axes, each a
// free-standing Qt Charts object. The histogram and percentile builders make one
// (latency_charts.h); a report puts it on a new chart (buildChart), and the window's panels take
// it into the chart they already show (ui/chart_adoption.h). A QChart makes its graphics as soon
// as a series or an axis is added to it: a whole histogram chart cost 0.82 ms p50 under a 100 k/s
// stream, its content 0.07 ms.
#pragma once

#include <QAbstractAxis>
#include <QAbstractSeries>
#include <QChart>
#include <QLineSeries>
#include <QString>
#include <memory>
#include <vector>

namespace charts {

struct ChartContent {
    struct Axis {
        std::unique_ptr<QAbstractAxis> axis;  // styled (styleAxis), its range and ticks set
        Qt::Alignment alignment;
    };
    QString title;  // rich text (chartTitle)
    // The lines the area series are drawn between. An area series does not own them here: Qt
    // Charts makes an area a child of its upper line, and a builder takes it back (an area and
    // its lines that each owned the other crashed when deleted). Declared before `series`, so
    // destroyed after the areas that point at them. On a chart each area owns its lines
    // (buildChart).
    std::vector<std::unique_ptr<QLineSeries>> area_lines;
    // Drawn in this order, each against every axis, each listed in the legend.
    std::vector<std::unique_ptr<QAbstractSeries>> series;
    std::vector<Axis> axes;
};

// A themed chart (newHudChart) showing the content; the caller owns it.
QChart* buildChart(ChartContent content);

}  // namespace charts
