// Latency over time (latency_charts.h).
#include <QAreaSeries>
#include <QFontMetricsF>
#include <QGraphicsRectItem>
#include <QGraphicsSimpleTextItem>
#include <QLineSeries>
#include <QValueAxis>
#include <algorithm>
#include <set>

#include "chart_theme.h"
#include "latency_charts.h"
#include "state_palette.h"

namespace charts {
namespace {

using engine::LatencyTimeline;
using engine::PhaseWindow;

// The latency band is split where the data stops for a while (an inactive phase has no latency
// samples), so that it does not bridge the gap with a straight line; only the longest gaps split
// it, so that sparse data stays a handful of series.
constexpr std::size_t kMaxLatencySegments = 64;
constexpr std::size_t kMinGapColumns = 2;

// A stretch of the timeline's columns with data: [begin, end) into the list of such columns.
struct Segment {
    std::size_t begin;
    std::size_t end;
};

std::vector<std::size_t> columnsWithData(const LatencyTimeline& timeline) {
    std::vector<std::size_t> filled;
    const auto& columns = timeline.columns();
    for (std::size_t i = 0; i < columns.size(); ++i) {
        if (columns[i].count != 0) {
            filled.push_back(i);
        }
    }
    return filled;
}

std::vector<Segment> latencySegments(const std::vector<std::size_t>& filled) {
    struct Gap {
        std::size_t empty_columns;
        std::size_t position;  // the segment that follows the gap begins here
    };
    std::vector<Gap> gaps;
    for (std::size_t k = 1; k < filled.size(); ++k) {
        const std::size_t empty = filled[k] - filled[k - 1] - 1;
        if (empty >= kMinGapColumns) {
            gaps.push_back({empty, k});
        }
    }
    std::stable_sort(gaps.begin(), gaps.end(),
                     [](const Gap& a, const Gap& b) { return a.empty_columns > b.empty_columns; });
    std::set<std::size_t> splits;
    for (std::size_t g = 0; g < gaps.size() && g + 1 < kMaxLatencySegments; ++g) {
        splits.insert(gaps[g].position);
    }
    std::vector<Segment> segments;
    std::size_t begin = 0;
    for (const std::size_t split : splits) {
        segments.push_back({begin, split});
        begin = split;
    }
    if (begin < filled.size()) {
        segments.push_back({begin, filled.size()});
    }
    return segments;
}

// The middle of a column; the last column runs to the end of the span.
std::int64_t columnMiddleNs(const LatencyTimeline& timeline, std::size_t column) {
    const auto& columns = timeline.columns();
    const std::int64_t start = columns[column].start_ns;
    const std::int64_t end =
        column + 1 < columns.size() ? columns[column + 1].start_ns : timeline.spanNs();
    return start + (end - start) / 2;
}

QAreaSeries* areaBetween(const QList<QPointF>& upper, const QList<QPointF>& lower) {
    auto* upper_line = new QLineSeries;
    upper_line->replace(upper);
    auto* lower_line = new QLineSeries;
    lower_line->replace(lower);
    auto* area = new QAreaSeries(upper_line, lower_line);
    // An area series does not own its lines; parenting them to it frees them with it.
    upper_line->setParent(area);
    lower_line->setParent(area);
    return area;
}

QAreaSeries* latencyBand(const LatencyTimeline& timeline, const std::vector<std::size_t>& filled,
                         Segment segment) {
    QList<QPointF> upper;
    QList<QPointF> lower;
    upper.reserve(static_cast<qsizetype>(segment.end - segment.begin));
    lower.reserve(upper.capacity());
    for (std::size_t k = segment.begin; k < segment.end; ++k) {
        const engine::TimelineColumn& column = timeline.columns()[filled[k]];
        const double x = toSeconds(columnMiddleNs(timeline, filled[k]));
        upper.append(QPointF(x, toMicroseconds(column.max_ns)));
        lower.append(QPointF(x, toMicroseconds(column.min_ns)));
    }
    QAreaSeries* band = areaBetween(upper, lower);
    band->setName(QStringLiteral("latency min–max"));
    QColor fill = hudColour(hud::kLatency);
    fill.setAlpha(110);
    band->setBrush(fill);
    band->setPen(hudPen(hudColour(hud::kLatency), 1.5));
    return band;
}

QAreaSeries* phaseBand(const PhaseWindow& window, double y_top) {
    const double start = toSeconds(window.actual_start_ns);
    const double end = std::max(start, toSeconds(window.actual_end_ns));
    QAreaSeries* band = areaBetween({QPointF(start, y_top), QPointF(end, y_top)},
                                    {QPointF(start, 0), QPointF(end, 0)});
    band->setName(QString::fromLatin1(stateStyle(window.phase.state).label));
    band->setBrush(stateBandBrush(window.phase.state));
    band->setPen(Qt::NoPen);
    return band;
}

QLineSeries* transitionMarker(std::int64_t at_ns, double y_top) {
    auto* marker = new QLineSeries;
    const double x = toSeconds(at_ns);
    marker->replace({QPointF(x, 0), QPointF(x, y_top)});
    marker->setName(QStringLiteral("transition"));
    QColor colour = hudColour(hud::kText);
    colour.setAlpha(200);
    marker->setPen(hudPen(colour, 1.5, Qt::DashLine));
    return marker;
}

// The phase-name tag's marker in QGraphicsItem::data, so that timelinePhaseTags finds them.
constexpr int kTagKey = 0;
const QString kPhaseTag = QStringLiteral("phase-tag");
constexpr qreal kTagPadding = 4;
constexpr qreal kTagInset = 5;  // from the band's top left corner

// A phase's name in a small tag at the top left of its band, in its state's colour, elided to
// the band's width and hidden when not even an ellipsis fits. (A category axis would do the
// placing, but it drops every name wider than its phase, and a short first phase is common.)
struct PhaseTag {
    QGraphicsRectItem* frame;       // a child of the chart; holds the text
    QGraphicsSimpleTextItem* text;  // plain text: drawn as is, no markup
    QString name;
    double start_s;
    double end_s;
    QAbstractSeries* band;  // maps the phase's times to the plot
};

PhaseTag newPhaseTag(QChart& chart, const PhaseWindow& window, QAbstractSeries* band) {
    const QColor colour = stateColour(window.phase.state);
    auto* frame = new QGraphicsRectItem(&chart);
    frame->setData(kTagKey, kPhaseTag);
    QColor backing = hudColour(hud::kBackground);
    backing.setAlpha(215);
    frame->setBrush(backing);
    frame->setPen(hudPen(colour, 1));
    frame->setZValue(10);  // over the series
    auto* text = new QGraphicsSimpleTextItem(frame);
    text->setFont(hudFont(kLabelPixels, QFont::Bold));
    text->setBrush(colour);
    const QString name = QString::fromStdString(window.phase.name);
    text->setText(name);
    return {frame, text, name, toSeconds(window.actual_start_ns), toSeconds(window.actual_end_ns),
            band};
}

void placePhaseTag(QChart& chart, const PhaseTag& tag, const QRectF& plot) {
    const qreal left =
        std::max(chart.mapToPosition(QPointF(tag.start_s, 0), tag.band).x(), plot.left());
    const qreal right =
        std::min(chart.mapToPosition(QPointF(tag.end_s, 0), tag.band).x(), plot.right());
    const qreal room = right - left - 2 * kTagInset - 2 * kTagPadding;
    const QString shown =
        QFontMetricsF(tag.text->font()).elidedText(tag.name, Qt::ElideRight, room);
    const bool fits = room > 0 && !shown.isEmpty() && shown != QStringLiteral("…");
    tag.frame->setVisible(fits);
    if (!fits) {
        return;
    }
    tag.text->setText(shown);
    tag.text->setPos(kTagPadding, kTagPadding / 2);
    const QRectF text_box = tag.text->boundingRect();
    tag.frame->setRect(0, 0, text_box.width() + 2 * kTagPadding, text_box.height() + kTagPadding);
    tag.frame->setPos(left + kTagInset, plot.top() + kTagInset);
}

// The tags follow the plot area whenever the chart is laid out again (a resized view, a render).
void addPhaseTags(QChart& chart, const std::vector<PhaseWindow>& phases,
                  const std::vector<QAbstractSeries*>& bands) {
    std::vector<PhaseTag> tags;
    for (std::size_t i = 0; i < phases.size(); ++i) {
        tags.push_back(newPhaseTag(chart, phases[i], bands[i]));
    }
    QChart* owner = &chart;
    QObject::connect(&chart, &QChart::plotAreaChanged, &chart,
                     [owner, tags = std::move(tags)](const QRectF& plot) {
                         for (const PhaseTag& tag : tags) {
                             placePhaseTag(*owner, tag, plot);
                         }
                     });
}

double latestPhaseEndNs(const std::vector<PhaseWindow>& phases) {
    std::int64_t latest = 0;
    for (const PhaseWindow& window : phases) {
        latest = std::max({latest, window.actual_start_ns, window.actual_end_ns});
    }
    return static_cast<double>(latest);
}

double highestLatencyUs(const LatencyTimeline& timeline, const std::vector<std::size_t>& filled) {
    std::int64_t highest = 0;
    for (const std::size_t column : filled) {
        highest = std::max(highest, timeline.columns()[column].max_ns);
    }
    return toMicroseconds(highest);
}

QString timelineDetail(const LatencyTimeline& timeline) {
    const std::uint64_t samples = engine::samplesIn(timeline.columns());
    if (samples == 0) {
        return QStringLiteral("no latency samples");
    }
    const double width_us = toMicroseconds(timeline.columnWidthNs());
    const QString width = width_us >= 1000 ? formatMicroseconds(width_us / 1000) + " ms"
                                           : formatMicroseconds(width_us) + " µs";
    return QStringLiteral("min–max of each %1 column · %2 samples").arg(width).arg(samples);
}

// One legend entry per kind: the first band of each state, one transition, one latency band.
void keepFirstOfEachNameInLegend(QChart& chart) {
    std::set<QString> shown;
    for (QAbstractSeries* series : chart.series()) {
        if (!shown.insert(series->name()).second) {
            hideFromLegend(chart, series);
        }
    }
}

}  // namespace

QChart* buildTimelineChart(const LatencyTimeline& timeline,
                           const std::vector<PhaseWindow>& phases) {
    const std::vector<std::size_t> filled = columnsWithData(timeline);
    const double y_top = roundAxisTop(std::max(highestLatencyUs(timeline, filled), 1.0));
    const double x_end = toSeconds(static_cast<std::int64_t>(
        std::max(latestPhaseEndNs(phases), static_cast<double>(timeline.spanNs()))));

    QChart* chart =
        newHudChart(chartTitle(QStringLiteral("Latency over time"), timelineDetail(timeline)));
    std::vector<QAbstractSeries*> all;
    std::vector<QAbstractSeries*> bands;
    for (const PhaseWindow& window : phases) {
        bands.push_back(phaseBand(window, y_top));
        all.push_back(bands.back());
    }
    for (std::size_t i = 1; i < phases.size(); ++i) {
        all.push_back(transitionMarker(phases[i].actual_start_ns, y_top));
    }
    for (const Segment segment : latencySegments(filled)) {
        all.push_back(latencyBand(timeline, filled, segment));
    }
    for (QAbstractSeries* series : all) {
        chart->addSeries(series);  // in order: bands behind, markers, the data on top
    }

    auto* x_axis = new QValueAxis;
    styleAxis(*x_axis, QStringLiteral("time since run start (s)"));
    x_axis->setRange(0, x_end);
    setRoundTicks(*x_axis, x_end);
    chart->addAxis(x_axis, Qt::AlignBottom);
    auto* y_axis = new QValueAxis;
    styleAxis(*y_axis, QStringLiteral("interrupt latency (µs)"));
    y_axis->setRange(0, y_top);
    setRoundTicks(*y_axis, y_top);
    chart->addAxis(y_axis, Qt::AlignLeft);
    for (QAbstractSeries* series : all) {
        series->attachAxis(x_axis);
        series->attachAxis(y_axis);
    }
    addPhaseTags(*chart, phases, bands);
    keepFirstOfEachNameInLegend(*chart);
    return chart;
}

std::vector<QGraphicsSimpleTextItem*> timelinePhaseTags(const QChart& chart) {
    std::vector<QGraphicsSimpleTextItem*> texts;
    for (QGraphicsItem* item : chart.childItems()) {
        if (item->data(kTagKey) == kPhaseTag && !item->childItems().isEmpty()) {
            texts.push_back(
                qgraphicsitem_cast<QGraphicsSimpleTextItem*>(item->childItems().front()));
        }
    }
    return texts;
}

}  // namespace charts
