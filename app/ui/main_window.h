// The window (`isrbench` with no argument): the HUD tiles, the live timeline and the distribution
// charts in the middle, the life-cycle controls on the left, the request log and the scenario
// panel below. A frame timer pulls one engine snapshot per frame (~60 Hz) on the UI thread and
// hands it to each widget; nothing in the engine ever signals the window per interrupt, and no
// paint path calls the driver or the fixture.
#pragma once

#include <QElapsedTimer>
#include <QLabel>
#include <QMainWindow>
#include <QTimer>
#include <array>
#include <functional>
#include <memory>

#include "fixture_watcher.h"
#include "live_session.h"
#include "opengl_support.h"
#include "parallel_port_discovery.h"
#include "request_log_model.h"
#include "window_settings.h"

namespace metrics {
class LiveEndpoint;
}  // namespace metrics

namespace ui {

class BenchActions;
class ControlPanel;
class DevicesDock;
class DistributionCharts;
class ExportDock;
class FrameCounter;
class HistoryDock;
class HudPanel;
class LiveTimelineChart;
class RequestLogDock;
class ScenarioBar;
class ScenarioDock;
class ScenarioPlayer;
class SessionController;
class Toast;

struct WindowOptions {
    engine::LiveOptions live;  // the session to open (the virtual fixture by default)
    QString settings_file;     // empty: nothing is restored or saved
    bool frame_timer = true;   // off: whoever made the window calls refreshFrame() (a bench)
    QString history_file;      // empty: archive::defaultHistoryPath()
    QString program;           // isrbench for exports; empty: this executable
    // Where the devices panel learns of USB fixtures; null: a FixtureWatcher of the window's own.
    std::function<hwbridge::WatchedFixtures()> devices;
    // Where it learns of parallel ports; null: driver::discoverParallelPorts on this machine.
    std::function<driver::ParallelPortScan()> ports;
    // HOST:PORT (port 0: any free one) to serve the session's Prometheus metrics on, at
    // /metrics, refreshed once a second; empty: no endpoint. A bad or busy address makes the
    // window's constructor throw metrics::MetricsServerError.
    std::string metrics_listen;
};

class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    static constexpr int kFrameMs = 16;
    static constexpr QSize kDefaultSize{1920, 1080};  // a projector's 1080p

    explicit MainWindow(WindowOptions options = {}, QWidget* parent = nullptr);
    ~MainWindow() override;

    // One frame: a snapshot from the engine, shown by every widget.
    void refreshFrame();
    // Loads a scenario file (":/scenarios/default.json" is the built-in one) and plays it. The
    // error (unreadable file, invalid scenario, fixture that will not open) is returned and shown;
    // empty on success.
    QString playScenario(const QString& path, const std::vector<std::string>& overrides = {});

    SessionController& controller() { return *controller_; }
    ScenarioPlayer& player() { return *player_; }
    BenchActions& actions() { return *actions_; }
    HudPanel& hud() { return *hud_; }
    ControlPanel& controls() { return *controls_; }
    LiveTimelineChart& timeline() { return *timeline_; }
    DistributionCharts& distributions() { return *distributions_; }
    RequestLogModel& requestLog() { return log_model_; }
    RequestLogDock& requestLogDock() { return *log_dock_; }
    ScenarioDock& scenarioDock() { return *scenario_dock_; }
    HistoryDock& historyDock() { return *history_dock_; }
    DevicesDock& devicesPanel() { return *devices_; }
    ExportDock& exportDock() { return *export_dock_; }
    Toast& toast() { return *toast_; }
    const FrameCounter& frameCounter() const { return *frames_; }
    const engine::LiveSnapshot& lastSnapshot() const { return snapshot_; }
    const OpenGlSupport& openGlSupport() const { return opengl_; }
    // The metrics endpoint, null without WindowOptions::metrics_listen.
    const metrics::LiveEndpoint* metricsEndpoint() const { return metrics_.get(); }

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    QWidget* buildCentral();
    void buildDocks();
    void connectActions();
    void connectFixtureMenus();
    void connectSession();
    void restoreSettings(const RememberedSettings& remembered);
    void saveSettings() const;
    void showRequest(const engine::LiveRequest& request);
    void showNewSession(const QString& description);
    void noticePlug(const engine::LiveSnapshot& snapshot);
    void showRates();
    void runSlowJob();
    void chooseFixture(const FixtureChoice& choice);
    void promptForScenario();
    void showShortcuts();
    void showAbout();
    void buildRecordDocks(const WindowOptions& options);
    void updateExportSettings();
    void buildDevicesDock(std::function<hwbridge::WatchedFixtures()> source,
                          std::function<driver::ParallelPortScan()> ports);
    void useFixture(const QString& serial);
    void usePort(const QString& device, const QString& access);
    void replaceBackend(engine::BackendSpec backend, const QString& what);

    std::unique_ptr<metrics::LiveEndpoint> metrics_;  // first: a busy address fails at once
    WindowSettings settings_;
    std::unique_ptr<SessionController> controller_;
    std::unique_ptr<ScenarioPlayer> player_;
    BenchActions* actions_;
    RequestLogModel log_model_;
    HudPanel* hud_;
    ControlPanel* controls_;
    ScenarioBar* scenario_bar_;
    LiveTimelineChart* timeline_;
    DistributionCharts* distributions_;
    RequestLogDock* log_dock_;
    ScenarioDock* scenario_dock_;
    HistoryDock* history_dock_;
    std::unique_ptr<hwbridge::FixtureWatcher> watcher_;  // null when the window was given a source
    DevicesDock* devices_;
    QDockWidget* devices_dock_;
    ExportDock* export_dock_;
    QString scenario_file_;  // the scenario last played; empty: the built-in default
    QDockWidget* controls_dock_;
    Toast* toast_;
    FrameCounter* frames_;
    QLabel* rates_overlay_;
    QLabel* source_label_;
    OpenGlSupport opengl_;
    QByteArray default_layout_;
    engine::LiveSnapshot snapshot_;
    bool attached_ = true;
    QTimer frame_timer_;
    // The work done a few times a second (timeline title, request log and scenario panel, the
    // counters), one job per frame at most, each every kSlowEveryMs.
    std::array<QElapsedTimer, 3> slow_age_;
    std::size_t slow_turn_ = 0;
};

}  // namespace ui
