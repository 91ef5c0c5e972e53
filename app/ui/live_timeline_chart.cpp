#include "live_timeline_chart.h"

#include <QAreaSeries>
#include <QLegend>
#include <algorithm>
#include <array>

#include "band_item.h"
#include "chart_theme.h"
#include "envelope_item.h"
#include "hud_style.h"
#include "live_chart_view.h"
#include "state_palette.h"
#include "timeline_geometry.h"

namespace ui {
namespace {

using engine::PortState;

constexpr std::array<PortState, 3> kStates{PortState::Disconnected, PortState::Active,
                                           PortState::Inactive};
constexpr qint64 kLowerAfterMs = 2000;  // the y axis comes down only after the data has
constexpr std::size_t kMinColumns = 100;
constexpr std::size_t kMaxColumns = 4000;

QAreaSeries* newArea() {
    auto* upper = new QLineSeries;
    auto* lower = new QLineSeries;
    auto* area = new QAreaSeries(upper, lower);
    upper->setParent(area);  // an area series does not own its lines
    lower->setParent(area);
    return area;
}

// One pixel, cosmetic: the raster engine's fast path for thin lines.
QPen envelopePen() {
    return charts::hudPen(themeColour(charts::hud::kLatency), 1);
}

}  // namespace

LiveTimelineChart::LiveTimelineChart(QWidget* parent) : QChartView(parent) {
    setObjectName(QStringLiteral("timelineChart"));
    // No antialiasing: everything here is an axis-aligned rectangle or a 1-pixel line through
    // pixel columns, crisper without it, and measured 2 ms a frame cheaper (text stays smooth).
    setRenderHint(QPainter::Antialiasing, false);
    prepareLiveChartView(*this, LiveRepaint::ChangedRegions);
    buildChart();
}

// Made once: each frame refills these series, it never makes new ones.
void LiveTimelineChart::buildChart() {
    QChart* previous = chart();  // the view's own default chart
    chart_ = charts::newHudChart(charts::chartTitle(QStringLiteral("Latency, last 10 s"), {}));
    // The window's background, the same colour, shows through the view under the whole chart: a
    // second fill of 1600 x 360 pixels each time the window is drawn whole is not needed.
    chart_->setBackgroundVisible(false);
    std::vector<QAbstractSeries*> series;
    makeSeries(series);
    envelope_sizes_.assign(kMaxSegments, 0);
    for (QAbstractSeries* one : series) {
        chart_->addSeries(one);  // in order: the states (legend only), markers, the data
    }
    makeAxes(series);
    // One legend entry per kind: each state, one transition, one envelope.
    for (std::size_t i = 1; i < kMaxMarkers; ++i) {
        charts::hideFromLegend(*chart_, markers_[i]);
    }
    for (std::size_t i = 1; i < kMaxSegments; ++i) {
        charts::hideFromLegend(*chart_, envelope_[i]);
    }
    band_item_ = new BandItem(chart_);
    for (const PortState state : kStates) {
        band_item_->setBrush(state, charts::stateBandBrush(state));
    }
    // Where the area series were: over the grid (Qt Charts stacks it under every series), under
    // the markers and the data.
    band_item_->setZValue(chart_->legend()->zValue() - 1.5);
    // The series follow a relayout (a wider y axis label, a resize) by themselves; so do the bands.
    connect(chart_, &QChart::plotAreaChanged, this,
            [this](const QRectF& plot) { band_item_->setPlot(plot); });
    envelope_item_ = new EnvelopeItem(chart_);
    envelope_item_->setPen(envelopePen());
    // Over every series (Qt Charts stacks them all just under its legend): the data on top.
    envelope_item_->setZValue(chart_->legend()->zValue() - 0.5);
    setChart(chart_);
    delete previous;
}

void LiveTimelineChart::makeSeries(std::vector<QAbstractSeries*>& series) {
    for (const PortState state : kStates) {
        QAreaSeries* band = newArea();  // stays empty: the legend's entry (BandItem draws)
        band->setName(stateCaption(state));
        band->setBrush(charts::stateBandBrush(state));
        band->setPen(Qt::NoPen);
        series.push_back(band);
    }
    QColor marker_colour = themeColour(charts::hud::kText);
    marker_colour.setAlpha(200);
    for (std::size_t i = 0; i < kMaxMarkers; ++i) {
        auto* marker = new QLineSeries;
        marker->setName(QStringLiteral("transition"));
        marker->setPen(charts::hudPen(marker_colour, 1.5, Qt::DashLine));
        markers_.push_back(marker);
        series.push_back(marker);
    }
    for (std::size_t i = 0; i < kMaxSegments; ++i) {
        auto* line = new QLineSeries;
        line->setName(QStringLiteral("latency min–max per column"));
        line->setPen(envelopePen());
        envelope_.push_back(line);
        series.push_back(line);
    }
}

void LiveTimelineChart::makeAxes(const std::vector<QAbstractSeries*>& series) {
    // One range for good: the data scrolls through it. A range changed every frame would make Qt
    // Charts recompute every series' geometry and re-lay out the labels on each frame.
    x_axis_ = new QValueAxis;
    charts::styleAxis(*x_axis_, QStringLiteral("seconds before now"));
    x_axis_->setRange(-charts::toSeconds(kWindowNs), 0);
    charts::setRoundTicks(*x_axis_, charts::toSeconds(kWindowNs));
    y_axis_ = new QValueAxis;
    charts::styleAxis(*y_axis_, QStringLiteral("latency (µs)"));
    y_axis_->setRange(0, y_top_);
    charts::setRoundTicks(*y_axis_, y_top_);
    chart_->addAxis(x_axis_, Qt::AlignBottom);
    chart_->addAxis(y_axis_, Qt::AlignLeft);
    for (QAbstractSeries* one : series) {
        one->attachAxis(x_axis_);
        one->attachAxis(y_axis_);
    }
}

void LiveTimelineChart::setOpenGl(bool on) {
    opengl_ = on;
    for (QLineSeries* line : envelope_) {
        line->setUseOpenGL(on);
    }
    // The other way of drawing is emptied; the next frame fills this one.
    if (on) {
        envelope_item_->clear();
    } else {
        clearEnvelopeSeries();
    }
}

std::size_t LiveTimelineChart::columnsWanted() const {
    const auto width = static_cast<std::size_t>(std::max(0.0, chart_->plotArea().width()));
    return std::clamp(width, kMinColumns, kMaxColumns);
}

void LiveTimelineChart::showSnapshot(const engine::LiveSnapshot& snapshot) {
    showYAxis(snapshot);
    showBands(snapshot);
    showMarkers(snapshot);
    showEnvelope(snapshot);
}

// The y axis follows the data up at once and comes down only after it has stayed lower for a
// while: an axis that breathes with every frame cannot be read.
void LiveTimelineChart::showYAxis(const engine::LiveSnapshot& snapshot) {
    const double wanted =
        charts::roundAxisTop(std::max(timeline::highestUs(snapshot.columns), 1.0));
    if (wanted > y_top_) {
        y_top_ = wanted;
        y_lower_since_.invalidate();
    } else if (wanted < y_top_) {
        if (!y_lower_since_.isValid()) {
            y_lower_since_.start();
        } else if (y_lower_since_.elapsed() > kLowerAfterMs) {
            y_top_ = wanted;
            y_lower_since_.invalidate();
        }
    } else {
        y_lower_since_.invalidate();
    }
    if (y_axis_->max() != y_top_) {
        charts::setRangeWithRoundTicks(*y_axis_, 0, y_top_);
    }
}

void LiveTimelineChart::showBands(const engine::LiveSnapshot& snapshot) {
    band_item_->show(timeline::bandSpans(snapshot.bands, snapshot.now_ns), plotRange());
}

PlotRange LiveTimelineChart::plotRange() const {
    return {chart_->plotArea(), x_axis_->min(), x_axis_->max(), y_axis_->min(), y_axis_->max()};
}

void LiveTimelineChart::showMarkers(const engine::LiveSnapshot& snapshot) {
    std::vector<double> times =
        timeline::transitionTimes(snapshot.bands, snapshot.now_ns - kWindowNs, snapshot.now_ns);
    if (times.size() > markers_.size()) {
        times.erase(times.begin(), times.end() - static_cast<std::ptrdiff_t>(markers_.size()));
    }
    for (std::size_t i = 0; i < markers_.size(); ++i) {
        if (i < times.size()) {
            markers_[i]->replace({QPointF(times[i], 0), QPointF(times[i], y_top_)});
        } else if (i < markers_shown_) {
            markers_[i]->clear();
        }
    }
    markers_shown_ = times.size();
}

void LiveTimelineChart::showEnvelope(const engine::LiveSnapshot& snapshot) {
    const std::vector<timeline::Strip> strips =
        timeline::envelope(snapshot.columns, kWindowNs, kMaxSegments, snapshot.now_ns);
    if (!opengl_) {
        envelope_item_->show(strips, plotRange());
        return;
    }
    for (std::size_t i = 0; i < kMaxSegments; ++i) {
        const timeline::Strip empty;
        const timeline::Strip& strip = i < strips.size() ? strips[i] : empty;
        if (strip.upper.isEmpty() && envelope_sizes_[i] == 0) {
            continue;  // empty stays empty: no signal, no repaint of the series
        }
        envelope_[i]->replace(timeline::zigzag(strip));
        envelope_sizes_[i] = strip.upper.size();
    }
}

void LiveTimelineChart::clearEnvelopeSeries() {
    for (std::size_t i = 0; i < kMaxSegments; ++i) {
        if (envelope_sizes_[i] != 0) {
            envelope_[i]->clear();
            envelope_sizes_[i] = 0;
        }
    }
}

// The samples in view are counted over the chart (MainWindow's rates overlay), not in its title:
// any change to the title's rich text lays the whole chart out again (1–1.5 ms under a 100 k/s
// stream), and a count changes all the time, even rounded (a window holding 10 s of a 1 kHz
// train has 9,990 or 10,000 in view from one refresh to the next). The column width changes
// only with the chart's width.
void LiveTimelineChart::showTitle(const engine::LiveSnapshot& snapshot) {
    const double column_ms =
        snapshot.columns.empty()
            ? 0
            : static_cast<double>(kWindowNs) / 1e6 / static_cast<double>(snapshot.columns.size());
    const QString title = charts::chartTitle(
        QStringLiteral("Latency, last 10 s"),
        QStringLiteral("min–max of each %1 ms column").arg(QString::number(column_ms, 'f', 1)));
    if (title != chart_->title()) {
        chart_->setTitle(title);  // a rich-text relayout: only when the words change
    }
}

std::size_t LiveTimelineChart::envelopePoints() const {
    if (!opengl_) {
        return envelope_item_->columns();
    }
    std::size_t points = 0;
    for (const qsizetype size : envelope_sizes_) {
        points += static_cast<std::size_t>(size);
    }
    return points;
}

std::size_t LiveTimelineChart::bandRectangles(engine::PortState state) const {
    return band_item_->bandsOf(state);
}

}  // namespace ui
