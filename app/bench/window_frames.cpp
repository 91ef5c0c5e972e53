#include "window_frames.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QPainter>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "gui_launch.h"
#include "live_timeline_chart.h"
#include "main_window.h"
#include "monotonic_clock.h"
#include "session_controller.h"
#include "streaming_fixture.h"

namespace bench {
namespace {

double percentile(std::vector<double> values, double q) {
    if (values.empty()) {
        return 0;
    }
    std::sort(values.begin(), values.end());
    const auto index = static_cast<std::size_t>(q * static_cast<double>(values.size() - 1));
    return values[index];
}

// Where a frame's time goes, in ms.
struct Parts {
    double update = 0;  // refreshFrame: snapshot + every widget fed
    double layout = 0;  // the posted events it caused (chart geometry, layouts)
    double paint = 0;   // the whole window painted
};

double msSince(const QElapsedTimer& timer) {
    return static_cast<double>(timer.nsecsElapsed()) / 1e6;
}

enum class Mode { Render, Screen };

// One frame: the snapshot pulled and shown, the posted events run (layouts; on screen also the
// repaint of what changed), in render mode the whole window painted into `image`, then the timers
// and animations.
Parts frame(ui::MainWindow& window, QImage& image, Mode mode) {
    Parts parts;
    QElapsedTimer step;
    step.start();
    window.refreshFrame();
    parts.update = msSince(step);
    step.restart();
    QCoreApplication::sendPostedEvents();
    parts.layout = msSince(step);
    if (mode == Mode::Render) {
        step.restart();
        QPainter painter(&image);
        window.render(&painter);
        painter.end();
        parts.paint = msSince(step);
    }
    QCoreApplication::processEvents();
    return parts;
}

// What the engine's snapshot costs the UI thread by itself, at the timeline's column count.
double snapshotCost(ui::MainWindow& window) {
    constexpr int kSnapshots = 50;
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < kSnapshots; ++i) {
        const engine::LiveSnapshot snapshot = window.controller().session().snapshot(
            window.timeline().columnsWanted(), ui::LiveTimelineChart::kWindowNs);
        (void)snapshot;
    }
    return msSince(clock) / kSnapshots;
}

FrameFigures measure(ui::MainWindow& window, double seconds, Mode mode) {
    QImage image(window.size(), QImage::Format_ARGB32_Premultiplied);
    std::vector<double> frame_ms;
    std::vector<double> cpu_ms;
    std::vector<double> update_ms;
    std::vector<double> layout_ms;
    std::vector<double> paint_ms;
    double events = 0;
    QElapsedTimer total;
    total.start();
    while (static_cast<double>(total.elapsed()) < seconds * 1000) {
        QElapsedTimer one;
        one.start();
        const std::int64_t cpu_start = hwbridge::threadCpuNowNs();
        const Parts parts = frame(window, image, mode);
        frame_ms.push_back(msSince(one));
        cpu_ms.push_back(static_cast<double>(hwbridge::threadCpuNowNs() - cpu_start) / 1e6);
        update_ms.push_back(parts.update);
        layout_ms.push_back(parts.layout);
        paint_ms.push_back(parts.paint);
        events += window.lastSnapshot().interrupts_per_second;
    }
    FrameFigures figures;
    figures.frames = frame_ms.size();
    figures.fps =
        static_cast<double>(frame_ms.size()) * 1e9 / static_cast<double>(total.nsecsElapsed());
    figures.p50_ms = percentile(frame_ms, 0.50);
    figures.p99_ms = percentile(frame_ms, 0.99);
    const auto worst = std::max_element(frame_ms.begin(), frame_ms.end());
    const auto at = static_cast<std::size_t>(worst - frame_ms.begin());
    figures.max_ms = *worst;
    figures.worst_update_ms = update_ms[at];
    figures.worst_layout_ms = layout_ms[at];
    figures.worst_paint_ms = paint_ms[at];
    figures.frames_over_budget = static_cast<std::size_t>(std::count_if(
        frame_ms.begin(), frame_ms.end(), [](double ms) { return ms > kFrameBudgetMs; }));
    figures.cpu = {percentile(cpu_ms, 0.5), percentile(cpu_ms, 0.99)};
    figures.worst_cpu_ms = cpu_ms[at];
    for (std::size_t i = 0; i < frame_ms.size(); ++i) {
        if (frame_ms[i] > kFrameBudgetMs && cpu_ms[i] <= kFrameBudgetMs) {
            ++figures.over_budget_waiting;
        }
    }
    figures.update = {percentile(update_ms, 0.5), percentile(update_ms, 0.99)};
    figures.layout = {percentile(layout_ms, 0.5), percentile(layout_ms, 0.99)};
    figures.paint = {percentile(paint_ms, 0.5), percentile(paint_ms, 0.99)};
    figures.events_per_s = events / static_cast<double>(std::max<std::size_t>(frame_ms.size(), 1));
    const engine::LiveSnapshot& last = window.lastSnapshot();
    figures.samples_in_view = engine::samplesIn(last.columns);
    figures.lost = last.totals[static_cast<std::size_t>(engine::Outcome::Lost)];
    figures.snapshot_ms = snapshotCost(window);
    figures.overflow = last.ring_overflow;
    return figures;
}

// "2 of 812 over, the worst 17.4 ms"
std::string overBudget(const FrameFigures& f) {
    char text[96];
    std::snprintf(text, sizeof text, "%zu of %zu over, the worst %.1f ms", f.frames_over_budget,
                  f.frames, f.max_ms);
    return text;
}

}  // namespace

