// The live timeline's shapes, computed from a snapshot and nothing else (so they are tested
// without a chart): the bands, the transition times, the min/max envelope split where the data
// stops, and its zigzag form for OpenGL line series.
// x is in seconds relative to `now_ns` (the snapshot's time: 0 is now, −10 is ten seconds ago), so
// that the chart's x axis keeps one range while the data scrolls; y is in microseconds.
#pragma once

#include <QList>
#include <QPointF>
#include <vector>

#include "live_session.h"

namespace ui::timeline {

// The envelope between two lines: `upper` through the maxima, `lower` through the minima.
struct Strip {
    QList<QPointF> upper;
    QList<QPointF> lower;
};

// A phase's band: its state and where it starts and ends (the chart cuts it to the plot).
struct BandSpan {
    engine::PortState state = engine::PortState::Disconnected;
    double start_s = 0;
    double end_s = 0;
};

// Every band of the snapshot that lasts, in its order.
std::vector<BandSpan> bandSpans(const std::vector<engine::LiveBand>& bands, std::int64_t now_ns);

// Where a band begins inside the window (a band cut by the window's left edge has no marker).
std::vector<double> transitionTimes(const std::vector<engine::LiveBand>& bands,
                                    std::int64_t window_start_ns, std::int64_t now_ns);

// The min/max envelope, one strip per stretch of columns with data. At most `max_segments`: the
// longest gaps split it (an inactive phase has no latency and must not be bridged by a line);
// shorter gaps are bridged, as in the report's chart.
std::vector<Strip> envelope(const std::vector<engine::TimelineColumn>& columns,
                            std::int64_t window_ns, std::size_t max_segments, std::int64_t now_ns);

// The envelope as one polyline that runs min → max → next max → next min …, so that a line
// series draws a filled band at one column per pixel (OpenGL line series only draw lines).
QList<QPointF> zigzag(const Strip& segment);

// The highest max in the columns, in µs (0 when there is none).
double highestUs(const std::vector<engine::TimelineColumn>& columns);

}  // namespace ui::timeline
