// What the window tests share: a shown, active window on the virtual fixture with its frame timer
// running and nothing persisted, a way to wait on it, and the request log's newest row.
#pragma once

#include <QElapsedTimer>
#include <QString>
#include <QTest>
#include <memory>

#include "bench_actions.h"
#include "control_panel.h"
#include "frame_counter.h"
#include "hud_panel.h"
#include "live_timeline_chart.h"
#include "main_window.h"
#include "request_log_dock.h"
#include "request_log_model.h"
#include "scenario_player.h"
#include "session_controller.h"
#include "toast.h"

namespace uitest {

// At the default size (1920 × 1080), unless it has a settings file to restore its own from; with
// an empty USB side unless `options.devices` says otherwise.
std::unique_ptr<ui::MainWindow> openWindow(ui::WindowOptions options = {});

// Runs the event loop until `done()` holds or `timeout_ms` passes; returns `done()`.
template <typename Done>
bool waitUntil(Done done, int timeout_ms = 5000) {
    QElapsedTimer clock;
    clock.start();
    while (!done()) {
        if (clock.elapsed() > timeout_ms) {
            return done();
        }
        QTest::qWait(10);
    }
    return true;
}

struct LogRow {
    QString request;
    QString status;
    QString information;
};
LogRow newestLogRow(ui::MainWindow& window);
int logRows(ui::MainWindow& window);

// The outcome count in the snapshot's phase in force.
std::uint64_t phaseCount(const engine::LiveSnapshot& snapshot, engine::Outcome outcome);

}  // namespace uitest
