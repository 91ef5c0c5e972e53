// The phase in force as distributions: the latency histogram (log count axis) and the percentile
// curve, drawn by the very builders report.html uses (charts/latency_charts.h), and the bus /
// dispatch split. They change slowly, so each refreshes at 4 Hz, and at most one of them per
// frame, so that no frame pays for two; a freshly built chart's content is adopted by the chart
// on screen (chart_adoption.h) rather than laid out anew in the view. Between refreshes each view
// paints the picture it kept (cached_chart_view.h).
#pragma once

#include <QChart>
#include <QElapsedTimer>
#include <QWidget>
#include <array>

#include "cached_chart_view.h"
#include "live_session.h"

namespace ui {

class BusDispatchLiveChart;

class DistributionCharts : public QWidget {
    Q_OBJECT

public:
    static constexpr qint64 kRefreshMs = 250;

    explicit DistributionCharts(QWidget* parent = nullptr);

    // Refreshes the next chart in turn if it is due; returns whether one was.
    bool showSnapshot(const engine::LiveSnapshot& snapshot);
    // Refreshes all three now (a screenshot, a test).
    void showAll(const engine::LiveSnapshot& snapshot);

    CachedChartView& histogramView() { return *histogram_; }
    CachedChartView& percentileView() { return *percentile_; }
    BusDispatchLiveChart& busDispatchView() { return *bus_dispatch_; }

private:
    void refresh(std::size_t chart, const engine::LiveSnapshot& snapshot);

    CachedChartView* histogram_;
    CachedChartView* percentile_;
    BusDispatchLiveChart* bus_dispatch_;
    std::array<QElapsedTimer, 3> age_;
    std::size_t next_ = 0;
};

}  // namespace ui
