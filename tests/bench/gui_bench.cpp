// The window's frame rate under load, frames back to back while interrupts stream into the live
// session, each load measured two ways on the same window:
//
//   render   the window is not shown; a frame pulls the snapshot, feeds every widget, settles the
//            layouts and renders the WHOLE window into a QImage (QWidget::render): every pixel
//            painted every frame, the worst case
//   screen   the window is shown on the offscreen platform; a frame pulls the snapshot, feeds
//            every widget and lets Qt repaint what changed into the window's backing store, as
//            it does for a display
//
// Prints frames per second and the frame-time percentiles for each, in the same run:
//
//   reference   the same window on an idle session: no stimulus, empty charts
//   stream      a producer thread streaming edges at --rate (default 100,000/s) into the same
//               path as any fixture (report sink → fixture port → driver → ISR → recorder ring →
//               engine thread → snapshot), for a window of 10 s: 1,000,000 samples in view
//   fixture     the virtual fixture asked for the same rate (its generator wakes once per edge,
//               so on a small host it delivers less: the achieved rate is printed)
//
// Beside each frame's wall time, the UI thread's CPU time: a frame over budget that ran under it
// on the CPU waited for one the rest of the time (the load's other threads on a small host, or
// the host itself). The converse does not hold: a vCPU slowed by its neighbours counts as CPU
// time (steal time is only the time it did not run), and the idle reference's own worst frame,
// the same work every frame, shows how far the host moves it.
//
// Each load first runs --warmup seconds (default 10: the timeline's window fills) and is then
// measured for --seconds (default 10) each way. Goal: >= 60 fps and no frame over 16.7 ms with
// 1e6 samples in view.
#include <unistd.h>

#include <QApplication>
#include <cstdio>
#include <iostream>
#include <string>
#include <variant>

#include "command_line.h"
#include "live_timeline_chart.h"
#include "main_window.h"
#include "streaming_fixture.h"
#include "window_frames.h"

namespace {

struct Options {
    double seconds = 10;
    double warmup = 10;
    double rate = 100'000;
    bool fixture = true;  // also the virtual fixture at the same rate
};

void print(const char* name, const bench::FrameFigures& f) {
    std::printf("%-40s %7zu %7.1f %8.2f %8.2f %8.2f %10.0f %12llu %6llu %8llu\n", name, f.frames,
                f.fps, f.p50_ms, f.p99_ms, f.max_ms, f.events_per_s,
                static_cast<unsigned long long>(f.samples_in_view),
                static_cast<unsigned long long>(f.lost),
                static_cast<unsigned long long>(f.overflow));
    std::printf(
        "%-34s   p50/p99 ms: update %.2f/%.2f (engine snapshot alone %.2f)  layout "
        "%.2f/%.2f  paint %.2f/%.2f\n",
        "", f.update.first, f.update.second, f.snapshot_ms, f.layout.first, f.layout.second,
        f.paint.first, f.paint.second);
    std::printf(
        "%-34s   worst frame %.2f ms: update %.2f, layout %.2f, paint %.2f, on the CPU %.2f; "
        "%zu of %zu frames over %.1f ms (%zu of them ran less than that on the CPU)\n",
        "", f.max_ms, f.worst_update_ms, f.worst_layout_ms, f.worst_paint_ms, f.worst_cpu_ms,
        f.frames_over_budget, f.frames, bench::kFrameBudgetMs, f.over_budget_waiting);
    std::printf("%-34s   UI thread on the CPU per frame p50/p99 ms: %.2f/%.2f\n", "", f.cpu.first,
                f.cpu.second);
    std::fflush(stdout);
}

// Why frames over budget were, when each of them ran under the budget on the CPU: the thread
// waited for one (the load's other threads on a small host, or the host: the idle reference's
// own frames over budget say which).
std::string waitedNote(const bench::FrameFigures& f) {
    if (f.frames_over_budget == 0 || f.over_budget_waiting != f.frames_over_budget) {
        return {};
    }
    char text[160];
    std::snprintf(text, sizeof text,
                  " (each of the %zu frames over it ran under %.1f ms on the CPU and waited for "
                  "one the rest of the time)",
                  f.frames_over_budget, bench::kFrameBudgetMs);
    return text;
}

// A window on `live` at `rate` (0: idle), measured both ways after the warm-up.
bench::WindowFrames run(engine::LiveOptions live, double rate, const Options& options) {
    return bench::measureWindowFrames(std::move(live), rate, options.warmup, options.seconds);
}

void print(const std::string& load, const bench::WindowFrames& both) {
    print((load + ", render").c_str(), both.render);
    print((load + ", screen").c_str(), both.screen);
}

// The options, or the status to end with (after --help, or a refusal said on stderr).
std::variant<Options, int> parse(int argc, char** argv) {
    cli::CommandLine line("", "[options]",
                          "The window's frames per second and frame times while interrupts "
                          "stream into the live session, beside the same window idle.");
    line.program("gui_bench")
        .option({"seconds"}, "Seconds measured per load, each way (default 10).", "S")
        .option({"warmup"}, "Seconds of each load before measuring (default 10).", "S")
        .option({"rate"}, "Edges per second streamed in (default 100000).", "HZ")
        .option({"no-fixture"}, "Skip the virtual fixture's load.");
    return line.parseAndRead(
        {argv + 1, argv + argc}, std::cout, std::cerr, [](const cli::CommandLine& given) {
            Options options;
            options.seconds =
                given.decimal("seconds", 0.1, 3600, "seconds").value_or(options.seconds);
            options.warmup = given.decimal("warmup", 0, 3600, "seconds").value_or(options.warmup);
            options.rate = given.decimal("rate", 1, 1e6, "edges per second").value_or(options.rate);
            options.fixture = !given.isSet("no-fixture");
            return options;
        });
}

}  // namespace

