#include "hud_panel.h"

#include <QGridLayout>

#include "alarm_tile.h"
#include "chart_theme.h"
#include "hud_style.h"
#include "hud_tile.h"
#include "rate_scale.h"
#include "state_palette.h"
#include "state_tile.h"

namespace ui {
namespace {

using engine::Outcome;

std::uint64_t countOf(const std::array<std::uint64_t, engine::kOutcomeCount>& counts,
                      Outcome outcome) {
    return counts[static_cast<std::size_t>(outcome)];
}

QString microseconds(std::int64_t ns, bool have) {
    return have ? charts::formatMicroseconds(charts::toMicroseconds(ns)) + QStringLiteral(" µs")
                : QStringLiteral("—");
}

// The rate tile's tooltip: the CLI's summary line in words ("" when none left late).
QString latenessExplained(const engine::StimulusLateness& late) {
    if (late.stimuli_left_late == 0) {
        return {};
    }
    // A USB fixture's PLAN records tell how late, not how many were a period or more.
    const QString behind =
        late.late_stimuli == 0
            ? QString()
            : QStringLiteral(", %1 of them a period or more").arg(groupedNumber(late.late_stimuli));
    return QStringLiteral(
               "%1 stimuli left over 1 µs after their place on the timebase%2; the "
               "latest %3 late (their latency counts from when they were due)")
        .arg(groupedNumber(late.stimuli_left_late), behind,
             microseconds(late.stimulus_max_late_ns, true));
}

// A stimulus left a period or more after its place: counted where the train is timed on the
// host or by the virtual fixture, seen from the worst lateness where only that is known.
bool fellBehind(const engine::LiveSnapshot& snapshot) {
    const engine::StimulusLateness& late = snapshot.lateness;
    return late.late_stimuli != 0 ||
           (snapshot.rate_hz > 0 &&
            static_cast<double>(late.stimulus_max_late_ns) >= 1e9 / snapshot.rate_hz);
}

HudTile* addTile(QGridLayout& grid, const QString& caption, const char* name, int row, int column) {
    auto* tile = new HudTile(caption);
    tile->setObjectName(QLatin1String(name));
    grid.addWidget(tile, row, column);
    return tile;
}

}  // namespace

HudPanel::HudPanel(QWidget* parent) : QWidget(parent) {
    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSpacing(8);
    state_ = new StateTile;
    state_->setObjectName(QStringLiteral("stateTile"));
    grid->addWidget(state_, 0, 0);
    latency_now_ = addTile(*grid, QStringLiteral("Latency now"), "latencyNowTile", 0, 1);
    p50_ = addTile(*grid, QStringLiteral("p50"), "p50Tile", 0, 2);
    p99_ = addTile(*grid, QStringLiteral("p99"), "p99Tile", 0, 3);
    p999_ = addTile(*grid, QStringLiteral("p99.9"), "p999Tile", 0, 4);
    max_ = addTile(*grid, QStringLiteral("max"), "maxTile", 0, 5);
    rate_ = addTile(*grid, QStringLiteral("Interrupts / s"), "rateTile", 0, 6);
    fixture_ = addTile(*grid, QStringLiteral("Fixture"), "fixtureTile", 1, 0);
    serviced_ = addTile(*grid, QStringLiteral("Serviced"), "servicedTile", 1, 1);
    suppressed_ = addTile(*grid, QStringLiteral("Suppressed"), "suppressedTile", 1, 2);
    unclaimed_ = addTile(*grid, QStringLiteral("Unclaimed"), "unclaimedTile", 1, 3);
    lost_ = addTile(*grid, QStringLiteral("Lost"), "lostTile", 1, 4);
    violations_ = new AlarmTile(QStringLiteral("Violations"));
    violations_->setObjectName(QStringLiteral("violationTile"));
    grid->addWidget(violations_, 1, 5);
    clock_ = addTile(*grid, QStringLiteral("Clock sync"), "clockTile", 1, 6);
    for (int column = 1; column < grid->columnCount(); ++column) {
        grid->setColumnStretch(column, 1);
    }
    grid->setColumnStretch(0, 2);
    for (HudTile* tile : {latency_now_, p50_, p99_, p999_, max_}) {
        tile->setValueColour(themeColour(charts::hud::kLatency));
    }
    p999_->setValueColour(themeColour(charts::hud::kHighlight));
    max_->setValueColour(themeColour(charts::hud::kSecondary));
    serviced_->setValueColour(stateColour(engine::PortState::Active));
    suppressed_->setValueColour(stateColour(engine::PortState::Inactive));
    unclaimed_->setValueColour(stateColour(engine::PortState::Disconnected));
}

void HudPanel::showSnapshot(const engine::LiveSnapshot& snapshot) {
    state_->showState(snapshot.state);
    showLatency(snapshot);
    showRate(snapshot);
    showCounts(snapshot);
    showFixture(snapshot);
}

void HudPanel::showLatency(const engine::LiveSnapshot& snapshot) {
    const engine::LatencySummary& phase = snapshot.phase_latency;
    const bool have = phase.count != 0;
    latency_now_->setValue(microseconds(snapshot.last_latency_ns, snapshot.last_latency_ns != 0));
    latency_now_->setDetail(QStringLiteral("newest serviced"));
    const QString detail = have ? QStringLiteral("%1 in phase").arg(groupedNumber(phase.count))
                                : QStringLiteral("none in phase");
    p50_->setValue(microseconds(phase.p50, have));
    p99_->setValue(microseconds(phase.p99, have));
    p999_->setValue(microseconds(phase.p999, have));
    max_->setValue(microseconds(phase.max, have));
    for (HudTile* tile : {p50_, p99_, p999_, max_}) {
        tile->setDetail(detail);
    }
}

// The train's rate, and whether it kept to its timebase: a train that fell behind is seen while
// it runs, not only in the run's report.
void HudPanel::showRate(const engine::LiveSnapshot& snapshot) {
    rate_->setValue(groupedNumber(static_cast<std::uint64_t>(snapshot.interrupts_per_second)));
    QString detail = snapshot.stimulus_running
                         ? QStringLiteral("train %1").arg(rate_scale::rateText(snapshot.rate_hz))
                         : QStringLiteral("train stopped");
    const engine::StimulusLateness& late = snapshot.lateness;
    if (late.stimuli_left_late != 0) {
        detail += QStringLiteral(" · %1 late (max %2)")
                      .arg(groupedNumber(late.stimuli_left_late),
                           microseconds(late.stimulus_max_late_ns, true));
    }
    rate_->setDetail(detail);
    if (const QString explained = latenessExplained(late); rate_->toolTip() != explained) {
        rate_->setToolTip(explained);
    }
    rate_->setTone(fellBehind(snapshot) ? QStringLiteral("warn") : QString());
}

void HudPanel::showCounts(const engine::LiveSnapshot& snapshot) {
    const auto show = [&](HudTile& tile, Outcome outcome) {
        tile.setValue(groupedNumber(countOf(snapshot.totals, outcome)));
        tile.setDetail(
            QStringLiteral("phase %1").arg(groupedNumber(countOf(snapshot.phase, outcome))));
    };
    show(*serviced_, Outcome::Serviced);
    show(*suppressed_, Outcome::Suppressed);
    show(*unclaimed_, Outcome::Unclaimed);
    show(*lost_, Outcome::Lost);
    const bool losing = countOf(snapshot.totals, Outcome::Lost) != 0 || snapshot.ring_overflow != 0;
    lost_->setTone(losing ? QStringLiteral("warn") : QString());
    lost_->setValueColour(themeColour(losing ? charts::hud::kHighlight : charts::hud::kText));
    if (snapshot.ring_overflow != 0) {
        lost_->setDetail(QStringLiteral("%1 samples overflowed the ring")
                             .arg(groupedNumber(snapshot.ring_overflow)));
    }
    violations_->showCount(snapshot.violations);
}

void HudPanel::showFixture(const engine::LiveSnapshot& snapshot) {
    fixture_->setValue(snapshot.attached ? QStringLiteral("ATTACHED")
                                         : QStringLiteral("UNPLUGGED"));
    fixture_->setTone(snapshot.attached ? QString() : QStringLiteral("alert"));
    fixture_->setValueColour(
        themeColour(snapshot.attached ? charts::hud::kText : charts::hud::kViolation));
    const QString source = QString::fromStdString(snapshot.source_label);
    fixture_->setDetail(snapshot.simulated ? source + QStringLiteral(" — simulated") : source);
    clock_->setValue(QStringLiteral("± ") +
                     charts::formatMicroseconds(snapshot.clock_sync_error_ns / 1e3) +
                     QStringLiteral(" µs"));
    clock_->setDetail(QStringLiteral("error bound"));
}

}  // namespace ui
