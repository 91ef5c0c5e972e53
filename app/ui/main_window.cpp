#include "main_window.h"

#include <QCloseEvent>
#include <QCoreApplication>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QMenuBar>
#include <QMessageBox>
#include <QScreen>
#include <QScrollArea>
#include <QStatusBar>
#include <QVBoxLayout>

#include "alarm_tile.h"
#include "bench_actions.h"
#include "control_panel.h"
#include "devices_dock.h"
#include "distribution_charts.h"
#include "export_dock.h"
#include "frame_counter.h"
#include "history_dock.h"
#include "host_facts.h"
#include "hud_panel.h"
#include "hud_style.h"
#include "hud_tile.h"
#include "live_endpoint.h"
#include "live_timeline_chart.h"
#include "request_log_dock.h"
#include "run_history.h"
#include "scenario_bar.h"
#include "scenario_dock.h"
#include "scenario_player.h"
#include "session_controller.h"
#include "state_palette.h"
#include "toast.h"

namespace ui {
namespace {

constexpr qint64 kSlowEveryMs = 250;

// The remembered fixture replaces the default one before the first session opens (a session
// opened and at once replaced would show up in the request log).
engine::LiveOptions withRemembered(engine::LiveOptions live, const RememberedSettings& remembered,
                                   bool enabled) {
    if (enabled && live.backend.kind == engine::BackendKind::VirtualFixture &&
        live.transport == nullptr) {
        live.backend.bus = remembered.fixture.bus;
        live.backend.faults = remembered.fixture.faults;
    }
    return live;
}

// The default size, or what the screen has room for.
QSize fittingSize() {
    const QScreen* screen = QGuiApplication::primaryScreen();
    if (screen == nullptr) {
        return MainWindow::kDefaultSize;
    }
    return MainWindow::kDefaultSize.boundedTo(screen->availableSize());
}

QDockWidget* newDock(const QString& title, const char* name, QWidget* body) {
    auto* dock = new QDockWidget(title);
    dock->setObjectName(QLatin1String(name));
    dock->setWidget(body);
    return dock;
}

}  // namespace

MainWindow::MainWindow(WindowOptions options, QWidget* parent)
    : QMainWindow(parent),
      metrics_(options.metrics_listen.empty() ? nullptr
                                              : std::make_unique<metrics::LiveEndpoint>(
                                                    options.metrics_listen, engine::hostName())),
      settings_(options.settings_file) {
    const RememberedSettings remembered = settings_.load();
    controller_ = std::make_unique<SessionController>(
        withRemembered(std::move(options.live), remembered, settings_.enabled()));
    player_ = std::make_unique<ScenarioPlayer>(*controller_);
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(QStringLiteral("ISR Bench"));
    setStyleSheet(hudStyleSheet());
    QPalette window_palette = palette();  // the one background under every panel (hud.qss)
    window_palette.setColor(QPalette::Window, themeColour(charts::hud::kBackground));
    setPalette(window_palette);
    setFont(textFont(13));
    actions_ = new BenchActions(*this);
    setCentralWidget(buildCentral());
    buildDocks();
    if (metrics_) {
        auto* metrics_label =
            new QLabel(QStringLiteral("metrics: %1").arg(QString::fromStdString(metrics_->url())));
        metrics_label->setObjectName(QStringLiteral("metricsLabel"));
        statusBar()->addPermanentWidget(metrics_label);
    }
    buildRecordDocks(options);
    buildDevicesDock(std::move(options.devices), std::move(options.ports));
    frames_ = new FrameCounter(*timeline_->viewport(), this);
    toast_ = new Toast(*centralWidget());
    opengl_ = probeOpenGl();
    actions_->buildMenus(*menuBar(),
                         {controls_dock_->toggleViewAction(), log_dock_->toggleViewAction(),
                          scenario_dock_->toggleViewAction(), history_dock_->toggleViewAction(),
                          export_dock_->toggleViewAction(), devices_dock_->toggleViewAction()});
    connectActions();
    connectSession();
    resize(fittingSize());
    default_layout_ = saveState(WindowSettings::kLayoutVersion);
    restoreSettings(remembered);
    showNewSession(
        QStringLiteral("%1 — first session")
            .arg(QString::fromStdString(controller_->session().snapshot(1, 1).source_label)));
    frame_timer_.setTimerType(Qt::PreciseTimer);
    frame_timer_.setInterval(kFrameMs);
    connect(&frame_timer_, &QTimer::timeout, this, &MainWindow::refreshFrame);
    if (options.frame_timer) {
        frame_timer_.start();
    }
    refreshFrame();
}

MainWindow::~MainWindow() {
    frame_timer_.stop();
    player_->stop();
}

QWidget* MainWindow::buildCentral() {
    auto* central = new QWidget;
    central->setObjectName(QStringLiteral("central"));
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(10, 10, 10, 6);
    layout->setSpacing(8);
    hud_ = new HudPanel;
    scenario_bar_ = new ScenarioBar(*player_);
    scenario_bar_->hide();
    timeline_ = new LiveTimelineChart;
    distributions_ = new DistributionCharts;
    layout->addWidget(hud_);
    layout->addWidget(scenario_bar_);
    layout->addWidget(timeline_, 4);
    layout->addWidget(distributions_, 3);
    // The on-screen counters: frames painted and interrupts handled per second, and the latency
    // samples the timeline holds.
    rates_overlay_ = new QLabel(timeline_);
    rates_overlay_->setObjectName(QStringLiteral("ratesOverlay"));
    rates_overlay_->setAttribute(Qt::WA_TransparentForMouseEvents);
    return central;
}

void MainWindow::buildDocks() {
    controls_ = new ControlPanel(*actions_);
    // Scrolls on a short screen rather than forcing the window taller than it.
    auto* scroller = new QScrollArea;
    scroller->setWidget(controls_);
    // The window's background shows through (hud.qss): setWidget turned the panel's fill on.
    scroller->viewport()->setAutoFillBackground(false);
    controls_->setAutoFillBackground(false);
    scroller->setWidgetResizable(true);
    scroller->setFrameShape(QFrame::NoFrame);
    scroller->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroller->setMinimumWidth(controls_->minimumSizeHint().width());
    controls_dock_ = newDock(QStringLiteral("Controls"), "controlsDock", scroller);
    controls_dock_->toggleViewAction()->setShortcut(Qt::Key_F2);
    addDockWidget(Qt::LeftDockWidgetArea, controls_dock_);
    log_dock_ = new RequestLogDock(log_model_);
    log_dock_->toggleViewAction()->setShortcut(Qt::Key_F3);
    addDockWidget(Qt::BottomDockWidgetArea, log_dock_);
    scenario_dock_ = new ScenarioDock(*player_);
    scenario_dock_->toggleViewAction()->setShortcut(Qt::Key_F4);
    addDockWidget(Qt::BottomDockWidgetArea, scenario_dock_);
    splitDockWidget(log_dock_, scenario_dock_, Qt::Horizontal);
    resizeDocks({controls_dock_}, {300}, Qt::Horizontal);
    resizeDocks({log_dock_, scenario_dock_}, {170, 170}, Qt::Vertical);
    source_label_ = new QLabel;
    source_label_->setObjectName(QStringLiteral("sourceLabel"));
    statusBar()->addPermanentWidget(source_label_);
}

// The default history path needs a home; a machine without one still gets a window, with the
// history panel saying where it looked.
namespace {
QString historyFileOf(const WindowOptions& options) {
    if (!options.history_file.isEmpty()) {
        return options.history_file;
    }
    try {
        return QString::fromStdString(archive::defaultHistoryPath());
    } catch (const std::exception&) {
        return QStringLiteral("(no history: neither ISRBENCH_HISTORY nor HOME is set)");
    }
}
}  // namespace

// History and export share the bottom area with the scenario panel, one tab each: they are
// consulted between runs, not watched during one.
void MainWindow::buildRecordDocks(const WindowOptions& options) {
    history_dock_ = new HistoryDock(historyFileOf(options));
    history_dock_->toggleViewAction()->setShortcut(Qt::Key_F6);
    export_dock_ = new ExportDock(
        options.program.isEmpty() ? QCoreApplication::applicationFilePath() : options.program);
    export_dock_->toggleViewAction()->setShortcut(Qt::Key_F7);
    addDockWidget(Qt::BottomDockWidgetArea, history_dock_);
    addDockWidget(Qt::BottomDockWidgetArea, export_dock_);
    tabifyDockWidget(scenario_dock_, history_dock_);
    tabifyDockWidget(history_dock_, export_dock_);
    scenario_dock_->raise();
    connect(export_dock_, &ExportDock::exportFinished, this,
            [this](int exit_code, const QString& out_dir) {
                history_dock_->reload();
                toast_->showMessage(
                    QStringLiteral("Export %1: %2").arg(ExportDock::meaningOf(exit_code), out_dir),
                    exit_code == 0 ? QStringLiteral("ok") : QStringLiteral("alert"));
            });
}

// A tab beside history and export: which fixtures there are matters between runs.
void MainWindow::buildDevicesDock(std::function<hwbridge::WatchedFixtures()> source,
                                  std::function<driver::ParallelPortScan()> ports) {
    if (!source) {
        watcher_ = std::make_unique<hwbridge::FixtureWatcher>();
        source = [watcher = watcher_.get()] { return watcher->snapshot(); };
    }
    if (!ports) {
        ports = [] { return driver::discoverParallelPorts(); };
    }
    devices_ = new DevicesDock(std::move(source), std::move(ports));
    devices_dock_ = newDock(QStringLiteral("Devices"), "devicesDock", devices_);
    devices_dock_->toggleViewAction()->setShortcut(Qt::Key_F8);
    addDockWidget(Qt::BottomDockWidgetArea, devices_dock_);
    tabifyDockWidget(export_dock_, devices_dock_);
    scenario_dock_->raise();
    connect(devices_, &DevicesDock::fixtureArrived, this, [this](const QString& serial) {
        toast_->showMessage(QStringLiteral("USB fixture %1 plugged in").arg(serial),
                            QStringLiteral("ok"));
    });
    connect(devices_, &DevicesDock::fixtureLeft, this, [this](const QString& serial) {
        toast_->showMessage(QStringLiteral("USB fixture %1 unplugged").arg(serial),
                            QStringLiteral("alert"));
    });
    connect(devices_, &DevicesDock::fixtureChosen, this, &MainWindow::useFixture);
    connect(devices_, &DevicesDock::portChosen, this, &MainWindow::usePort);
}

// A USB fixture by serial, or the virtual fixture (empty serial) with the bus and faults in use.
void MainWindow::useFixture(const QString& serial) {
    engine::BackendSpec backend = controller_->options().backend;
    backend.kind =
        serial.isEmpty() ? engine::BackendKind::VirtualFixture : engine::BackendKind::UsbFixture;
    backend.serial = serial.toStdString();
    replaceBackend(std::move(backend), QStringLiteral("fixture"));
}

// A real parallel port through ppdev or the kernel module ("ppdev" / "kernel").
void MainWindow::usePort(const QString& device, const QString& access) {
    engine::BackendSpec backend = controller_->options().backend;
    backend.kind = access == QLatin1String("kernel") ? engine::BackendKind::KernelModule
                                                     : engine::BackendKind::Ppdev;
    backend.device = device.toStdString();
    replaceBackend(std::move(backend), QStringLiteral("port"));
}

void MainWindow::replaceBackend(engine::BackendSpec backend, const QString& what) {
    player_->stop();
    engine::LiveOptions options = controller_->options();
    options.transport = nullptr;
    options.backend = std::move(backend);
    const QString error = controller_->replaceSession(std::move(options));
    if (error.isEmpty()) {
        toast_->showMessage(QStringLiteral("New session on ") + controller_->describe(),
                            QStringLiteral("ok"));
    } else {
        toast_->showMessage(QStringLiteral("That %1 would not open: %2").arg(what, error),
                            QStringLiteral("alert"));
    }
}

void MainWindow::updateExportSettings() {
    const engine::LiveOptions& options = controller_->options();
    export_dock_->setSettings({scenario_file_, QString::fromStdString(options.backend.bus),
                               QString::fromStdString(options.backend.faults),
                               history_dock_->historyFile()});
}

void MainWindow::connectActions() {
    using engine::StepKind;
    const auto request = [this](QAction* action, StepKind step) {
        connect(action, &QAction::triggered, this, [this, step] { controller_->carryOut(step); });
    };
    request(actions_->connect_isr, StepKind::Connect);
    request(actions_->activate, StepKind::ReportActive);
    request(actions_->deactivate, StepKind::ReportInactive);
    request(actions_->disconnect_isr, StepKind::Disconnect);
    request(actions_->free_port, StepKind::FreePort);
    connect(actions_->stimulus, &QAction::triggered, this,
            [this] { controller_->toggleStimulus(controls_->rateHz()); });
    connect(actions_->faster, &QAction::triggered, this, [this] { controls_->stepRate(1); });
    connect(actions_->slower, &QAction::triggered, this, [this] { controls_->stepRate(-1); });
    connect(controls_, &ControlPanel::rateChosen, this, [this](double hertz) {
        if (snapshot_.stimulus_running) {
            controller_->startStimulus(hertz);  // a running train is replaced at the new rate
        }
    });
    connect(actions_->play_default, &QAction::triggered, this,
            [this] { playScenario(QString::fromLatin1(ScenarioPlayer::kDefaultScenario)); });
    connect(actions_->play_file, &QAction::triggered, this, &MainWindow::promptForScenario);
    connect(actions_->stop_scenario, &QAction::triggered, player_.get(), &ScenarioPlayer::stop);
    connect(actions_->clear_alarm, &QAction::triggered, this,
            [this] { hud_->violationTile().clearAlarm(); });
    connect(actions_->reset_layout, &QAction::triggered, this,
            [this] { restoreState(default_layout_, WindowSettings::kLayoutVersion); });
    connect(actions_->shortcuts_help, &QAction::triggered, this, &MainWindow::showShortcuts);
    connect(actions_->about, &QAction::triggered, this, &MainWindow::showAbout);
    connect(actions_->quit, &QAction::triggered, this, &QWidget::close);
    actions_->opengl->setEnabled(opengl_.available);
    actions_->opengl->setToolTip(actions_->opengl->toolTip() + QStringLiteral(" — ") +
                                 opengl_.reason);
    connect(actions_->opengl, &QAction::toggled, timeline_, &LiveTimelineChart::setOpenGl);
    connectFixtureMenus();
}

void MainWindow::connectFixtureMenus() {
    connect(actions_->unplug, &QAction::triggered, this, [this] {
        if (!controller_->unplugFixture()) {
            toast_->showMessage(
                QStringLiteral("Only the virtual fixture can be unplugged from "
                               "here: pull the USB cable."));
        }
    });
    connect(actions_->replug, &QAction::triggered, this, [this] { controller_->replugFixture(); });
    connect(actions_->bus_group, &QActionGroup::triggered, this, [this](QAction* action) {
        chooseFixture(
            {action->data().toString().toStdString(), controller_->options().backend.faults});
    });
    connect(actions_->fault_group, &QActionGroup::triggered, this, [this](QAction* action) {
        chooseFixture(
            {controller_->options().backend.bus, action->data().toString().toStdString()});
    });
}

void MainWindow::connectSession() {
    connect(controller_.get(), &SessionController::requestSent, this, &MainWindow::showRequest);
    connect(controller_.get(), &SessionController::sessionReplaced, this,
            &MainWindow::showNewSession);
    connect(player_.get(), &ScenarioPlayer::started, this, [this] {
        scenario_bar_->show();
        scenario_dock_->show();
        scenario_dock_->refresh();
    });
    connect(player_.get(), &ScenarioPlayer::stepCarriedOut, scenario_dock_, &ScenarioDock::refresh);
    connect(player_.get(), &ScenarioPlayer::finished, this, [this](bool completed) {
        scenario_dock_->refresh();
        scenario_bar_->update();
        toast_->showMessage(completed ? QStringLiteral("✔ Scenario played to the end")
                                      : QStringLiteral("■ Scenario stopped"),
                            completed ? QStringLiteral("ok") : QString());
    });
}

void MainWindow::restoreSettings(const RememberedSettings& remembered) {
    if (!settings_.enabled()) {
        return;
    }
    if (!remembered.geometry.isEmpty()) {
        restoreGeometry(remembered.geometry);
    }
    if (!remembered.dock_state.isEmpty()) {
        restoreState(remembered.dock_state, WindowSettings::kLayoutVersion);
    }
    controls_->setRateHz(remembered.rate_hz);
    actions_->opengl->setChecked(remembered.opengl && opengl_.available);
}

void MainWindow::saveSettings() const {
    const engine::BackendSpec& backend = controller_->options().backend;
    settings_.save(*this, {{},
                           {},
                           controls_->rateHz(),
                           {backend.bus, backend.faults},
                           actions_->opengl->isChecked()});
}

void MainWindow::closeEvent(QCloseEvent* event) {
    saveSettings();
    player_->stop();
    frame_timer_.stop();
    event->accept();
}

void MainWindow::refreshFrame() {
    snapshot_ =
        controller_->session().snapshot(timeline_->columnsWanted(), LiveTimelineChart::kWindowNs);
    hud_->showSnapshot(snapshot_);
    timeline_->showSnapshot(snapshot_);
    controls_->showSnapshot(snapshot_);
    noticePlug(snapshot_);
    if (metrics_) {
        metrics_->offer(snapshot_);  // at most once a second
    }
    if (player_->hasScenario()) {
        scenario_bar_->update();
    }
    // A few milliseconds each, a few times a second: never two on one frame.
    if (!distributions_->showSnapshot(snapshot_)) {
        runSlowJob();
    }
}

void MainWindow::runSlowJob() {
    const std::size_t job = slow_turn_;
    if (slow_age_[job].isValid() && slow_age_[job].elapsed() < kSlowEveryMs) {
        return;
    }
    slow_age_[job].start();
    slow_turn_ = (slow_turn_ + 1) % slow_age_.size();
    switch (job) {
        case 0:
            timeline_->showTitle(snapshot_);
            break;
        case 1:
            log_model_.pull(controller_->session());
            if (player_->playing()) {
                scenario_dock_->refresh();
            }
            break;
        default:
            showRates();
            break;
    }
}

void MainWindow::showRates() {
    const QString text =
        QStringLiteral("%1 fps · %2 events/s · %3 samples in view")
            .arg(QString::number(frames_->framesPerSecond(), 'f', 0),
                 groupedNumber(static_cast<std::uint64_t>(snapshot_.interrupts_per_second)),
                 groupedNumber(engine::samplesIn(snapshot_.columns)));
    if (text != rates_overlay_->text()) {
        rates_overlay_->setText(text);
        rates_overlay_->adjustSize();
    }
    rates_overlay_->move(timeline_->width() - rates_overlay_->width() - 14, 10);
    const QString source = QString::fromStdString(snapshot_.source_label);
    source_label_->setText(snapshot_.simulated ? source + QStringLiteral(" — simulated") : source);
}

void MainWindow::showRequest(const engine::LiveRequest& request) {
    log_model_.pull(controller_->session());
    controls_->showRequest(request);
    statusBar()->showMessage(QStringLiteral("%1 → %2").arg(QString::fromStdString(request.request),
                                                           QString::fromStdString(request.status)),
                             5000);
}

void MainWindow::showNewSession(const QString& description) {
    log_model_.markSession(description);
    log_model_.pull(controller_->session());
    const engine::BackendSpec& backend = controller_->options().backend;
    actions_->showFixture(backend.bus, backend.faults);
    controls_->showFixtureChoice(description);
    attached_ = true;
    updateExportSettings();
    switch (backend.kind) {
        case engine::BackendKind::UsbFixture:
            devices_->showCurrent(QString::fromStdString(backend.serial));
            break;
        case engine::BackendKind::Ppdev:
        case engine::BackendKind::KernelModule:
            devices_->showCurrent(QString::fromStdString(backend.device), description);
            break;
        case engine::BackendKind::VirtualFixture:
            devices_->showCurrent(QString());
            break;
    }
}

void MainWindow::noticePlug(const engine::LiveSnapshot& snapshot) {
    if (snapshot.attached == attached_) {
        return;
    }
    attached_ = snapshot.attached;
    if (attached_) {
        toast_->showMessage(QStringLiteral("✔ Fixture attached again — Space restarts the train"),
                            QStringLiteral("ok"));
    } else {
        toast_->showMessage(QStringLiteral("⚠ Fixture unplugged — the train stopped; requests "
                                           "still go to the driver (R re-plugs)"),
                            QStringLiteral("alert"));
    }
}

void MainWindow::chooseFixture(const FixtureChoice& choice) {
    player_->stop();
    const QString error = controller_->changeFixture(choice);
    if (error.isEmpty()) {
        toast_->showMessage(
            QStringLiteral("New session: %1")
                .arg(QStringLiteral("bus %1%2")
                         .arg(QString::fromStdString(choice.bus),
                              choice.faults.empty() ? QStringLiteral(", no faults")
                                                    : QStringLiteral(", faults ") +
                                                          QString::fromStdString(choice.faults))));
    } else {
        toast_->showMessage(QStringLiteral("That fixture would not open: ") + error,
                            QStringLiteral("alert"));
    }
}

QString MainWindow::playScenario(const QString& path, const std::vector<std::string>& overrides) {
    const bool built_in = path == QLatin1String(ScenarioPlayer::kDefaultScenario);
    QString error;
    try {
        engine::Scenario scenario = engine::loadScenarioFile(path.toStdString(), overrides);
        error = player_->play(std::move(scenario), built_in ? QStringLiteral("built-in default")
                                                            : QFileInfo(path).fileName());
        if (error.isEmpty()) {
            scenario_file_ = built_in ? QString() : path;
            updateExportSettings();
        }
    } catch (const engine::ScenarioError& failure) {
        error = QString::fromStdString(failure.what());
    }
    if (!error.isEmpty()) {
        toast_->showMessage(QStringLiteral("Scenario not played: ") + error,
                            QStringLiteral("alert"));
        statusBar()->showMessage(error);
    }
    return error;
}

void MainWindow::promptForScenario() {
    const QString path =
        QFileDialog::getOpenFileName(this, QStringLiteral("Play a scenario"), QString(),
                                     QStringLiteral("Scenario files (*.json);;All files (*)"));
    if (!path.isEmpty()) {
        playScenario(path);
    }
}

void MainWindow::showShortcuts() {
    QString rows;
    for (const QAction* action : actions_->all()) {
        rows += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>")
                    .arg(action->shortcut().toString(QKeySequence::NativeText).toHtmlEscaped(),
                         action->text().remove(QLatin1Char('&')).toHtmlEscaped());
    }
    QMessageBox::information(this, QStringLiteral("Keyboard shortcuts"),
                             QStringLiteral("<table cellspacing=6>%1</table>").arg(rows));
}

void MainWindow::showAbout() {
    QMessageBox::about(
        this, QStringLiteral("About ISR Bench"),
        QStringLiteral("<b>ISR Bench</b> — a live latency arena for the ISR life cycle.<br>"
                       "Everything here also runs headless: <code>isrbench run</code>."));
}

}  // namespace ui
