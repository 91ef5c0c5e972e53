// Where the latency goes: bus and dispatch (latency_charts.h).
#include <QBarCategoryAxis>
#include <QBarSet>
#include <QStackedBarSeries>
#include <QValueAxis>
#include <algorithm>

#include "chart_theme.h"
#include "latency_charts.h"
#include "state_palette.h"

namespace charts {
namespace {

// One stacked bar: a percentile of both parts, for a phase or for the whole run.
struct SplitBar {
    QString category;  // rich text: the escaped phase name over the percentile
    double bus_us;
    double dispatch_us;
};

void addSplitBars(std::vector<SplitBar>& bars, const QString& name,
                  const engine::PhaseStatistics& statistics) {
    for (const auto& [label, q] : {std::pair{"p50", 0.50}, std::pair{"p99", 0.99}}) {
        bars.push_back({plainText(name) + QStringLiteral("<br>") + QString::fromLatin1(label),
                        toMicroseconds(statistics.bus.valueAtQuantile(q)),
                        toMicroseconds(statistics.dispatch.valueAtQuantile(q))});
    }
}

std::vector<SplitBar> splitBars(const std::vector<engine::PhaseWindow>& phases,
                                const engine::RunStatistics& statistics) {
    std::vector<SplitBar> bars;
    std::size_t phases_with_split = 0;
    for (std::size_t i = 0; i < phases.size() && i < statistics.phaseCount(); ++i) {
        if (statistics.phase(i).bus.count() != 0) {
            addSplitBars(bars, QString::fromStdString(phases[i].phase.name), statistics.phase(i));
            ++phases_with_split;
        }
    }
    // With one phase the run's bars would repeat it.
    if (phases_with_split > 1) {
        addSplitBars(bars, QStringLiteral("all phases"), statistics.overall());
    }
    return bars;
}

}  // namespace

// The dispatch part is hatched as well as coloured, so that the two parts differ without colour.
// Its values are written on the bars: dark on the solid bar, light over the hatching.
QBarSet* newSplitPartSet(const QString& name, std::string_view colour, Qt::BrushStyle pattern) {
    auto* set = new QBarSet(name);
    set->setBrush(QBrush(hudColour(colour), pattern));
    set->setPen(hudPen(hudColour(colour), 1.5));
    set->setLabelColor(hudColour(pattern == Qt::SolidPattern ? hud::kBackground : hud::kText));
    set->setLabelFont(hudFont(kLabelPixels - 1, QFont::DemiBold));
    return set;
}

QStackedBarSeries* newSplitStack(QBarSet* bus, QBarSet* dispatch) {
    auto* stack = new QStackedBarSeries;
    stack->append(bus);
    stack->append(dispatch);
    stack->setBarWidth(0.6);
    stack->setLabelsVisible(true);
    stack->setLabelsPrecision(3);
    stack->setLabelsPosition(QAbstractBarSeries::LabelsCenter);
    return stack;
}

QChart* buildBusDispatchChart(const std::vector<engine::PhaseWindow>& phases,
                              const engine::RunStatistics& statistics) {
    const std::vector<SplitBar> bars = splitBars(phases, statistics);
    const QString detail = bars.empty()
                               ? QStringLiteral("no serviced stimulus with an arrival time")
                               : QStringLiteral(
                                     "p50 and p99 of each part, stacked (each part's own "
                                     "percentile: the stack is not the latency's)");
    QChart* chart = newHudChart(chartTitle(QStringLiteral("Bus and dispatch"), detail));

    QBarSet* bus =
        newSplitPartSet(QStringLiteral("bus · t_arrive − t_edge"), hud::kLatency, Qt::SolidPattern);
    QBarSet* dispatch = newSplitPartSet(QStringLiteral("dispatch · t_isr − t_arrive"),
                                        hud::kSecondary, Qt::FDiagPattern);
    QStringList categories;
    double highest_us = 0;
    for (const SplitBar& bar : bars) {
        categories.append(bar.category);
        bus->append(bar.bus_us);
        dispatch->append(bar.dispatch_us);
        highest_us = std::max(highest_us, bar.bus_us + bar.dispatch_us);
    }
    auto* stack = newSplitStack(bus, dispatch);
    chart->addSeries(stack);

    auto* x_axis = new QBarCategoryAxis;
    styleAxis(*x_axis, QStringLiteral("phase and percentile"));
    x_axis->append(categories);
    x_axis->setGridLineVisible(false);
    auto* y_axis = new QValueAxis;
    styleAxis(*y_axis, QStringLiteral("latency part (µs)"));
    const double y_top = roundAxisTop(std::max(highest_us, 1.0));
    y_axis->setRange(0, y_top);
    setRoundTicks(*y_axis, y_top);
    addAxis(*chart, x_axis, Qt::AlignBottom, {stack});
    addAxis(*chart, y_axis, Qt::AlignLeft, {stack});
    return chart;
}

}  // namespace charts
