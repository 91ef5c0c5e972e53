// The chart builders draw what the run holds: a band per phase, the timeline's columns, the
// histogram's samples on a log count axis, percentile curves on a log-of-1/(1−q) axis, the bus
// and dispatch split per phase.
#include <gtest/gtest.h>

#include <QAreaSeries>
#include <QBarCategoryAxis>
#include <QBarSet>
#include <QCategoryAxis>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QStackedBarSeries>
#include <QValueAxis>
#include <cmath>
#include <memory>
#include <set>

#include "chart_render.h"
#include "latency_charts.h"
#include "report_test_support.h"
#include "state_palette.h"

namespace {

using report_test::syntheticRun;

template <typename Series>
std::vector<Series*> seriesOf(const QChart& chart, const QString& name = {}) {
    std::vector<Series*> found;
    for (QAbstractSeries* series : chart.series()) {
        auto* typed = qobject_cast<Series*>(series);
        if (typed != nullptr && (name.isEmpty() || series->name() == name)) {
            found.push_back(typed);
        }
    }
    return found;
}

template <typename Axis>
Axis* axisAt(const QChart& chart, Qt::Alignment alignment) {
    for (QAbstractAxis* axis : chart.axes()) {
        if (axis->alignment() == alignment) {
            return qobject_cast<Axis*>(axis);
        }
    }
    return nullptr;
}

bool isStateLabel(const QString& name) {
    for (const auto state : {engine::PortState::Active, engine::PortState::Inactive,
                             engine::PortState::Disconnected}) {
        if (name == QString::fromLatin1(charts::stateStyle(state).label)) {
            return true;
        }
    }
    return false;
}

TEST(TimelineChart, DrawsOnePatternedBandPerPhaseInItsStateStyle) {
    const engine::RunResult run = syntheticRun();
    const std::unique_ptr<QChart> chart(charts::buildTimelineChart(run.timeline, run.phases));
    std::vector<QAreaSeries*> bands;
    for (QAreaSeries* area : seriesOf<QAreaSeries>(*chart)) {
        if (isStateLabel(area->name())) {
            bands.push_back(area);
        }
    }
    ASSERT_EQ(bands.size(), run.phases.size());
    for (std::size_t i = 0; i < bands.size(); ++i) {
        const engine::PortState state = run.phases[i].phase.state;
        EXPECT_EQ(bands[i]->name(), QString::fromLatin1(charts::stateStyle(state).label));
        EXPECT_EQ(bands[i]->brush().style(), charts::stateStyle(state).pattern);
        EXPECT_EQ(bands[i]->brush().color().rgb(), charts::stateColour(state).rgb());
        const QList<QPointF> top = bands[i]->upperSeries()->points();
        ASSERT_EQ(top.size(), 2);
        EXPECT_DOUBLE_EQ(top[0].x(), static_cast<double>(run.phases[i].actual_start_ns) / 1e9);
        EXPECT_DOUBLE_EQ(top[1].x(), static_cast<double>(run.phases[i].actual_end_ns) / 1e9);
    }
    // The patterns differ as well as the colours.
    EXPECT_NE(charts::stateStyle(engine::PortState::Active).pattern,
              charts::stateStyle(engine::PortState::Inactive).pattern);
    EXPECT_NE(charts::stateStyle(engine::PortState::Inactive).pattern,
              charts::stateStyle(engine::PortState::Disconnected).pattern);
}

TEST(TimelineChart, MarksEachTransitionAndNamesEachPhaseOverItsBand) {
    const engine::RunResult run = syntheticRun();
    const std::unique_ptr<QChart> chart(charts::buildTimelineChart(run.timeline, run.phases));
    const auto markers = seriesOf<QLineSeries>(*chart, QStringLiteral("transition"));
    ASSERT_EQ(markers.size(), run.phases.size() - 1);
    for (std::size_t i = 0; i < markers.size(); ++i) {
        const QList<QPointF> points = markers[i]->points();
        ASSERT_EQ(points.size(), 2);
        EXPECT_DOUBLE_EQ(points[0].x(),
                         static_cast<double>(run.phases[i + 1].actual_start_ns) / 1e9);
        EXPECT_DOUBLE_EQ(points[0].x(), points[1].x());  // vertical
    }
    // The names in tags over their bands, elided to fit once laid out.
    const auto tags = charts::timelinePhaseTags(*chart);
    ASSERT_EQ(tags.size(), run.phases.size());
    for (std::size_t i = 0; i < tags.size(); ++i) {
        EXPECT_EQ(tags[i]->text().toStdString(), run.phases[i].phase.name);
    }
    charts::renderImage(*chart, QSize(1200, 600));
    for (std::size_t i = 1; i < tags.size(); ++i) {  // the first phase is short: 0.2 s of 3.6
        EXPECT_TRUE(tags[i]->parentItem()->isVisible()) << i;
        // The last phase is short too (0.4 s): its name may be elided.
        EXPECT_TRUE(tags[i]->text() == QString::fromStdString(run.phases[i].phase.name) ||
                    (i + 1 == tags.size() && tags[i]->text().endsWith(QStringLiteral("…"))))
            << tags[i]->text().toStdString();
        const QPointF band_start = chart->mapToPosition(
            QPointF(static_cast<double>(run.phases[i].actual_start_ns) / 1e9, 0));
        EXPECT_NEAR(tags[i]->parentItem()->pos().x(), band_start.x(), 10);
    }
    EXPECT_TRUE(tags[0]->text().startsWith(QStringLiteral("0")));

    auto* time = axisAt<QValueAxis>(*chart, Qt::AlignBottom);
    auto* latency = axisAt<QValueAxis>(*chart, Qt::AlignLeft);
    ASSERT_NE(time, nullptr);
    ASSERT_NE(latency, nullptr);
    EXPECT_TRUE(time->titleText().contains(QStringLiteral("(s)")));
    EXPECT_TRUE(latency->titleText().contains(QStringLiteral("(µs)")));
}

TEST(TimelineChart, PlotsEveryColumnWithDataAsAMinMaxBandSplitAtTheGaps) {
    const engine::RunResult run = syntheticRun();
    const std::unique_ptr<QChart> chart(charts::buildTimelineChart(run.timeline, run.phases));
    const auto bands = seriesOf<QAreaSeries>(*chart, QStringLiteral("latency min–max"));
    // Two active phases with the inactive one between them: two stretches of data.
    ASSERT_EQ(bands.size(), 2u);

    std::vector<QPointF> highs;
    std::vector<QPointF> lows;
    for (QAreaSeries* band : bands) {
        const QList<QPointF> upper = band->upperSeries()->points();
        const QList<QPointF> lower = band->lowerSeries()->points();
        ASSERT_EQ(upper.size(), lower.size());
        highs.insert(highs.end(), upper.begin(), upper.end());
        lows.insert(lows.end(), lower.begin(), lower.end());
    }
    std::vector<const engine::TimelineColumn*> with_data;
    for (const engine::TimelineColumn& column : run.timeline.columns()) {
        if (column.count != 0) {
            with_data.push_back(&column);
        }
    }
    ASSERT_EQ(highs.size(), with_data.size());
    for (std::size_t i = 0; i < with_data.size(); ++i) {
        EXPECT_DOUBLE_EQ(highs[i].y(), static_cast<double>(with_data[i]->max_ns) / 1e3);
        EXPECT_DOUBLE_EQ(lows[i].y(), static_cast<double>(with_data[i]->min_ns) / 1e3);
        EXPECT_GE(highs[i].x(), static_cast<double>(with_data[i]->start_ns) / 1e9);
        EXPECT_LT(highs[i].x(),
                  static_cast<double>(with_data[i]->start_ns + run.timeline.columnWidthNs()) / 1e9);
    }
}

TEST(TimelineChart, TheLegendShowsEachStateOnce) {
    const engine::RunResult run = syntheticRun();
    const std::unique_ptr<QChart> chart(charts::buildTimelineChart(run.timeline, run.phases));
    charts::renderImage(*chart, QSize(1000, 500));  // markers become visible once laid out
    QStringList shown;
    for (QLegendMarker* marker : chart->legend()->markers()) {
        if (marker->isVisible()) {
            shown.append(marker->label());
        }
    }
    shown.sort();
    EXPECT_EQ(shown,
              (QStringList{"ACTIVE", "DISCONNECTED", "INACTIVE", "latency min–max", "transition"}));
}

TEST(HistogramChart, CountsEverySampleOnALogCountAxisInAtMostTwoHundredBins) {
    const engine::RunResult run = syntheticRun();
    const engine::LatencyHistogram latency = run.statistics.overall().latency;
    const std::unique_ptr<QChart> chart(
        charts::buildHistogramChart(latency, QStringLiteral("all phases")));
    auto* counts = axisAt<QLogValueAxis>(*chart, Qt::AlignLeft);
    ASSERT_NE(counts, nullptr);
    EXPECT_DOUBLE_EQ(counts->base(), 10);
    EXPECT_LT(counts->min(), 1);  // empty bins sit below the first decade
    ASSERT_NE(axisAt<QValueAxis>(*chart, Qt::AlignBottom), nullptr);

    const auto areas = seriesOf<QAreaSeries>(*chart);
    ASSERT_EQ(areas.size(), 1u);
    const QList<QPointF> steps = areas[0]->upperSeries()->points();
    ASSERT_EQ(steps.size() % 2, 0);
    const auto bins = steps.size() / 2;
    EXPECT_GT(bins, 20);
    EXPECT_LE(bins, charts::kMaxHistogramBins + 1);
    double total = 0;
    double width = steps[1].x() - steps[0].x();
    for (qsizetype i = 0; i < steps.size(); i += 2) {
        EXPECT_DOUBLE_EQ(steps[i].y(), steps[i + 1].y());           // a flat top per bin
        EXPECT_NEAR(steps[i + 1].x() - steps[i].x(), width, 1e-9);  // equal widths
        total += steps[i].y() >= 1 ? steps[i].y() : 0;
    }
    EXPECT_DOUBLE_EQ(total, static_cast<double>(latency.count()));
    EXPECT_LE(steps.front().x(), static_cast<double>(latency.summary().min) / 1e3);
    EXPECT_GE(steps.back().x(), static_cast<double>(latency.summary().max) / 1e3);
}

TEST(HistogramChart, ItsTitleCountsTheSamplesUnlessTheyAreCountedElsewhere) {
    const engine::LatencyHistogram latency = syntheticRun().statistics.overall().latency;
    const QString count = QStringLiteral("%1 samples").arg(latency.count());
    const std::unique_ptr<QChart> counted(charts::buildHistogramChart(latency, "all phases"));
    EXPECT_TRUE(counted->title().contains(count)) << counted->title().toStdString();
    const std::unique_ptr<QChart> uncounted(
        charts::buildHistogramChart(latency, "all phases", charts::SampleCount::Elsewhere));
    EXPECT_FALSE(uncounted->title().contains(QLatin1String("samples")))
        << uncounted->title().toStdString();
    EXPECT_TRUE(uncounted->title().contains(QStringLiteral("all phases · bins of ")));
}

TEST(HistogramChart, MarksTheMainPercentiles) {
    const engine::RunResult run = syntheticRun();
    const engine::LatencyHistogram latency = run.statistics.overall().latency;
    const std::unique_ptr<QChart> chart(
        charts::buildHistogramChart(latency, QStringLiteral("all phases")));
    const auto lines = seriesOf<QLineSeries>(*chart);
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_TRUE(lines[0]->name().startsWith(QStringLiteral("p50 ")));
    EXPECT_DOUBLE_EQ(lines[0]->points()[0].x(),
                     static_cast<double>(latency.valueAtQuantile(0.5)) / 1e3);
    EXPECT_TRUE(lines[1]->name().startsWith(QStringLiteral("p99 ")));
    EXPECT_TRUE(lines[2]->name().startsWith(QStringLiteral("p99.9 ")));
}

TEST(PercentileChart, HasALogarithmicPercentileAxisLabelledInNines) {
    const engine::RunResult run = syntheticRun();
    const std::unique_ptr<QChart> chart(
        charts::buildPercentileChart(charts::phasePercentileCurves(run.phases, run.statistics)));
    auto* x = axisAt<QCategoryAxis>(*chart, Qt::AlignBottom);
    ASSERT_NE(x, nullptr);
    const QStringList labels = x->categoriesLabels();
    for (const auto& [label, nines] :
         {std::pair{"90%", 1.0}, std::pair{"99%", 2.0}, std::pair{"99.9%", 3.0}}) {
        ASSERT_TRUE(labels.contains(QString::fromLatin1(label))) << label;
        EXPECT_DOUBLE_EQ(x->endValue(QString::fromLatin1(label)), nines);
    }
    EXPECT_DOUBLE_EQ(charts::percentileNines(0.9), 1);
    EXPECT_NEAR(charts::percentileNines(0.999), 3, 1e-9);
    auto* y = axisAt<QValueAxis>(*chart, Qt::AlignLeft);
    ASSERT_NE(y, nullptr);
    EXPECT_TRUE(y->titleText().contains(QStringLiteral("(µs)")));
}

TEST(PercentileChart, DrawsACurvePerPhaseWithSamplesAndOneForAllPhases) {
    const engine::RunResult run = syntheticRun();
    const std::unique_ptr<QChart> chart(
        charts::buildPercentileChart(charts::phasePercentileCurves(run.phases, run.statistics)));
    const auto curves = seriesOf<QLineSeries>(*chart);
    ASSERT_EQ(curves.size(), 3u);  // "1 active", "3 active", "all phases"
    EXPECT_TRUE(curves[0]->name().startsWith(QStringLiteral("1 active")));
    EXPECT_TRUE(curves[1]->name().startsWith(QStringLiteral("3 active")));
    EXPECT_TRUE(curves[2]->name().startsWith(QStringLiteral("all phases")));
    EXPECT_EQ(curves[0]->pen().color().rgb(), charts::stateColour(engine::PortState::Active).rgb());
    EXPECT_NE(curves[0]->pen().style(), curves[1]->pen().style());  // same state, other dash

    const engine::LatencyHistogram all = run.statistics.overall().latency;
    const QList<QPointF> points = curves[2]->points();
    for (qsizetype i = 1; i < points.size(); ++i) {
        EXPECT_GT(points[i].x(), points[i - 1].x());
        EXPECT_GE(points[i].y(), points[i - 1].y());  // a percentile curve never falls
    }
    EXPECT_DOUBLE_EQ(points.front().x(), 0);
    EXPECT_NEAR(points.back().x(), std::log10(static_cast<double>(all.count())), 1e-9);
    EXPECT_DOUBLE_EQ(points.back().y(), static_cast<double>(all.summary().max) / 1e3);
}

TEST(BusDispatchChart, StacksBusAndDispatchPercentilesPerPhase) {
    const engine::RunResult run = syntheticRun();
    const std::unique_ptr<QChart> chart(charts::buildBusDispatchChart(run.phases, run.statistics));
    const auto stacks = seriesOf<QStackedBarSeries>(*chart);
    ASSERT_EQ(stacks.size(), 1u);
    const QList<QBarSet*> sets = stacks[0]->barSets();
    ASSERT_EQ(sets.size(), 2);
    EXPECT_TRUE(sets[0]->label().startsWith(QStringLiteral("bus")));
    EXPECT_TRUE(sets[1]->label().startsWith(QStringLiteral("dispatch")));
    EXPECT_NE(sets[0]->brush().style(), sets[1]->brush().style());  // not by colour alone

    auto* categories = axisAt<QBarCategoryAxis>(*chart, Qt::AlignBottom);
    ASSERT_NE(categories, nullptr);
    // p50 and p99 of "1 active", "3 active" and all phases.
    ASSERT_EQ(categories->count(), 6);
    EXPECT_TRUE(categories->at(0).startsWith(QStringLiteral("1 active")));
    EXPECT_TRUE(categories->at(0).endsWith(QStringLiteral("p50")));
    EXPECT_TRUE(categories->at(3).endsWith(QStringLiteral("p99")));
    ASSERT_EQ(sets[0]->count(), 6);
    const engine::PhaseStatistics& first = run.statistics.phase(1);
    EXPECT_DOUBLE_EQ(sets[0]->at(0), static_cast<double>(first.bus.valueAtQuantile(0.5)) / 1e3);
    EXPECT_DOUBLE_EQ(sets[1]->at(1),
                     static_cast<double>(first.dispatch.valueAtQuantile(0.99)) / 1e3);
    EXPECT_TRUE(axisAt<QValueAxis>(*chart, Qt::AlignLeft)->titleText().contains("(µs)"));
}

TEST(Charts, ARunWithoutSamplesStillGivesFourFramedCharts) {
    const engine::RunResult run = report_test::emptyRun();
    const std::unique_ptr<QChart> timeline(charts::buildTimelineChart(run.timeline, run.phases));
    EXPECT_TRUE(seriesOf<QAreaSeries>(*timeline, QStringLiteral("latency min–max")).empty());
    EXPECT_EQ(seriesOf<QAreaSeries>(*timeline).size(), run.phases.size());
    const std::unique_ptr<QChart> histogram(
        charts::buildHistogramChart(run.statistics.overall().latency, QStringLiteral("all")));
    EXPECT_TRUE(histogram->series().empty());
    EXPECT_EQ(histogram->axes().size(), 2);
    const std::unique_ptr<QChart> percentiles(
        charts::buildPercentileChart(charts::phasePercentileCurves(run.phases, run.statistics)));
    EXPECT_TRUE(percentiles->series().empty());
    const std::unique_ptr<QChart> split(charts::buildBusDispatchChart(run.phases, run.statistics));
    EXPECT_EQ(qobject_cast<QStackedBarSeries*>(split->series().at(0))->barSets().at(0)->count(), 0);
}

TEST(Charts, GridsAxesAndFramesAreHairlines) {
    // A line item whose pen has a width strokes its outline whenever the scene asks for its
    // bounds; a cosmetic width-0 pen draws the same pixel and skips that (chart_theme.h).
    const engine::RunResult run = syntheticRun();
    const auto isHairline = [](const QPen& pen) { return pen.isCosmetic() && pen.widthF() == 0; };
    const std::unique_ptr<QChart> built[] = {
        std::unique_ptr<QChart>(charts::buildTimelineChart(run.timeline, run.phases)),
        std::unique_ptr<QChart>(
            charts::buildHistogramChart(run.statistics.overall().latency, QStringLiteral("all"))),
        std::unique_ptr<QChart>(charts::buildPercentileChart(
            charts::phasePercentileCurves(run.phases, run.statistics))),
        std::unique_ptr<QChart>(charts::buildBusDispatchChart(run.phases, run.statistics))};
    for (const std::unique_ptr<QChart>& chart : built) {
        EXPECT_TRUE(isHairline(chart->plotAreaBackgroundPen())) << chart->title().toStdString();
        for (const QAbstractAxis* axis : chart->axes()) {
            SCOPED_TRACE(axis->titleText().toStdString());
            EXPECT_TRUE(isHairline(axis->gridLinePen()));
            EXPECT_TRUE(isHairline(axis->minorGridLinePen()));
            EXPECT_TRUE(isHairline(axis->linePen()));
        }
    }
}

TEST(Charts, DataDerivedTextIsEscapedForQtRichText) {
    engine::RunResult run = syntheticRun();
    run.phases[1].phase.name = "1 <b>active</b> & co";
    const std::unique_ptr<QChart> split(charts::buildBusDispatchChart(run.phases, run.statistics));
    auto* categories = axisAt<QBarCategoryAxis>(*split, Qt::AlignBottom);
    ASSERT_NE(categories, nullptr);
    EXPECT_TRUE(categories->at(0).startsWith("1 &lt;b&gt;active&lt;/b&gt; &amp; co<br>"));
    const std::unique_ptr<QChart> percentiles(
        charts::buildPercentileChart(charts::phasePercentileCurves(run.phases, run.statistics)));
    EXPECT_TRUE(percentiles->series().at(0)->name().startsWith("1 &lt;b&gt;active"));
    // The timeline's tags are plain text items: the name as it is.
    const std::unique_ptr<QChart> timeline(charts::buildTimelineChart(run.timeline, run.phases));
    EXPECT_EQ(charts::timelinePhaseTags(*timeline).at(1)->text(), "1 <b>active</b> & co");
}

TEST(StatePalette, EachStateHasItsOwnColourLabelPatternAndGlyph) {
    std::set<std::string_view> colours;
    std::set<std::string_view> labels;
    std::set<int> patterns;
    std::set<std::string_view> glyphs;
    for (const auto state : {engine::PortState::Active, engine::PortState::Inactive,
                             engine::PortState::Disconnected}) {
        const charts::StateStyle& style = charts::stateStyle(state);
        colours.insert(style.css);
        labels.insert(style.label);
        patterns.insert(style.pattern);
        glyphs.insert(style.glyph);
        EXPECT_EQ(charts::stateColour(state).name().toStdString(), style.css);
        EXPECT_TRUE(charts::stateBandBrush(state).color().alpha() < 255);  // data shows through
    }
    EXPECT_EQ(colours.size(), 3u);
    EXPECT_EQ(labels.size(), 3u);
    EXPECT_EQ(patterns.size(), 3u);
    EXPECT_EQ(glyphs.size(), 3u);
    EXPECT_EQ(charts::stateStyle(engine::PortState::Inactive).pattern, Qt::BDiagPattern);
    EXPECT_EQ(charts::hudColour(charts::hud::kViolation).name().toStdString(),
              charts::hud::kViolation);
}

}  // namespace