int main(int argc, char** argv) {
    const auto parsed = parse(argc, argv);
    if (const int* status = std::get_if<int>(&parsed)) {
        return *status;
    }
    const Options options = std::get<Options>(parsed);
    qputenv("QT_QPA_PLATFORM", "offscreen");
    if (qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR")) {
        qputenv("XDG_RUNTIME_DIR", "/tmp/runtime-" + QByteArray::number(getuid()));
    }
    QApplication application(argc, argv);
    std::printf(
        "GUI bench: main window %dx%d on the offscreen platform, frames back to back; render = the "
        "whole window into a QImage, screen = Qt's repaint of what changed; timeline window %.0f "
        "s\n",
        ui::MainWindow::kDefaultSize.width(), ui::MainWindow::kDefaultSize.height(),
        static_cast<double>(ui::LiveTimelineChart::kWindowNs) / 1e9);
    std::printf(
        "each load: %.0f s warm-up, then %.0f s measured each way; goal >= 60 fps, no frame over "
        "16.7 ms\n",
        options.warmup, options.seconds);
    std::printf("%-40s %7s %7s %8s %8s %8s %10s %12s %6s %8s\n", "load", "frames", "fps", "p50 ms",
                "p99 ms", "max ms", "events/s", "samples in view", "lost", "overflow");
    print("reference: idle, empty", run({}, 0, options));
    const bench::WindowFrames stream = [&] {
        bench::StreamingFixture producer;
        engine::LiveOptions live;
        live.transport = &producer;
        return run(live, options.rate, options);
    }();
    char name[64];
    std::snprintf(name, sizeof name, "stream %.0f/s", options.rate);
    print(name, stream);
    if (options.fixture) {
        std::snprintf(name, sizeof name, "virtual fixture asked %.0f/s", options.rate);
        print(name, run({}, options.rate, options));
    }
    for (const auto& [how, f] : {std::pair{"render", stream.render}, {"screen", stream.screen}}) {
        const bool met = f.fps >= 60 && f.frames_over_budget == 0;
        std::printf(
            "stream load, %s: %.1f fps, p99 %.2f ms, max %.2f ms with %llu samples in view: goal "
            "(>= 60 fps, no frame over %.1f ms) %s%s\n",
            how, f.fps, f.p99_ms, f.max_ms, static_cast<unsigned long long>(f.samples_in_view),
            bench::kFrameBudgetMs, met ? "met" : "NOT met", waitedNote(f).c_str());
    }
    return 0;
}
