#include "distribution_charts.h"

#include <QHBoxLayout>
#include <QLegend>
#include <utility>

#include "bus_dispatch_live_chart.h"
#include "chart_adoption.h"
#include "chart_theme.h"
#include "hud_style.h"
#include "latency_charts.h"

namespace ui {
namespace {

enum : std::size_t { kHistogram, kPercentile, kBusDispatch };
constexpr int kPanelTitlePixels = 15;

// The histogram is all horizontal and vertical edges: drawn without antialiasing it looks the
// same and its scene draws in 1.1-1.4 ms instead of 1.7-2.6 ms (under the 100k/s stream, 200
// renders each way, three rounds). The percentile curve's slopes keep it.
enum class Edges { Square, Sloped };

CachedChartView* newView(const char* name, Edges edges) {
    auto* view = new CachedChartView;
    view->setObjectName(QLatin1String(name));
    view->setRenderHint(QPainter::Antialiasing, edges == Edges::Sloped);
    return view;
}

// The report's chart at panel size: the same content, a smaller headline and margins (a report
// chart is 1280 × 640; a panel is a third of that) and no legend. A panel is too narrow for the
// legend's entries, so Qt Charts showed an empty band 42 px high; and as the entries carry the
// sample count and the percentiles, each refresh laid the whole chart out again for it (about 2 ms
// of a frame). The HUD tiles above show the percentiles the entries named.
QChart* compact(QChart* chart) {
    chart->setTitleFont(charts::hudFont(kPanelTitlePixels, QFont::Bold));
    chart->setMargins(QMargins(6, 2, 10, 2));
    chart->legend()->hide();
    return chart;
}

// Shows fresh content: it goes into the chart on screen when their structures match (no new
// chart, no new layout in the view), else a chart built from it replaces that chart.
void showContent(QChartView& view, charts::ChartContent content) {
    if (adoptChart(*view.chart(), content)) {
        return;
    }
    QChart* old = view.chart();
    view.setChart(compact(charts::buildChart(std::move(content))));
    delete old;  // the view lets go of it, and nothing else holds it
}

QString phaseSubject(const engine::LiveSnapshot& snapshot) {
    return QStringLiteral("phase in force (%1)").arg(stateCaption(snapshot.state));
}

}  // namespace

DistributionCharts::DistributionCharts(QWidget* parent) : QWidget(parent) {
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(8);
    histogram_ = newView("histogramChart", Edges::Square);
    percentile_ = newView("percentileChart", Edges::Sloped);
    bus_dispatch_ = new BusDispatchLiveChart;
    layout->addWidget(histogram_, 5);
    layout->addWidget(percentile_, 5);
    layout->addWidget(bus_dispatch_, 3);
    showAll(engine::LiveSnapshot{});
}

bool DistributionCharts::showSnapshot(const engine::LiveSnapshot& snapshot) {
    const std::size_t chart = next_;
    if (age_[chart].isValid() && age_[chart].elapsed() < kRefreshMs) {
        return false;
    }
    refresh(chart, snapshot);
    next_ = (next_ + 1) % age_.size();
    return true;
}

void DistributionCharts::showAll(const engine::LiveSnapshot& snapshot) {
    for (std::size_t chart = 0; chart < age_.size(); ++chart) {
        refresh(chart, snapshot);
    }
}

void DistributionCharts::refresh(std::size_t chart, const engine::LiveSnapshot& snapshot) {
    age_[chart].start();
    switch (chart) {
        case kHistogram:
            // The tiles count the phase's samples: a count in the title would lay the chart out
            // again at each refresh (1.5-1.9 ms under a 100k/s stream).
            showContent(*histogram_,
                        charts::histogramContent(snapshot.histogram, phaseSubject(snapshot),
                                                 charts::SampleCount::Elsewhere));
            break;
        case kPercentile:
            showContent(*percentile_, charts::percentileContent(
                                          {{phaseSubject(snapshot), stateColour(snapshot.state),
                                            Qt::SolidLine, 2, snapshot.histogram}}));
            break;
        case kBusDispatch:
            bus_dispatch_->showSnapshot(snapshot);
            break;
    }
}

}  // namespace ui
