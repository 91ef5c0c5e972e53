#include "window_fixture.h"

#include <gtest/gtest.h>

#include "request_log_model.h"

namespace uitest {

std::unique_ptr<ui::MainWindow> openWindow(ui::WindowOptions options) {
    const bool remembers = !options.settings_file.isEmpty();
    // No USB side unless a test gives one: the window tests never depend on this machine's bus
    // (the watcher itself is tested against an emulated fixture in tests/usb).
    if (!options.devices) {
        options.devices = [] { return hwbridge::WatchedFixtures{}; };
    }
    auto window = std::make_unique<ui::MainWindow>(std::move(options));
    if (!remembers) {
        window->resize(ui::MainWindow::kDefaultSize);  // else: the size the settings restored
    }
    window->show();
    window->activateWindow();
    // Shortcuts reach an active window only: the hotkey tests need it.
    if (!QTest::qWaitForWindowActive(window.get())) {
        ADD_FAILURE() << "the window never became active";
    }
    return window;
}

LogRow newestLogRow(ui::MainWindow& window) {
    ui::RequestLogModel& log = window.requestLog();
    const int row = log.rowCount() - 1;
    return {
        log.requestAt(row), log.statusAt(row),
        log.data(log.index(row, ui::RequestLogModel::kInformation), Qt::DisplayRole).toString()};
}

int logRows(ui::MainWindow& window) {
    return window.requestLog().rowCount();
}

std::uint64_t phaseCount(const engine::LiveSnapshot& snapshot, engine::Outcome outcome) {
    return snapshot.phase[static_cast<std::size_t>(outcome)];
}

}  // namespace uitest
