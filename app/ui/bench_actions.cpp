#include "bench_actions.h"

#include <QMenu>
#include <QMenuBar>
#include <QWidget>

namespace ui {

const std::vector<FixturePreset>& busPresets() {
    static const std::vector<FixturePreset> presets{
        {"Ideal (host wake-up only)", "ideal"},
        {"USB full speed (1 ms frames)", "full-speed"},
        {"USB high speed (125 µs microframes)", "high-speed"},
        {"Fixed delay 250 µs", "fixed:250us"},
        {"Delay 100 µs + jitter 20 µs", "jitter:100us:20us"}};
    return presets;
}

const std::vector<FixturePreset>& faultPresets() {
    static const std::vector<FixturePreset> presets{
        {"No faults", ""},
        {"Drop 1 % of records", "drop=0.01"},
        {"Duplicate 1 % of records", "duplicate=0.01"},
        {"Reorder 1 % of records", "reorder=0.01"},
        {"Corrupt 1 % of records", "corrupt=0.01"},
        {"All four at 0.5 %", "drop=0.005,duplicate=0.005,reorder=0.005,corrupt=0.005"}};
    return presets;
}

BenchActions::BenchActions(QWidget& window) : QObject(&window), window_(window) {
    connect_isr = make(QStringLiteral("&Connect"), Qt::Key_1,
                       QStringLiteral("IOCTL_INTERNAL_PARALLEL_CONNECT_INTERRUPT for every ISR"));
    activate = make(QStringLiteral("&Activate (report active)"), Qt::Key_2,
                    QStringLiteral("IoReportInterruptActive on the connected interrupt object"));
    deactivate =
        make(QStringLiteral("&Deactivate (report inactive)"), Qt::Key_3,
             QStringLiteral("IoReportInterruptInactive: returns once no ISR call is in flight"));
    disconnect_isr =
        make(QStringLiteral("Dis&connect"), Qt::Key_4,
             QStringLiteral("IOCTL_INTERNAL_PARALLEL_DISCONNECT_INTERRUPT for every ISR"));
    free_port = make(QStringLiteral("&Free port"), Qt::Key_5,
                     QStringLiteral("IOCTL_INTERNAL_PARALLEL_PORT_FREE"));
    stimulus = make(QStringLiteral("&Start / stop stimulus"), Qt::Key_Space,
                    QStringLiteral("The fixture's periodic stimulus train at the chosen rate"));
    faster = make(QStringLiteral("Rate × 10^0.1 (faster)"), Qt::Key_Plus);
    faster->setShortcuts({QKeySequence(Qt::Key_Plus), QKeySequence(Qt::Key_Equal)});
    slower = make(QStringLiteral("Rate ÷ 10^0.1 (slower)"), Qt::Key_Minus);
    play_default = make(QStringLiteral("Play the &default scenario"), Qt::Key_F5);
    play_file = make(QStringLiteral("&Play scenario…"), QKeySequence(Qt::CTRL | Qt::Key_O));
    stop_scenario = make(QStringLiteral("S&top scenario"), QKeySequence(Qt::SHIFT | Qt::Key_F5));
    unplug = make(QStringLiteral("&Unplug the virtual fixture"), Qt::Key_U);
    replug = make(QStringLiteral("&Re-plug the virtual fixture"), Qt::Key_R);
    makeFixtureGroups();
    opengl =
        make(QStringLiteral("&OpenGL series (real GPUs only)"), QKeySequence(Qt::CTRL | Qt::Key_G),
             QStringLiteral("Draws the latency series with OpenGL; offered only where a "
                            "hardware OpenGL context exists"));
    opengl->setCheckable(true);
    clear_alarm = make(QStringLiteral("C&lear the violation alarm"),
                       QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_V));
    reset_layout =
        make(QStringLiteral("Reset &layout"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    shortcuts_help = make(QStringLiteral("&Keyboard shortcuts"), Qt::Key_F1);
    about = make(QStringLiteral("&About ISR Bench"), QKeySequence(Qt::SHIFT | Qt::Key_F1));
    quit = make(QStringLiteral("&Quit"), QKeySequence(Qt::CTRL | Qt::Key_Q));
}

QAction* BenchActions::make(const QString& text, const QKeySequence& shortcut, const QString& tip) {
    auto* action = new QAction(text, this);
    action->setShortcut(shortcut);
    action->setToolTip(tip.isEmpty() ? text : tip);
    action->setStatusTip(tip);
    window_.addAction(action);
    return action;
}

// Ctrl+1… picks a bus model, Ctrl+Alt+0… a fault plan; each menu is one exclusive choice.
void BenchActions::makeFixtureGroups() {
    bus_group = new QActionGroup(this);
    int key = Qt::Key_1;
    for (const FixturePreset& preset : busPresets()) {
        QAction* action = make(QString::fromUtf8(preset.label),
                               QKeySequence(Qt::CTRL | static_cast<Qt::Key>(key++)));
        action->setCheckable(true);
        action->setData(QString::fromLatin1(preset.spec));
        bus_group->addAction(action);
    }
    fault_group = new QActionGroup(this);
    key = Qt::Key_0;
    for (const FixturePreset& preset : faultPresets()) {
        QAction* action = make(QString::fromUtf8(preset.label),
                               QKeySequence(Qt::CTRL | Qt::ALT | static_cast<Qt::Key>(key++)));
        action->setCheckable(true);
        action->setData(QString::fromLatin1(preset.spec));
        fault_group->addAction(action);
    }
}

void BenchActions::showFixture(const std::string& bus, const std::string& faults) {
    for (QAction* action : bus_group->actions()) {
        action->setChecked(action->data().toString().toStdString() == bus);
    }
    for (QAction* action : fault_group->actions()) {
        action->setChecked(action->data().toString().toStdString() == faults);
    }
}

void BenchActions::buildMenus(QMenuBar& bar, const std::vector<QAction*>& view_extras) {
    QMenu* session = bar.addMenu(QStringLiteral("&Session"));
    session->addActions({connect_isr, activate, deactivate, disconnect_isr, free_port});
    session->addSeparator();
    session->addActions({stimulus, faster, slower});
    session->addSeparator();
    session->addAction(quit);
    QMenu* scenario = bar.addMenu(QStringLiteral("Sce&nario"));
    scenario->addActions({play_default, play_file, stop_scenario});
    QMenu* fixture = bar.addMenu(QStringLiteral("&Fixture"));
    fixture->addActions({unplug, replug});
    fixture->addSeparator();
    fixture->addMenu(QStringLiteral("&Bus model"))->addActions(bus_group->actions());
    fixture->addMenu(QStringLiteral("Fault &injection"))->addActions(fault_group->actions());
    QMenu* view = bar.addMenu(QStringLiteral("&View"));
    for (QAction* extra : view_extras) {
        view->addAction(extra);
    }
    view->addSeparator();
    view->addActions({opengl, clear_alarm, reset_layout});
    QMenu* help = bar.addMenu(QStringLiteral("&Help"));
    help->addActions({shortcuts_help, about});
}

std::vector<QAction*> BenchActions::all() const {
    std::vector<QAction*> actions;
    for (QObject* child : children()) {
        if (auto* action = qobject_cast<QAction*>(child)) {
            actions.push_back(action);
        }
    }
    return actions;
}

}  // namespace ui