WindowFrames measureWindowFrames(engine::LiveOptions live, double rate, double warmup_s,
                                 double seconds) {
    ui::WindowOptions window_options;
    window_options.live = std::move(live);
    window_options.frame_timer = false;  // the bench makes the frames
    ui::MainWindow window(std::move(window_options));
    window.resize(ui::MainWindow::kDefaultSize);
    if (rate > 0) {
        window.controller().carryOut(engine::StepKind::Connect);
        window.controller().startStimulus(rate);
    }
    measure(window, warmup_s, Mode::Render);
    WindowFrames frames;
    frames.render = measure(window, seconds, Mode::Render);
    window.show();
    measure(window, 0.5, Mode::Screen);  // the first frames paint everything once
    frames.screen = measure(window, seconds, Mode::Screen);
    window.controller().stopStimulus();
    return frames;
}

std::vector<BenchFigure> windowFrameFigures(
    double seconds, double stream_rate, const std::function<void(const std::string&)>& progress) {
    const double warmup_s = seconds / 2;
    const double measured_s = std::max(0.25, seconds / 4);
    ui::quietOffscreenPlatform();  // its size-hint warning each frame would bury the table
    progress("the window's frames, idle");
    const WindowFrames idle = measureWindowFrames({}, 0, warmup_s, measured_s);
    const std::string rate = std::to_string(std::lround(stream_rate));
    progress("the window's frames, " + rate + " edges/s streaming in");
    StreamingFixture stream;
    engine::LiveOptions live;
    live.transport = &stream;
    const WindowFrames loaded = measureWindowFrames(live, stream_rate, warmup_s, measured_s);
    const std::string load = ", " + rate + "/s streaming, " +
                             std::to_string(loaded.screen.samples_in_view) + " samples in view";
    const auto named = [&](const std::string& which) { return "window frame " + which + load; };
    return {
        {named("p50"), loaded.screen.p50_ms * 1e6, "same window idle, p50",
         idle.screen.p50_ms * 1e6, 0},
        {named("p99") + " (goal: no frame over 16.7 ms; " + overBudget(loaded.screen) + ")",
         loaded.screen.p99_ms * 1e6, "same window idle, p99", idle.screen.p99_ms * 1e6, 0},
    };
}

}  // namespace bench
