// The scenario panel: what is being played (name, file, fixture), the answer to each step, and
// the tally of each phase as it closes: serviced / suppressed / unclaimed / lost / violations,
// the same accounting `isrbench run` prints.
#pragma once

#include <QDockWidget>
#include <QLabel>
#include <QTableWidget>

#include "scenario.h"

namespace ui {

class ScenarioPlayer;

class ScenarioDock : public QDockWidget {
    Q_OBJECT

public:
    ScenarioDock(const ScenarioPlayer& player, QWidget* parent = nullptr);

    // Re-reads the player (after a step, at the end, and a few times a second while playing).
    void refresh();
    QTableWidget& table() { return *table_; }

private:
    QString openingAnswer(const engine::Phase& phase) const;

    const ScenarioPlayer& player_;
    QLabel* title_;
    QTableWidget* table_;
};

}  // namespace ui
