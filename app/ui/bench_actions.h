// Every command of the window as a QAction with a shortcut, in a menu: the big buttons trigger
// these same actions, so that everything is reachable from the keyboard and a button and its
// hotkey can never do different things.
//   1 connect · 2 activate (report active) · 3 deactivate (report inactive) · 4 disconnect
//   5 free port · Space start/stop the stimulus · + / − rate · U unplug · R re-plug
#pragma once

#include <QAction>
#include <QActionGroup>
#include <QObject>
#include <vector>

class QMenuBar;
class QWidget;

namespace ui {

struct FixturePreset {
    const char* label;
    const char* spec;  // a bus model or a fault plan as the scenario files write them
};

// The virtual fixture's bus models and fault plans the Fixture menu offers.
const std::vector<FixturePreset>& busPresets();
const std::vector<FixturePreset>& faultPresets();

class BenchActions : public QObject {
    Q_OBJECT

public:
    // The actions are added to `window`, so that their shortcuts work wherever the focus is in it.
    explicit BenchActions(QWidget& window);

    // Session, Scenario, Fixture, View (with `view_extras`, e.g. the docks' toggles), Help.
    void buildMenus(QMenuBar& bar, const std::vector<QAction*>& view_extras);
    // Checks the menu entries that match the fixture in use.
    void showFixture(const std::string& bus, const std::string& faults);
    std::vector<QAction*> all() const;

    QAction* connect_isr;
    QAction* activate;
    QAction* deactivate;
    QAction* disconnect_isr;
    QAction* free_port;
    QAction* stimulus;
    QAction* faster;
    QAction* slower;
    QAction* play_default;
    QAction* play_file;
    QAction* stop_scenario;
    QAction* unplug;
    QAction* replug;
    QActionGroup* bus_group;
    QActionGroup* fault_group;
    QAction* opengl;
    QAction* clear_alarm;
    QAction* reset_layout;
    QAction* shortcuts_help;
    QAction* about;
    QAction* quit;

private:
    QAction* make(const QString& text, const QKeySequence& shortcut, const QString& tip = {});
    void makeFixtureGroups();

    QWidget& window_;
};

}  // namespace ui
