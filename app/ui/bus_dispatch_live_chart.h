// Where the latency of the phase in force goes: p50 and p99 of the bus part (t_arrive − t_edge)
// and of the dispatch part (t_isr − t_arrive), stacked, in the report chart's colours and hatching
// (cyan solid bus, magenta hatched dispatch). The report's builder takes a finished run's
// per-phase statistics; the live one has the phase in force only, so its two bars are updated in
// place (QBarSet::replace) instead.
#pragma once

#include <QBarSet>
#include <QValueAxis>

#include "cached_chart_view.h"
#include "live_session.h"

namespace ui {

class BusDispatchLiveChart : public CachedChartView {
    Q_OBJECT

public:
    explicit BusDispatchLiveChart(QWidget* parent = nullptr);

    void showSnapshot(const engine::LiveSnapshot& snapshot);
    double busUs(int bar) const { return bus_->at(bar); }
    double dispatchUs(int bar) const { return dispatch_->at(bar); }

private:
    QBarSet* bus_;
    QBarSet* dispatch_;
    QValueAxis* y_axis_;
};

}  // namespace ui
