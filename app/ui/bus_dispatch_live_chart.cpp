#include "bus_dispatch_live_chart.h"

#include <QBarCategoryAxis>
#include <QStackedBarSeries>

#include "chart_theme.h"
#include "latency_charts.h"
#include "state_palette.h"

namespace ui {
namespace {

constexpr double kQuantiles[] = {0.50, 0.99};

// A part's bar set as the report draws it, with the two bars (p50, p99) this chart refills.
QBarSet* partSet(const QString& name, std::string_view colour, Qt::BrushStyle pattern) {
    QBarSet* set = charts::newSplitPartSet(name, colour, pattern);
    set->append({0.0, 0.0});
    return set;
}

// Three significant figures, as the bars' labels show them: a change below that is not worth
// the bar chart's relayout.
double shown(std::int64_t ns) {
    const double us = charts::toMicroseconds(ns);
    return us == 0 ? 0 : charts::formatMicroseconds(us).toDouble();
}

void replaceIfChanged(QBarSet& set, int bar, double value) {
    if (set.at(bar) != value) {
        set.replace(bar, value);
    }
}

}  // namespace

BusDispatchLiveChart::BusDispatchLiveChart(QWidget* parent) : CachedChartView(parent) {
    setObjectName(QStringLiteral("busDispatchChart"));
    setRenderHint(QPainter::Antialiasing);  // measured faster than without (the hatching)
    QChart* chart = charts::newHudChart(charts::chartTitle(
        QStringLiteral("Bus and dispatch"), QStringLiteral("phase in force · each part's own "
                                                           "percentile")));
    chart->setTitleFont(charts::hudFont(15, QFont::Bold));  // panel size, as the other two
    chart->setMargins(QMargins(6, 2, 10, 2));
    bus_ = partSet(QStringLiteral("bus"), charts::hud::kLatency, Qt::SolidPattern);
    dispatch_ = partSet(QStringLiteral("dispatch"), charts::hud::kSecondary, Qt::FDiagPattern);
    auto* stack = charts::newSplitStack(bus_, dispatch_);
    chart->addSeries(stack);
    auto* x_axis = new QBarCategoryAxis;
    charts::styleAxis(*x_axis, QStringLiteral("percentile"));
    x_axis->append({QStringLiteral("p50"), QStringLiteral("p99")});
    x_axis->setGridLineVisible(false);
    y_axis_ = new QValueAxis;
    charts::styleAxis(*y_axis_, QStringLiteral("latency part (µs)"));
    y_axis_->setRange(0, 1);
    charts::setRoundTicks(*y_axis_, 1);
    charts::addAxis(*chart, x_axis, Qt::AlignBottom, {stack});
    charts::addAxis(*chart, y_axis_, Qt::AlignLeft, {stack});
    QChart* default_chart = this->chart();  // the view makes one; setChart lets go of it
    setChart(chart);
    delete default_chart;
}

void BusDispatchLiveChart::showSnapshot(const engine::LiveSnapshot& snapshot) {
    double highest = 0;
    for (int bar = 0; bar < 2; ++bar) {
        const double bus = shown(snapshot.bus.valueAtQuantile(kQuantiles[bar]));
        const double dispatch = shown(snapshot.dispatch.valueAtQuantile(kQuantiles[bar]));
        replaceIfChanged(*bus_, bar, bus);
        replaceIfChanged(*dispatch_, bar, dispatch);
        highest = std::max(highest, bus + dispatch);
    }
    const double top = charts::roundAxisTop(std::max(highest, 1.0));
    if (y_axis_->max() != top) {
        charts::setRangeWithRoundTicks(*y_axis_, 0, top);
    }
}

}  // namespace ui
