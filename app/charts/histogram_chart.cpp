// The latency histogram (latency_charts.h).
#include <QAreaSeries>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QValueAxis>
#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

#include "chart_theme.h"
#include "latency_charts.h"
#include "state_palette.h"

namespace charts {
namespace {

using engine::LatencyHistogram;

// Empty bins sit on this line, below the first decade, so that a log axis can show them.
constexpr double kCountBaseline = 0.5;

// Equal bins of a round width over the histogram's range. The histogram's own buckets widen with
// the value (128 per power of two), which is right for percentiles but would make a plot whose
// bars mean different widths.
struct Bins {
    double start_ns = 0;
    double width_ns = 1;
    std::vector<std::uint64_t> counts;
    std::uint64_t highest = 0;
};

Bins equalBins(const LatencyHistogram& histogram) {
    std::int64_t low = std::numeric_limits<std::int64_t>::max();
    std::int64_t high = 0;
    histogram.forEachBucket([&](const LatencyHistogram::Bucket& bucket) {
        low = std::min(low, bucket.low);
        high = std::max(high, bucket.high + 1);
    });
    Bins bins;
    if (histogram.count() == 0) {
        return bins;
    }
    // Whole nanoseconds: below that the histogram has no resolution to spread.
    bins.width_ns = std::max(1.0, niceCeiling(static_cast<double>(high - low) / kMaxHistogramBins));
    bins.start_ns = std::floor(static_cast<double>(low) / bins.width_ns) * bins.width_ns;
    const auto count = static_cast<std::size_t>(
        std::ceil((static_cast<double>(high) - bins.start_ns) / bins.width_ns));
    bins.counts.assign(std::clamp<std::size_t>(count, 1, kMaxHistogramBins + 1), 0);
    histogram.forEachBucket([&](const LatencyHistogram::Bucket& bucket) {
        // A bucket goes whole to the bin holding its middle: it cannot be split by value.
        const double middle =
            static_cast<double>(bucket.low) + static_cast<double>(bucket.high - bucket.low) / 2;
        const auto bin = static_cast<std::size_t>((middle - bins.start_ns) / bins.width_ns);
        bins.counts[std::min(bin, bins.counts.size() - 1)] += bucket.count;
    });
    bins.highest = *std::max_element(bins.counts.begin(), bins.counts.end());
    return bins;
}

double binEdgeUs(const Bins& bins, std::size_t edge) {
    return (bins.start_ns + static_cast<double>(edge) * bins.width_ns) / 1e3;
}

// The bins as one filled step curve: a bar per bin without a series per bar.
void addStepArea(const Bins& bins, ChartContent& content) {
    QList<QPointF> steps;
    steps.reserve(static_cast<qsizetype>(2 * bins.counts.size()));
    for (std::size_t i = 0; i < bins.counts.size(); ++i) {
        const double count = std::max(kCountBaseline, static_cast<double>(bins.counts[i]));
        steps.append(QPointF(binEdgeUs(bins, i), count));
        steps.append(QPointF(binEdgeUs(bins, i + 1), count));
    }
    QLineSeries* upper = content.area_lines.emplace_back(std::make_unique<QLineSeries>()).get();
    upper->replace(steps);
    QLineSeries* lower = content.area_lines.emplace_back(std::make_unique<QLineSeries>()).get();
    lower->replace({QPointF(binEdgeUs(bins, 0), kCountBaseline),
                    QPointF(binEdgeUs(bins, bins.counts.size()), kCountBaseline)});
    auto area = std::make_unique<QAreaSeries>(upper, lower);
    // Qt Charts makes the area a QObject child of its upper line; here the content owns both.
    area->setParent(nullptr);
    area->setName(QStringLiteral("samples per bin"));
    QColor fill = hudColour(hud::kLatency);
    fill.setAlpha(120);
    area->setBrush(fill);
    area->setPen(hudPen(hudColour(hud::kLatency), 1.5));
    content.series.push_back(std::move(area));
}

struct Marker {
    const char* name;
    double quantile;
    Qt::PenStyle style;
};
constexpr Marker kMarkers[] = {
    {"p50", 0.50, Qt::SolidLine}, {"p99", 0.99, Qt::DashLine}, {"p99.9", 0.999, Qt::DotLine}};

QLineSeries* percentileMarker(const LatencyHistogram& histogram, const Marker& marker,
                              double count_top) {
    const double us = toMicroseconds(histogram.valueAtQuantile(marker.quantile));
    auto* line = new QLineSeries;
    line->replace({QPointF(us, kCountBaseline), QPointF(us, count_top)});
    line->setName(
        QStringLiteral("%1 %2 µs").arg(QString::fromLatin1(marker.name), formatMicroseconds(us)));
    line->setPen(hudPen(hudColour(hud::kHighlight), 2, marker.style));
    return line;
}

QString histogramDetail(const LatencyHistogram& histogram, const QString& subject, const Bins& bins,
                        SampleCount count) {
    if (histogram.count() == 0) {
        return subject + QStringLiteral(" · no latency samples");
    }
    QString detail = subject;
    if (count == SampleCount::InTitle) {
        detail += QStringLiteral(" · %1 samples").arg(histogram.count());
    }
    detail +=
        QStringLiteral(" · bins of %1 µs · log count").arg(formatMicroseconds(bins.width_ns / 1e3));
    if (histogram.belowZero() != 0) {
        detail += QStringLiteral(" · %1 below 0 shown at 0").arg(histogram.belowZero());
    }
    if (histogram.beyondRange() != 0) {
        detail +=
            QStringLiteral(" · %1 beyond range shown at the top").arg(histogram.beyondRange());
    }
    return detail;
}

}  // namespace

ChartContent histogramContent(const LatencyHistogram& histogram, const QString& subject,
                              SampleCount count) {
    const Bins bins = equalBins(histogram);
    ChartContent content;
    content.title = chartTitle(QStringLiteral("Latency histogram"),
                               histogramDetail(histogram, subject, bins, count));

    // Decades up to one past the highest bin, so that the peak never touches the top.
    const double count_top = std::pow(
        10.0, std::ceil(std::log10(std::max<double>(static_cast<double>(bins.highest), 1) * 1.5)));
    if (!bins.counts.empty()) {
        addStepArea(bins, content);
        for (const Marker& marker : kMarkers) {
            content.series.emplace_back(percentileMarker(histogram, marker, count_top));
        }
    }

    auto x_axis = std::make_unique<QValueAxis>();
    styleAxis(*x_axis, QStringLiteral("interrupt latency (µs)"));
    // Two empty bins of air on each side; an empty histogram gets a plain 0–10 µs frame.
    const double x_low =
        bins.counts.empty() ? 0 : std::max(0.0, binEdgeUs(bins, 0) - 2 * bins.width_ns / 1e3);
    const double x_high =
        bins.counts.empty() ? 10 : binEdgeUs(bins, bins.counts.size()) + 2 * bins.width_ns / 1e3;
    x_axis->setRange(x_low, x_high);
    setRoundTicks(*x_axis, x_high - x_low);
    auto y_axis = std::make_unique<QLogValueAxis>();
    styleAxis(*y_axis, QStringLiteral("samples per bin (log scale)"));
    y_axis->setBase(10);
    y_axis->setRange(kCountBaseline, count_top);
    y_axis->setLabelFormat(QStringLiteral("%g"));
    y_axis->setMinorTickCount(8);
    content.axes.push_back({std::move(x_axis), Qt::AlignBottom});
    content.axes.push_back({std::move(y_axis), Qt::AlignLeft});
    return content;
}

QChart* buildHistogramChart(const LatencyHistogram& histogram, const QString& subject,
                            SampleCount count) {
    return buildChart(histogramContent(histogram, subject, count));
}

}  // namespace charts
