// Latency by percentile (latency_charts.h).
#include <QCategoryAxis>
#include <QLineSeries>
#include <QValueAxis>
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <memory>

#include "chart_theme.h"
#include "latency_charts.h"
#include "state_palette.h"

namespace charts {
namespace {

using engine::LatencyHistogram;

// Points per decade of 1 / (1 − q): smooth curves, a few hundred points each.
constexpr int kPointsPerNine = 50;

constexpr Qt::PenStyle kFurtherPhaseStyles[] = {Qt::SolidLine, Qt::DashLine, Qt::DashDotLine,
                                                Qt::DotLine};

// How far along the axis a histogram's curve goes: the percentile its samples support, one
// sample in 10^n being the n-nines percentile.
double reachOf(const LatencyHistogram& histogram) {
    const double count = static_cast<double>(histogram.count());
    return std::min(std::log10(std::max(count, 1.0)), double{kMaxPercentileNines});
}

QList<QPointF> curvePoints(const LatencyHistogram& histogram) {
    const double reach = reachOf(histogram);
    QList<QPointF> points;
    points.reserve(static_cast<qsizetype>(reach * kPointsPerNine) + 2);
    for (int i = 0; static_cast<double>(i) / kPointsPerNine < reach; ++i) {
        const double nines = static_cast<double>(i) / kPointsPerNine;
        const double q = 1 - std::pow(10.0, -nines);
        points.append(QPointF(nines, toMicroseconds(histogram.valueAtQuantile(q))));
    }
    // The curve ends on the maximum when the samples reach no further than the axis, else on the
    // last percentile the axis shows.
    const double last_q = reach < kMaxPercentileNines ? 1.0 : 1 - std::pow(10.0, -reach);
    points.append(QPointF(reach, toMicroseconds(histogram.valueAtQuantile(last_q))));
    return points;
}

QLineSeries* curveSeries(const PercentileCurve& curve) {
    auto* series = new QLineSeries;
    series->replace(curvePoints(curve.histogram));
    series->setName(
        QStringLiteral("%1 · %2 samples").arg(plainText(curve.name)).arg(curve.histogram.count()));
    series->setPen(hudPen(curve.colour, curve.width, curve.style));
    return series;
}

// "90%", "99.9%": the percentile that is `nines` nines.
QString percentileLabel(int nines) {
    if (nines <= 1) {
        return QStringLiteral("90%");
    }
    QString label = QStringLiteral("99");
    if (nines > 2) {
        label += QLatin1Char('.') + QString(nines - 2, QLatin1Char('9'));
    }
    return label + QLatin1Char('%');
}

QCategoryAxis* percentileAxis(double axis_end) {
    auto* axis = new QCategoryAxis;
    styleAxis(*axis, QStringLiteral("percentile (log scale of 1 / (1 − q))"));
    axis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    axis->setStartValue(0);
    axis->setRange(0, axis_end);
    axis->append(QStringLiteral("50%"), percentileNines(0.5));
    for (int nines = 1; nines <= static_cast<int>(axis_end); ++nines) {
        axis->append(percentileLabel(nines), nines);
    }
    return axis;
}

}  // namespace

double percentileNines(double q) {
    if (q >= 1) {
        return std::numeric_limits<double>::infinity();
    }
    return -std::log10(1 - q);
}

ChartContent percentileContent(const std::vector<PercentileCurve>& curves) {
    double reach = 0;
    double highest_us = 0;
    ChartContent content;
    for (const PercentileCurve& curve : curves) {
        if (curve.histogram.count() == 0) {
            continue;  // nothing to draw; the legend would only confuse
        }
        reach = std::max(reach, reachOf(curve.histogram));
        highest_us = std::max(highest_us, toMicroseconds(curve.histogram.summary().max));
        content.series.emplace_back(curveSeries(curve));
    }
    const QString detail = content.series.empty()
                               ? QStringLiteral("no latency samples")
                               : QStringLiteral("latency at each percentile, HDR style");
    content.title = chartTitle(QStringLiteral("Latency by percentile"), detail);
    // Whole nines, at least to 99 %, so that the labels frame the curves.
    const double axis_end = std::max(2.0, std::ceil(reach - 1e-9));
    content.axes.push_back(
        {std::unique_ptr<QAbstractAxis>(percentileAxis(axis_end)), Qt::AlignBottom});
    auto y_axis = std::make_unique<QValueAxis>();
    styleAxis(*y_axis, QStringLiteral("interrupt latency (µs)"));
    const double y_top = roundAxisTop(std::max(highest_us, 1.0));
    y_axis->setRange(0, y_top);
    setRoundTicks(*y_axis, y_top);
    content.axes.push_back({std::move(y_axis), Qt::AlignLeft});
    return content;
}

QChart* buildPercentileChart(const std::vector<PercentileCurve>& curves) {
    return buildChart(percentileContent(curves));
}

std::vector<PercentileCurve> phasePercentileCurves(const std::vector<engine::PhaseWindow>& phases,
                                                   const engine::RunStatistics& statistics) {
    std::vector<PercentileCurve> curves;
    std::map<engine::PortState, std::size_t> seen_of_state;
    for (std::size_t i = 0; i < phases.size() && i < statistics.phaseCount(); ++i) {
        const engine::PhaseStatistics& phase = statistics.phase(i);
        if (phase.latency.count() == 0) {
            continue;
        }
        const engine::PortState state = phases[i].phase.state;
        const std::size_t seen = seen_of_state[state]++;
        curves.push_back({QString::fromStdString(phases[i].phase.name), stateColour(state),
                          kFurtherPhaseStyles[seen % std::size(kFurtherPhaseStyles)], 2,
                          phase.latency});
    }
    // Drawn last, over the phases, dashed so that a phase it coincides with still shows.
    curves.push_back({QStringLiteral("all phases"), hudColour(hud::kLatency), Qt::DashLine, 2.5,
                      statistics.overall().latency});
    return curves;
}

}  // namespace charts
