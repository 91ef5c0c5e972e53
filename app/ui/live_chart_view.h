// What a chart view needs when its chart changes while the window runs.
#pragma once

class QChartView;

namespace ui {

enum class LiveRepaint {
    ChangedRegions,  // the timeline: each frame changes a few series, repaint what they cover
    WholeView,       // a panel refreshed all at once: title, legend, axes, series move together
};

// No spatial index in the view's scene: Qt's BSP tree is updated for every item that moves, and
// a chart moves all of its axis, grid and label items whenever its layout changes. With
// WholeView, a refresh repaints the view in one pass rather than the union of its many small
// changed regions, each painted with its own clip (measured with the 100 k/s stream in
// gui_bench's screen mode: frame max 16.3-19.9 -> 13.5-15.1 ms, p99 9.3-10.5 -> 7.4-8.4 ms).
void prepareLiveChartView(QChartView& view, LiveRepaint repaint);

}  // namespace ui
