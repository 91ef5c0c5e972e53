// The big buttons: the four life-cycle requests in their states' colours (label, glyph and
// colour, as everywhere), free port, the stimulus train and its rate (a log-scale slider, 1 Hz to
// 100 kHz), the virtual fixture's plug, and the answer to the last request. The buttons trigger
// the window's actions; none is ever disabled to hide an error: the request is sent and its status
// shown.
#pragma once

#include <QLabel>
#include <QPushButton>
#include <QSlider>
#include <QTimer>
#include <QWidget>

#include "live_session.h"

namespace ui {

class BenchActions;

class ControlPanel : public QWidget {
    Q_OBJECT

public:
    ControlPanel(BenchActions& actions, QWidget* parent = nullptr);

    double rateHz() const;
    void setRateHz(double hertz);
    // One step of the slider up or down (the + and − hotkeys).
    void stepRate(int steps);
    // The stimulus button's caption and the fixture line, from the frame's snapshot.
    void showSnapshot(const engine::LiveSnapshot& snapshot);
    void showRequest(const engine::LiveRequest& request);
    void showFixtureChoice(const QString& description);

    QPushButton& button(const char* object_name) const;

signals:
    // The rate was changed and has settled (the slider is not restarting the train per pixel).
    void rateChosen(double hertz);

private:
    QWidget* lifeCycleGroup(BenchActions& actions);
    QWidget* stimulusGroup(BenchActions& actions);
    QWidget* fixtureGroup(BenchActions& actions);
    QPushButton* actionButton(QAction* action, const QString& caption, const char* name,
                              const QString& role);

    QSlider* rate_slider_;
    QLabel* rate_label_;
    QPushButton* stimulus_button_;
    QLabel* fixture_label_;
    QLabel* last_request_;
    QTimer rate_settle_;
};

}  // namespace ui
