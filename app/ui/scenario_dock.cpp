#include "scenario_dock.h"

#include <QHeaderView>
#include <QVBoxLayout>

#include "hud_style.h"
#include "hud_tile.h"
#include "scenario_player.h"
#include "state_palette.h"

namespace ui {
namespace {

using engine::Outcome;

constexpr Outcome kColumns[] = {Outcome::Serviced, Outcome::Suppressed, Outcome::Unclaimed,
                                Outcome::Lost, Outcome::Violation};

QTableWidgetItem* item(const QString& text, Qt::Alignment alignment = Qt::AlignLeft) {
    auto* cell = new QTableWidgetItem(text);
    cell->setTextAlignment(alignment | Qt::AlignVCenter);
    return cell;
}

}  // namespace

ScenarioDock::ScenarioDock(const ScenarioPlayer& player, QWidget* parent)
    : QDockWidget(QStringLiteral("Scenario"), parent), player_(player) {
    setObjectName(QStringLiteral("scenarioDock"));
    auto* body = new QWidget;
    auto* layout = new QVBoxLayout(body);
    layout->setContentsMargins(6, 6, 6, 6);
    title_ =
        new QLabel(QStringLiteral("No scenario played yet: F5 plays the default one, "
                                  "Ctrl+O a file."));
    title_->setWordWrap(true);
    table_ = new QTableWidget(0, 7);
    table_->setObjectName(QStringLiteral("scenarioTally"));
    table_->setHorizontalHeaderLabels({QStringLiteral("phase"), QStringLiteral("serviced"),
                                       QStringLiteral("suppressed"), QStringLiteral("unclaimed"),
                                       QStringLiteral("lost"), QStringLiteral("violation"),
                                       QStringLiteral("step answer")});
    table_->verticalHeader()->hide();
    table_->verticalHeader()->setDefaultSectionSize(22);
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setColumnWidth(0, 130);
    for (int column = 1; column < 6; ++column) {
        table_->setColumnWidth(column, 88);
    }
    layout->addWidget(title_);
    layout->addWidget(table_, 1);
    setWidget(body);
}

void ScenarioDock::refresh() {
    if (!player_.hasScenario()) {
        return;
    }
    const engine::Scenario& scenario = player_.scenario();
    title_->setText(QStringLiteral("<b>%1</b> · %2 · %3 Hz, %4 ms")
                        .arg(QString::fromStdString(scenario.name).toHtmlEscaped(),
                             player_.source().toHtmlEscaped())
                        .arg(scenario.stimulus.rate_hz)
                        .arg(scenario.duration_ms));
    const std::vector<PhaseTally>& tallies = player_.tallies();
    table_->setRowCount(static_cast<int>(tallies.size()));
    for (std::size_t i = 0; i < tallies.size(); ++i) {
        const PhaseTally& tally = tallies[i];
        const int row = static_cast<int>(i);
        QTableWidgetItem* name = item(QString::fromStdString(tally.phase.name));
        name->setForeground(stateColour(tally.phase.state));
        table_->setItem(row, 0, name);
        for (int c = 0; c < 5; ++c) {
            const std::uint64_t n = tally.count(kColumns[c]);
            QTableWidgetItem* cell =
                item(tally.closed ? groupedNumber(n) : QStringLiteral("…"), Qt::AlignRight);
            if (kColumns[c] == Outcome::Violation && n != 0) {
                cell->setForeground(themeColour(charts::hud::kViolation));
            }
            table_->setItem(row, c + 1, cell);
        }
        table_->setItem(row, 6, item(openingAnswer(tally.phase)));
    }
}

// The answer to the step that opened `phase` (the last one at its start), once carried out; the
// first phase of a timeline that starts later opens with the session.
QString ScenarioDock::openingAnswer(const engine::Phase& phase) const {
    const std::vector<engine::TimelineStep>& steps = player_.scenario().timeline;
    const std::vector<engine::LiveRequest>& answers = player_.stepResults();
    for (std::size_t k = steps.size(); k-- > 0;) {
        if (steps[k].at_ms == phase.start_ms) {
            return k < answers.size()
                       ? QString::fromStdString(answers[k].request + " → " + answers[k].status)
                       : QString();
        }
    }
    return phase.start_ms == 0 ? QStringLiteral("(session start)") : QString();
}

}  // namespace ui
