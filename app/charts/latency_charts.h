// The bench's four charts, built from plain run data (the engine's structures, never files), so
// that the report writers and the live GUI draw the same pictures. Each builder returns a new
// QChart, themed (chart_theme.h) and ready to show in a QChartView or to render (chart_render.h);
// the caller owns it. Building and rendering need no display, but a QApplication must exist
// (chart_render.h).
#pragma once

#include <QBarSet>
#include <QChart>
#include <QColor>
#include <QGraphicsSimpleTextItem>
#include <QStackedBarSeries>
#include <QString>
#include <string_view>
#include <vector>

#include "chart_content.h"
#include "latency_histogram.h"
#include "latency_timeline.h"
#include "run_result.h"
#include "run_statistics.h"

namespace charts {

// Latency over time: the timeline's min–max band (one per stretch of columns with data) over the
// phases drawn as patterned background bands, one per phase, with a transition marker where each
// phase after the first begins and each phase's name in a tag at the top of its band. x: seconds
// since the run's start; y: latency in µs.
QChart* buildTimelineChart(const engine::LatencyTimeline& timeline,
                           const std::vector<engine::PhaseWindow>& phases);

// A timeline chart's phase-name tags, in phase order. Each shows its phase's name, elided to its
// band once the chart is laid out, and is hidden when the band is too narrow for it.
std::vector<QGraphicsSimpleTextItem*> timelinePhaseTags(const QChart& chart);

// At most this many bins, whatever the spread of the latencies: a readable histogram.
inline constexpr int kMaxHistogramBins = 200;

// The latency distribution: the histogram's buckets merged into at most kMaxHistogramBins equal
// bins of a round width, drawn as a filled step curve on a logarithmic count axis (rare slow
// samples stay visible next to the peak), with p50, p99 and p99.9 marked. `subject` says what
// the histogram holds: "all phases". The title counts the samples unless `count` says they are
// counted elsewhere (the window's tiles count them, and a title that changes with every sample
// lays the whole chart out again at each refresh).
enum class SampleCount { InTitle, Elsewhere };
QChart* buildHistogramChart(const engine::LatencyHistogram& histogram, const QString& subject,
                            SampleCount count = SampleCount::InTitle);
// The same chart's content (chart_content.h), for a chart already shown to take.
ChartContent histogramContent(const engine::LatencyHistogram& histogram, const QString& subject,
                              SampleCount count = SampleCount::InTitle);

// One curve of the percentile chart.
struct PercentileCurve {
    QString name;  // plain text: "1 active"
    QColor colour;
    Qt::PenStyle style = Qt::SolidLine;
    qreal width = 2;
    engine::LatencyHistogram histogram;
};

// The highest percentile the chart labels: 99.9999 %.
inline constexpr int kMaxPercentileNines = 6;

// Latency by percentile, HDR style: x is log10(1 / (1 − q)), so 90 %, 99 %, 99.9 % ... are
// evenly spaced and labelled as percentiles; y is latency in µs. A curve ends at the percentile
// its sample count supports (log10(count) nines), where it reaches the histogram's maximum.
QChart* buildPercentileChart(const std::vector<PercentileCurve>& curves);
ChartContent percentileContent(const std::vector<PercentileCurve>& curves);

// The curves a run report shows: one per phase with latency samples, in its state's colour (a
// different dash for each further phase of the same state), and "all phases" over them.
std::vector<PercentileCurve> phasePercentileCurves(const std::vector<engine::PhaseWindow>& phases,
                                                   const engine::RunStatistics& statistics);

// The percentile x value of quantile q: log10(1 / (1 − q)), "nines".
double percentileNines(double q);

// Where the latency goes: for each phase with latency samples, and for all phases, the p50 and
// the p99 of the bus part (t_arrive − t_edge) and of the dispatch part (t_isr − t_arrive),
// stacked. Each part's percentile is its own: the stack of two p99s is not the latency's p99.
QChart* buildBusDispatchChart(const std::vector<engine::PhaseWindow>& phases,
                              const engine::RunStatistics& statistics);

// The pieces of that chart, for the live window's version of it: one part's bar set (the
// dispatch part hatched as well as coloured, its values written on the bars), and the stack of
// the two parts. The caller fills the sets.
QBarSet* newSplitPartSet(const QString& name, std::string_view colour, Qt::BrushStyle pattern);
QStackedBarSeries* newSplitStack(QBarSet* bus, QBarSet* dispatch);

}  // namespace charts
