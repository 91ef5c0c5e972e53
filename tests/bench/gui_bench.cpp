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
// Each load first runs --warmup seconds (default 10: the timeline's window fills) and is then
// measured for --seconds (default 10) each way. Goal: >= 60 fps and p99 <= 16 ms with 1e6 samples
// in view.
#include <QApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QPainter>
#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "codec.h"
#include "fixture_model.h"
#include "immediate_control.h"
#include "live_timeline_chart.h"
#include "main_window.h"
#include "session_controller.h"
#include "transport.h"

namespace {

std::int64_t nowNs() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

// The fixture model with a producer thread that pulses the stimulus line at the train's rate in
// 1 ms batches and hands the records over in high-speed-sized packets, as a USB fixture does.
// The virtual fixture sleeps and wakes once per edge, which caps it near 40 k edges/s on a
// 2-core host; this producer reaches 100 k/s, and everything after the report sink is the same.
class StreamingFixture final : public hwbridge::Transport,
                               private hwbridge::EventQueue,
                               private hwbridge::StimulusRunner {
public:
    StreamingFixture() {
        model_.setEventQueue(this);
        model_.setStimulusRunner(this);
        producer_ = std::thread([this] { produce(); });
    }
    ~StreamingFixture() override {
        {
            std::lock_guard lock(train_mutex_);
            quit_ = true;
        }
        wake_.notify_all();
        producer_.join();
    }
    StreamingFixture(const StreamingFixture&) = delete;
    StreamingFixture& operator=(const StreamingFixture&) = delete;

    hwbridge::DeviceIdentity identity() const override {
        return {"BENCH-STREAM",
                hwbridge::wire::kVendorId,
                hwbridge::wire::kDefaultProductId,
                "bench stream",
                true,
                "virtual"};
    }
    hwbridge::TransferResult controlIn(hwbridge::wire::Request request, std::uint16_t value,
                                       std::uint16_t index, std::span<std::uint8_t> data) override {
        return model_.controlIn(request, value, index, data);
    }
    hwbridge::TransferResult controlOut(hwbridge::wire::Request request, std::uint16_t value,
                                        std::uint16_t index,
                                        std::span<const std::uint8_t> data) override {
        return model_.controlOut(request, value, index, data);
    }
    bool submitControlOut(hwbridge::wire::Request request, std::uint16_t value,
                          std::uint16_t index) noexcept override {
        return interrupt_level_.submit(model_, true, request, value, index);
    }
    hwbridge::AsyncControlCounts asyncControlCounts() const override {
        return interrupt_level_.counts();
    }
    void setReportSink(hwbridge::ReportSink* sink) override {
        std::lock_guard lock(sink_mutex_);
        sink_ = sink;
    }

private:
    static constexpr std::size_t kRecordsPerPacket =
        (hwbridge::wire::kHighSpeedPacket - hwbridge::wire::kPacketHeaderSize) /
        hwbridge::wire::kRecordSize;

    bool push(const hwbridge::wire::EventRecord& record) noexcept override {
        std::lock_guard lock(pending_mutex_);
        pending_.push_back(record);
        return true;
    }
    // Called by the model with its lock held: neither may wait for the producer.
    bool start(const hwbridge::wire::StimulusBlock& train) override {
        std::lock_guard lock(train_mutex_);
        period_ns_ = static_cast<std::int64_t>(std::max<std::uint64_t>(train.period_ns, 1));
        running_ = true;
        wake_.notify_all();
        return true;
    }
    void stop() override {
        std::lock_guard lock(train_mutex_);
        running_ = false;
    }

    // The period of the running train, or 0 once told to quit.
    std::int64_t waitForTrain() {
        std::unique_lock lock(train_mutex_);
        wake_.wait(lock, [this] { return quit_ || running_; });
        return quit_ ? 0 : period_ns_;
    }
    bool trainRunning() {
        std::lock_guard lock(train_mutex_);
        return running_ && !quit_;
    }

    void produce() {
        while (const std::int64_t period = waitForTrain()) {
            std::int64_t next_edge = nowNs();
            while (trainRunning()) {
                for (const std::int64_t now = nowNs(); next_edge <= now; next_edge += period) {
                    model_.pulseStimulusLine();
                }
                deliver();
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            }
            deliver();
        }
    }

    // Outside the queue's lock: the ISR's response edge comes back into push() from the sink.
    void deliver() {
        std::vector<hwbridge::wire::EventRecord> records;
        {
            std::lock_guard lock(pending_mutex_);
            records.swap(pending_);
        }
        std::vector<std::uint8_t> packet;
        for (std::size_t at = 0; at < records.size(); at += kRecordsPerPacket) {
            const std::size_t n = std::min(kRecordsPerPacket, records.size() - at);
            packet.clear();
            hwbridge::codec::encodePacket({records.data() + at, n}, packet);
            std::lock_guard lock(sink_mutex_);
            if (sink_ != nullptr) {
                sink_->onReport(packet, nowNs());
            }
        }
    }

    hwbridge::FixtureModel model_;
    hwbridge::ImmediateControl interrupt_level_;
    std::mutex pending_mutex_;
    std::vector<hwbridge::wire::EventRecord> pending_;
    std::mutex sink_mutex_;
    hwbridge::ReportSink* sink_ = nullptr;
    std::mutex train_mutex_;
    std::condition_variable wake_;
    std::int64_t period_ns_ = 0;
    bool running_ = false;
    bool quit_ = false;
    std::thread producer_;
};

struct Options {
    double seconds = 10;
    double warmup = 10;
    double rate = 100'000;
    bool fixture = true;  // also the virtual fixture at the same rate
};

struct Figures {
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
};

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

Figures measure(ui::MainWindow& window, double seconds, Mode mode) {
    QImage image(window.size(), QImage::Format_ARGB32_Premultiplied);
    std::vector<double> frame_ms;
    std::vector<double> update_ms;
    std::vector<double> layout_ms;
    std::vector<double> paint_ms;
    double events = 0;
    QElapsedTimer total;
    total.start();
    while (static_cast<double>(total.elapsed()) < seconds * 1000) {
        QElapsedTimer one;
        one.start();
        const Parts parts = frame(window, image, mode);
        frame_ms.push_back(msSince(one));
        update_ms.push_back(parts.update);
        layout_ms.push_back(parts.layout);
        paint_ms.push_back(parts.paint);
        events += window.lastSnapshot().interrupts_per_second;
    }
    Figures figures;
    figures.frames = frame_ms.size();
    figures.fps =
        static_cast<double>(frame_ms.size()) * 1e9 / static_cast<double>(total.nsecsElapsed());
    figures.p50_ms = percentile(frame_ms, 0.50);
    figures.p99_ms = percentile(frame_ms, 0.99);
    figures.max_ms = *std::max_element(frame_ms.begin(), frame_ms.end());
    figures.update = {percentile(update_ms, 0.5), percentile(update_ms, 0.99)};
    figures.layout = {percentile(layout_ms, 0.5), percentile(layout_ms, 0.99)};
    figures.paint = {percentile(paint_ms, 0.5), percentile(paint_ms, 0.99)};
    figures.events_per_s = events / static_cast<double>(std::max<std::size_t>(frame_ms.size(), 1));
    const engine::LiveSnapshot& last = window.lastSnapshot();
    for (const engine::TimelineColumn& column : last.columns) {
        figures.samples_in_view += column.count;
    }
    figures.lost = last.totals[static_cast<std::size_t>(engine::Outcome::Lost)];
    figures.snapshot_ms = snapshotCost(window);
    figures.overflow = last.ring_overflow;
    return figures;
}

void print(const char* name, const Figures& f) {
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
    std::fflush(stdout);
}

struct Both {
    Figures render;
    Figures screen;
};

// A window on `live`, connected and (rate > 0) with the train running, warmed up, then measured
// hidden (render mode) and shown (screen mode).
Both run(engine::LiveOptions live, double rate, const Options& options) {
    ui::WindowOptions window_options;
    window_options.live = std::move(live);
    window_options.frame_timer = false;  // the bench makes the frames
    ui::MainWindow window(std::move(window_options));
    window.resize(ui::MainWindow::kDefaultSize);
    if (rate > 0) {
        window.controller().carryOut(engine::StepKind::Connect);
        window.controller().startStimulus(rate);
    }
    measure(window, options.warmup, Mode::Render);
    Both both;
    both.render = measure(window, options.seconds, Mode::Render);
    window.show();
    measure(window, 0.5, Mode::Screen);  // the first frames paint everything once
    both.screen = measure(window, options.seconds, Mode::Screen);
    window.controller().stopStimulus();
    return both;
}

void print(const std::string& load, const Both& both) {
    print((load + ", render").c_str(), both.render);
    print((load + ", screen").c_str(), both.screen);
}

Options parse(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        const bool value = i + 1 < argc;
        if (std::strcmp(argv[i], "--seconds") == 0 && value) {
            options.seconds = std::atof(argv[++i]);
        } else if (std::strcmp(argv[i], "--warmup") == 0 && value) {
            options.warmup = std::atof(argv[++i]);
        } else if (std::strcmp(argv[i], "--rate") == 0 && value) {
            options.rate = std::atof(argv[++i]);
        } else if (std::strcmp(argv[i], "--no-fixture") == 0) {
            options.fixture = false;
        } else {
            std::fprintf(
                stderr, "usage: gui_bench [--seconds S] [--warmup S] [--rate HZ] [--no-fixture]\n");
            std::exit(2);
        }
    }
    return options;
}

}  // namespace

int main(int argc, char** argv) {
    const Options options = parse(argc, argv);
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
        "each load: %.0f s warm-up, then %.0f s measured each way; goal >= 60 fps, p99 <= "
        "16 ms\n",
        options.warmup, options.seconds);
    std::printf("%-40s %7s %7s %8s %8s %8s %10s %12s %6s %8s\n", "load", "frames", "fps", "p50 ms",
                "p99 ms", "max ms", "events/s", "samples in view", "lost", "overflow");
    print("reference: idle, empty", run({}, 0, options));
    const Both stream = [&] {
        StreamingFixture producer;
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
        const bool met = f.fps >= 60 && f.p99_ms <= 16;
        std::printf("stream load, %s: %.1f fps, p99 %.2f ms with %llu samples in view: goal %s\n",
                    how, f.fps, f.p99_ms, static_cast<unsigned long long>(f.samples_in_view),
                    met ? "met" : "NOT met");
    }
    return 0;
}
