// The live charts: the timeline draws the engine's decimated columns (min/max per pixel column,
// never a raw sample) with the phases as bands and transition markers; the distribution charts
// are the report's own builders, refreshed at 4 Hz, one per frame at most.
#include <gtest/gtest.h>

#include <QAreaSeries>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QGraphicsScene>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QValueAxis>
#include <cmath>
#include <memory>

#include "bench_actions.h"
#include "bus_dispatch_live_chart.h"
#include "cached_chart_view.h"
#include "chart_adoption.h"
#include "chart_theme.h"
#include "distribution_charts.h"
#include "hud_tile.h"
#include "latency_charts.h"
#include "live_timeline_chart.h"
#include "state_palette.h"
#include "window_fixture.h"

namespace {

using engine::Outcome;
using engine::PortState;
using uitest::openWindow;
using uitest::waitUntil;

// Runs a train through disconnected → active → inactive → active, 300 ms each.
void runThroughPhases(ui::MainWindow& window) {
    window.controller().startStimulus(2000);
    QTest::qWait(300);
    QTest::keyClick(&window, Qt::Key_1);
    QTest::qWait(300);
    QTest::keyClick(&window, Qt::Key_3);
    QTest::qWait(300);
    QTest::keyClick(&window, Qt::Key_2);
    // Generous: under ThreadSanitizer on a busy 2-core host the interrupt path is much slower.
    ASSERT_TRUE(waitUntil(
        [&] { return uitest::phaseCount(window.lastSnapshot(), Outcome::Serviced) > 200; },
        20'000));
}

TEST(LiveCharts, TheTimelineDrawsColumnsBandsAndMarkersFromTheSnapshot) {
    auto window = openWindow();
    runThroughPhases(*window);
    ui::LiveTimelineChart& timeline = window->timeline();
    window->refreshFrame();
    const engine::LiveSnapshot& snapshot = window->lastSnapshot();
    // One column per pixel of the plot, decimated by the engine.
    EXPECT_NEAR(static_cast<double>(timeline.columnsWanted()), timeline.chart()->plotArea().width(),
                1.0);
    EXPECT_EQ(snapshot.columns.size(), timeline.columnsWanted());
    std::size_t filled = 0;
    for (const engine::TimelineColumn& column : snapshot.columns) {
        filled += column.count != 0 ? 1 : 0;
    }
    EXPECT_EQ(timeline.envelopePoints(), filled);  // one point per column with data, not per sample
    EXPECT_GT(filled, 30u);
    EXPECT_EQ(timeline.bandRectangles(PortState::Active), 2u);
    EXPECT_EQ(timeline.bandRectangles(PortState::Inactive), 1u);
    EXPECT_EQ(timeline.bandRectangles(PortState::Disconnected), 1u);
    EXPECT_EQ(timeline.markersShown(), 3u);
    EXPECT_GE(timeline.yTop(), charts::toMicroseconds(snapshot.phase_latency.max));
    // The series were made once and are refilled: the chart keeps its series across frames.
    const QList<QAbstractSeries*> before = timeline.chart()->series();
    window->refreshFrame();
    EXPECT_EQ(timeline.chart()->series(), before);
}

// The envelope is the chart's own item, not line series (whose hover outline Qt Charts strokes on
// every update): the series stay empty, and the envelope's colour shows over the bands, at least
// a pixel per column with data.
TEST(LiveCharts, TheTimelineDrawsTheEnvelopeItselfOverTheBands) {
    auto window = openWindow();
    runThroughPhases(*window);
    ui::LiveTimelineChart& timeline = window->timeline();
    ASSERT_FALSE(timeline.openGl());
    window->refreshFrame();
    QCoreApplication::sendPostedEvents();
    const std::size_t columns = timeline.envelopePoints();
    EXPECT_GT(columns, 30u);
    for (QAbstractSeries* series : timeline.chart()->series()) {
        if (series->name() == QStringLiteral("latency min–max per column")) {
            EXPECT_EQ(static_cast<QLineSeries*>(series)->count(), 0);
        }
    }
    const QImage image = timeline.grab().toImage();
    const QRect plot = timeline.chart()->plotArea().toRect();
    const QColor latency = charts::hudColour(charts::hud::kLatency);
    std::size_t drawn = 0;
    for (int y = plot.top(); y <= plot.bottom(); ++y) {
        for (int x = plot.left(); x <= plot.right(); ++x) {
            drawn += image.pixelColor(x, y) == latency ? 1 : 0;
        }
    }
    EXPECT_GE(drawn, columns);
}

// Rows of `image` inside `area` that hold a pixel of the axis labels' colour, counted as runs: one
// run per line of label text.
int labelLines(const QImage& image, const QRect& area) {
    const QColor muted = charts::hudColour(charts::hud::kMutedText);
    const auto near = [&](const QColor& c) {
        return std::abs(c.red() - muted.red()) + std::abs(c.green() - muted.green()) +
                   std::abs(c.blue() - muted.blue()) <
               60;
    };
    // A run of under three rows is an axis tick (one row, the same colour), not a line of text.
    constexpr int kTextRows = 3;
    int lines = 0;
    int rows = 0;
    for (int y = area.top(); y <= area.bottom() + 1; ++y) {
        bool found = false;
        for (int x = area.left(); y <= area.bottom() && x <= area.right() && !found; ++x) {
            found = near(image.pixelColor(x, y));
        }
        if (found) {
            ++rows;
        } else {
            lines += rows >= kTextRows ? 1 : 0;
            rows = 0;
        }
    }
    return lines;
}

// The timeline shows the value of each of its y axis's ticks beside the plot, also after the axis
// rose to the data (from 10 µs at start) and its labels were made anew, and in a picture of the
// window. (Text items that kept their own pixels in device coordinates were missing from such
// pictures, all but one label; kept in item coordinates, one showed "1000" where the axis said
// 5000.)
TEST(LiveCharts, TheTimelineShowsEveryYAxisLabelAfterTheAxisRose) {
    auto window = openWindow();
    runThroughPhases(*window);
    ui::LiveTimelineChart& timeline = window->timeline();
    window->refreshFrame();
    QCoreApplication::sendPostedEvents();
    window->refreshFrame();
    QCoreApplication::sendPostedEvents();
    ASSERT_GT(timeline.yTop(), 10.0);
    const auto* y_axis = qobject_cast<QValueAxis*>(timeline.chart()->axes(Qt::Vertical).front());
    ASSERT_NE(y_axis, nullptr);
    const int ticks = static_cast<int>(std::floor(y_axis->max() / y_axis->tickInterval())) + 1;
    const QRect plot = timeline.chart()->plotArea().toRect();
    // Left of the plot and its tick marks, clear of the rotated axis title (drawn in the text
    // colour, not muted).
    const QRect labels(plot.left() - 60, plot.top() - 8, 52, plot.height() + 16);
    const QRect in_window(timeline.mapTo(window.get(), QPoint(0, 0)), timeline.size());
    EXPECT_GE(labelLines(window->grab().toImage().copy(in_window), labels), ticks);
    EXPECT_GE(labelLines(timeline.grab().toImage(), labels), ticks);
}

TEST(LiveCharts, EveryLiveChartViewKeepsNoSpatialIndexAndThePanelsRepaintWhole) {
    auto window = openWindow();
    const QList<QChartView*> views = window->findChildren<QChartView*>();
    ASSERT_EQ(views.size(), 4);  // the timeline and the three distribution panels
    for (const QChartView* view : views) {
        SCOPED_TRACE(view->objectName().toStdString());
        EXPECT_EQ(view->scene()->itemIndexMethod(), QGraphicsScene::NoIndex);
        EXPECT_EQ(view->viewportUpdateMode(), view == &window->timeline()
                                                  ? QGraphicsView::MinimalViewportUpdate
                                                  : QGraphicsView::FullViewportUpdate);
    }
}

TEST(LiveCharts, APanelDrawsItsSceneOnlyWhenTheChartChanged) {
    ui::CachedChartView view;
    view.resize(400, 240);
    view.chart()->setTitle(QStringLiteral("before"));
    view.show();
    // Painted until the chart's layout and the scene's queued changed() have gone through.
    const auto settled = [&] {
        QImage image;
        std::uint64_t drawn = 0;
        for (int i = 0; i < 20 && (i == 0 || view.scenePaints() != drawn); ++i) {
            drawn = view.scenePaints();
            QTest::qWait(20);
            image = view.grab().toImage();
        }
        QTest::qWait(20);
        return image;
    };
    const QImage first = settled();
    const std::uint64_t drawn = view.scenePaints();
    EXPECT_GE(drawn, 1u);
    for (int i = 0; i < 3; ++i) {
        QTest::qWait(20);
        EXPECT_EQ(view.grab().toImage(), first);  // painted again: the kept picture
    }
    EXPECT_EQ(view.scenePaints(), drawn);

    view.chart()->setTitle(QStringLiteral("after, and longer"));
    const QImage changed = settled();
    EXPECT_GT(view.scenePaints(), drawn);
    EXPECT_TRUE(changed != first);  // the new title is on it, not the old picture
}

TEST(LiveCharts, TheDistributionChartsAreTheReportsChartsOfThePhaseInForce) {
    auto window = openWindow();
    runThroughPhases(*window);
    // A refresh may put a new chart in a view (when the built one cannot be adopted): every
    // look asks the view for its chart afresh.
    const auto histogramTitle = [&] {
        return window->distributions().histogramView().chart()->title();
    };
    // The histogram may first be refreshed in the phase before its first sample: titled ACTIVE,
    // with no steps yet.
    const auto histogramHasSteps = [&] {
        return !window->distributions().histogramView().chart()->series().isEmpty();
    };
    const auto curvePoints = [&] {
        const QList<QAbstractSeries*> series =
            window->distributions().percentileView().chart()->series();
        const auto* curve =
            series.size() == 1 ? qobject_cast<QLineSeries*>(series.front()) : nullptr;
        return curve != nullptr ? curve->count() : 0;
    };
    const ui::BusDispatchLiveChart& split = window->distributions().busDispatchView();
    // At 4 Hz each, one per frame, the three catch up with the active phase: waited for, not
    // guessed (a loaded sanitizer tree can take far longer than the second a quiet one needs).
    waitUntil(
        [&] {
            return histogramTitle().contains(QStringLiteral("■ ACTIVE")) && histogramHasSteps() &&
                   curvePoints() > 100 && split.dispatchUs(0) > 0.0;
        },
        20'000);
    const QChart* histogram = window->distributions().histogramView().chart();
    const QChart* percentile = window->distributions().percentileView().chart();
    EXPECT_TRUE(histogram->title().contains(QLatin1String("LATENCY HISTOGRAM")));
    EXPECT_TRUE(histogram->title().contains(QStringLiteral("■ ACTIVE")))
        << histogram->title().toStdString();
    EXPECT_FALSE(histogram->series().isEmpty());  // the steps and the percentile markers
    ASSERT_EQ(percentile->series().size(), 1);
    EXPECT_GT(qobject_cast<QLineSeries*>(percentile->series().front())->count(), 100);
    EXPECT_GT(split.dispatchUs(0), 0.0);  // p50
    EXPECT_GE(split.busUs(1) + split.dispatchUs(1), split.busUs(0) + split.dispatchUs(0));
}

engine::LiveSnapshot withSamples(std::int64_t count) {
    engine::LiveSnapshot snapshot;
    snapshot.state = PortState::Active;
    for (std::int64_t i = 0; i < count; ++i) {
        snapshot.histogram.record(2'000 + (i * 7919) % 40'000);
        snapshot.bus.record(1'000 + i % 500);
        snapshot.dispatch.record(1'500 + i % 900);
    }
    return snapshot;
}

// The samples the histogram panel's steps count (a bin's flat top is two points; empty bins sit
// below 1).
double stepTotal(ui::CachedChartView& view) {
    double total = 0;
    for (QAbstractSeries* series : view.chart()->series()) {
        if (auto* area = qobject_cast<QAreaSeries*>(series)) {
            const QList<QPointF> steps = area->upperSeries()->points();
            for (qsizetype i = 0; i < steps.size(); i += 2) {
                total += steps[i].y() >= 1 ? steps[i].y() : 0;
            }
        }
    }
    return total;
}

// The percentile chart's curve, empty when it has none (no samples yet).
QString curveName(QChartView& view) {
    const QList<QAbstractSeries*> series = view.chart()->series();
    return series.isEmpty() ? QString() : series.front()->name();
}

TEST(LiveCharts, AtMostOneDistributionChartIsRefreshedPerFrameAndEachAtFourHertz) {
    ui::DistributionCharts charts;  // alone: no frame timer calls it meanwhile
    charts.showAll(engine::LiveSnapshot{});
    EXPECT_FALSE(charts.showSnapshot(engine::LiveSnapshot{}));  // just refreshed: not due
    QTest::qWait(static_cast<int>(ui::DistributionCharts::kRefreshMs) + 20);
    const engine::LiveSnapshot first = withSamples(1000);
    EXPECT_TRUE(charts.showSnapshot(first));  // one frame: the histogram
    EXPECT_EQ(stepTotal(charts.histogramView()), 1000);
    EXPECT_EQ(curveName(charts.percentileView()), QString());  // its turn is the next frame
    EXPECT_TRUE(charts.showSnapshot(first));                   // the next: the percentile curve
    EXPECT_TRUE(curveName(charts.percentileView()).contains(QLatin1String("1000 samples")));
    EXPECT_TRUE(charts.showSnapshot(first));  // the next: bus and dispatch
    EXPECT_GT(charts.busDispatchView().busUs(0), 0.0);
    EXPECT_FALSE(charts.showSnapshot(first));  // then nothing until 250 ms have passed

    // A refresh of the same structure keeps the chart on screen and refills it.
    QTest::qWait(static_cast<int>(ui::DistributionCharts::kRefreshMs) + 20);
    const QChart* shown = charts.histogramView().chart();
    EXPECT_TRUE(charts.showSnapshot(withSamples(3000)));
    EXPECT_EQ(charts.histogramView().chart(), shown);
    EXPECT_EQ(stepTotal(charts.histogramView()), 3000);
    // The tiles count the samples: a title that changed with each one would lay the chart out
    // again at each refresh.
    EXPECT_FALSE(shown->title().contains(QLatin1String("samples")));
}

// Every point, axis range and word of a chart, to compare a built chart with an adopted one.
void describePoints(const QXYSeries& series, QStringList& out) {
    for (const QPointF& p : series.points()) {
        out << QStringLiteral("%1,%2").arg(p.x()).arg(p.y());
    }
}

QStringList describe(QChart& chart) {
    QStringList out{chart.title()};
    for (QAbstractSeries* series : chart.series()) {
        out << series->name();
        if (auto* area = qobject_cast<QAreaSeries*>(series)) {
            describePoints(*area->upperSeries(), out);
            out << QStringLiteral("lower");
            describePoints(*area->lowerSeries(), out);
        } else if (auto* line = qobject_cast<QXYSeries*>(series)) {
            describePoints(*line, out);
        }
    }
    for (QAbstractAxis* axis : chart.axes()) {
        out << axis->titleText();
        if (auto* value = qobject_cast<QValueAxis*>(axis)) {
            out << QStringLiteral("%1..%2 every %3")
                       .arg(value->min())
                       .arg(value->max())
                       .arg(value->tickInterval());
        } else if (auto* log = qobject_cast<QLogValueAxis*>(axis)) {
            out << QStringLiteral("log %1..%2").arg(log->min()).arg(log->max());
        } else if (auto* categories = qobject_cast<QCategoryAxis*>(axis)) {
            out << categories->categoriesLabels();
        }
    }
    return out;
}

TEST(LiveCharts, AnAdoptedChartShowsExactlyWhatTheReportBuilderBuilt) {
    const engine::LiveSnapshot before = withSamples(500);
    const engine::LiveSnapshot after = withSamples(5000);
    std::unique_ptr<QChart> shown(charts::buildHistogramChart(before.histogram, "a phase"));
    std::unique_ptr<QChart> built(charts::buildHistogramChart(after.histogram, "a phase"));
    const QStringList expected = describe(*built);
    ASSERT_NE(describe(*shown), expected);
    ASSERT_TRUE(ui::adoptChart(*shown, charts::histogramContent(after.histogram, "a phase")));
    EXPECT_EQ(describe(*shown), expected);

    // A chart of another structure (an empty histogram has no series) is not adopted.
    std::unique_ptr<QChart> empty(charts::buildHistogramChart(engine::LatencyHistogram{}, "x"));
    const QStringList untouched = describe(*empty);
    EXPECT_FALSE(ui::adoptChart(*empty, charts::histogramContent(after.histogram, "a phase")));
    EXPECT_EQ(describe(*empty), untouched);
}

// Series names show only in a legend: a chart shown without one keeps its names (a rename lays
// the whole chart out again), and a chart with one takes the fresh names.
TEST(LiveCharts, ASeriesNameIsAdoptedOnlyWhereALegendShowsIt) {
    const engine::LiveSnapshot before = withSamples(500);
    const engine::LiveSnapshot after = withSamples(5000);
    const auto firstName = [](const QChart& chart) { return chart.series().front()->name(); };
    std::unique_ptr<QChart> shown(
        charts::buildPercentileChart({{"a phase", Qt::green, Qt::SolidLine, 2, before.histogram}}));
    const QString old_name = firstName(*shown);
    shown->legend()->hide();
    const charts::ChartContent fresh =
        charts::percentileContent({{"a phase", Qt::green, Qt::SolidLine, 2, after.histogram}});
    const QString fresh_name = fresh.series.front()->name();
    ASSERT_NE(fresh_name, old_name);
    ASSERT_TRUE(ui::adoptChart(*shown, fresh));
    EXPECT_EQ(firstName(*shown), old_name);
    EXPECT_EQ(qobject_cast<QXYSeries*>(shown->series().front())->points(),
              qobject_cast<QXYSeries*>(fresh.series.front().get())->points());

    shown->legend()->show();
    ASSERT_TRUE(ui::adoptChart(*shown, fresh));
    EXPECT_EQ(firstName(*shown), fresh_name);
}

// Counts the layout requests an object receives.
class LayoutRequests : public QObject {
public:
    explicit LayoutRequests(QObject& watched) { watched.installEventFilter(this); }
    int count = 0;

protected:
    bool eventFilter(QObject* /*watched*/, QEvent* event) override {
        count += event->type() == QEvent::LayoutRequest ? 1 : 0;
        return false;
    }
};

// The samples in view change at every refresh, even rounded (10 s of a 1 kHz train holds 9,990
// or 10,000): the rates overlay over the timeline counts them, and the chart's title, whose every
// change lays the whole chart out again, says only what changes with the chart's width.
TEST(LiveCharts, TheTimelineTitleStaysPutWhileSamplesStreamAndTheOverlayCountsThem) {
    ui::LiveTimelineChart timeline;
    engine::LiveSnapshot snapshot;
    snapshot.columns.resize(1000);
    for (engine::TimelineColumn& column : snapshot.columns) {
        column.count = 10;
    }
    timeline.showTitle(snapshot);
    QCoreApplication::sendPostedEvents();
    const QString title = timeline.chart()->title();
    EXPECT_TRUE(title.contains(QStringLiteral("each 10.0 ms column"))) << title.toStdString();
    EXPECT_EQ(engine::samplesIn(snapshot.columns), 10'000u);

    LayoutRequests requests(*timeline.chart());
    snapshot.columns.back().count = 0;
    timeline.showTitle(snapshot);
    QCoreApplication::sendPostedEvents();
    EXPECT_EQ(engine::samplesIn(snapshot.columns), 9'990u);
    EXPECT_EQ(timeline.chart()->title(), title);
    EXPECT_EQ(requests.count, 0);

    auto window = openWindow();
    runThroughPhases(*window);
    const auto* overlay = window->findChild<QLabel*>(QStringLiteral("ratesOverlay"));
    ASSERT_NE(overlay, nullptr);
    const auto counted = [&] {
        window->refreshFrame();
        const std::uint64_t in_view = engine::samplesIn(window->lastSnapshot().columns);
        return in_view > 0 && overlay->text().endsWith(ui::groupedNumber(in_view) +
                                                       QStringLiteral(" samples in view"));
    };
    EXPECT_TRUE(waitUntil(counted, 20'000)) << overlay->text().toStdString();
}

// The histogram and percentile panels are too narrow for their legends (Qt Charts showed an empty
// band): they show none, and a refresh whose ranges are unchanged lays neither chart out again
// (not for names nobody sees, nor for a sample count the tiles show).
TEST(LiveCharts, TheHistogramAndPercentilePanelsShowNoLegendAndARefreshKeepsTheirLayout) {
    ui::DistributionCharts charts;
    charts.showAll(withSamples(3000));
    QCoreApplication::sendPostedEvents();
    EXPECT_FALSE(charts.histogramView().chart()->legend()->isVisible());
    EXPECT_FALSE(charts.percentileView().chart()->legend()->isVisible());
    EXPECT_TRUE(charts.busDispatchView().chart()->legend()->isVisible());  // bus and dispatch

    QChart* histogram = charts.histogramView().chart();
    QChart* percentile = charts.percentileView().chart();
    LayoutRequests histogram_requests(*histogram);
    LayoutRequests percentile_requests(*percentile);
    charts.showAll(withSamples(3001));  // one more sample: the same ranges, new counts
    QCoreApplication::sendPostedEvents();
    EXPECT_EQ(charts.histogramView().chart(), histogram);  // adopted, not replaced
    EXPECT_EQ(charts.percentileView().chart(), percentile);
    EXPECT_EQ(stepTotal(charts.histogramView()), 3001);
    EXPECT_EQ(histogram_requests.count, 0);
    EXPECT_EQ(percentile_requests.count, 0);
}

// The histogram's edges are all square: antialiasing would change nothing on screen and cost
// most of its scene's drawing; the percentile curve slopes and keeps it.
TEST(LiveCharts, TheHistogramPanelIsDrawnWithoutAntialiasingThePercentileCurveWithIt) {
    ui::DistributionCharts charts;
    EXPECT_FALSE(charts.histogramView().renderHints().testFlag(QPainter::Antialiasing));
    EXPECT_TRUE(charts.percentileView().renderHints().testFlag(QPainter::Antialiasing));
}

// A phase whose histogram jumps from microseconds to a one-second outlier: each value axis takes
// its new range only under fixed ticks or with the new interval already set, never with the old,
// small interval over the new span (one tick item per interval: a minute-long freeze was seen).
TEST(LiveCharts, AnAxisNeverLaysOutTheOldTickIntervalOverTheNewRange) {
    const engine::LiveSnapshot before = withSamples(500);
    engine::LiveSnapshot after = withSamples(500);
    after.histogram.record(1'000'000'000);
    std::unique_ptr<QChart> shown(charts::buildHistogramChart(before.histogram, "a phase"));
    std::unique_ptr<QChart> built(charts::buildHistogramChart(after.histogram, "a phase"));
    int range_changes = 0;
    int too_many_ticks = 0;
    for (QAbstractAxis* axis : shown->axes()) {
        auto* value = qobject_cast<QValueAxis*>(axis);
        if (value == nullptr) {
            continue;
        }
        QObject::connect(value, &QValueAxis::rangeChanged, value, [&, value](qreal min, qreal max) {
            ++range_changes;
            if (value->tickType() == QValueAxis::TicksDynamic &&
                (max - min) / value->tickInterval() > 1000) {
                ++too_many_ticks;
            }
        });
    }
    ASSERT_TRUE(ui::adoptChart(*shown, charts::histogramContent(after.histogram, "a phase")));
    EXPECT_GT(range_changes, 0);
    EXPECT_EQ(too_many_ticks, 0);
    EXPECT_EQ(describe(*shown), describe(*built));
}

// The live charts' own axes move their range every few frames (the bus/dispatch split, the
// timeline's top): the range and the round ticks change together, and at no moment does a
// dynamic interval span more than a few dozen ticks of the range in force, growing or shrinking.
TEST(LiveCharts, ARangeAndItsRoundTicksChangeTogetherWithoutATickStorm) {
    QValueAxis axis;
    charts::setRangeWithRoundTicks(axis, 0, 1);
    double most_ticks = 0;
    const auto count = [&] {
        const double ticks = axis.tickType() == QValueAxis::TicksDynamic
                                 ? (axis.max() - axis.min()) / axis.tickInterval()
                                 : axis.tickCount();
        most_ticks = std::max(most_ticks, ticks);
    };
    QObject::connect(&axis, &QValueAxis::rangeChanged, &axis, count);
    QObject::connect(&axis, &QValueAxis::tickIntervalChanged, &axis, count);
    QObject::connect(&axis, &QValueAxis::tickTypeChanged, &axis, count);
    for (const double top : {1e6, 1.0, 250.0, 0.05, 5e4}) {
        charts::setRangeWithRoundTicks(axis, 0, top);
        EXPECT_EQ(axis.max(), top);
        EXPECT_EQ(axis.tickType(), QValueAxis::TicksDynamic);
        EXPECT_EQ(axis.tickInterval(), charts::roundTickInterval(top));
    }
    EXPECT_LE(most_ticks, 20.0);
}

}  // namespace
