// The window's frame times under load, frames made back to back while interrupts stream into
// the live session, each load measured two ways on the same window:
//
//   render   the window is not shown; a frame pulls the snapshot, feeds every widget, settles the
//            layouts and renders the WHOLE window into a QImage (QWidget::render): every pixel
//            painted every frame, the worst case
//   screen   the window is shown (on the offscreen platform in a bench); a frame pulls the
//            snapshot, feeds every widget and lets Qt repaint what changed into the window's
//            backing store, as it does for a display
//
// Used by `isrbench bench` and tests/bench/gui_bench. Needs a QApplication.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "bench_figures.h"
#include "live_session.h"

namespace bench {

struct FrameFigures {
    std::size_t frames = 0;
    double fps = 0;
    double p50_ms = 0;
    double p99_ms = 0;
    double max_ms = 0;
    double events_per_s = 0;  // the engine's count over the last second, averaged per frame
    std::uint64_t samples_in_view = 0;
    std::uint64_t lost = 0;
    std::uint64_t overflow = 0;
    double snapshot_ms = 0;            // the engine's snapshot alone, averaged after the run
    std::pair<double, double> update;  // p50, p99 of each part of the frame
    std::pair<double, double> layout;
    std::pair<double, double> paint;
    // The slowest frame's parts (update, layout, paint, in ms) and how many frames missed
    // 16.7 ms: where the tail comes from.
    double worst_update_ms = 0;
    double worst_layout_ms = 0;
    double worst_paint_ms = 0;
    std::size_t frames_over_budget = 0;
    // The UI thread's CPU time per frame: a frame over budget that ran less than 16.7 ms of it
    // waited for a CPU the rest of the time (the other threads of the load on a small host, or
    // the host itself). A vCPU slowed by its neighbours still counts as CPU time.
    std::pair<double, double> cpu;        // p50, p99 of the CPU time per frame
    double worst_cpu_ms = 0;              // the slowest frame's
    std::size_t over_budget_waiting = 0;  // frames over budget that ran under it on a CPU
};

inline constexpr double kFrameBudgetMs = 1000.0 / 60;

struct WindowFrames {
    FrameFigures render;
    FrameFigures screen;
};

// A window on `live`, connected and (rate > 0) with the train running at `rate` edges/s, warmed
// up for `warmup_s`, then measured for `seconds` hidden (render) and `seconds` shown (screen).
WindowFrames measureWindowFrames(engine::LiveOptions live, double rate, double warmup_s,
                                 double seconds);

inline constexpr double kDefaultStreamRate = 100'000;

// `isrbench bench`'s figures of the window, shown (screen mode): frame time p50 and p99 with the
// streaming fixture at `stream_rate` edges/s beside the same window idle, measured in turn.
// `seconds` sets the length: half of it warms each load up, a quarter is measured each way.
std::vector<BenchFigure> windowFrameFigures(
    double seconds, double stream_rate, const std::function<void(const std::string&)>& progress);

}  // namespace bench
