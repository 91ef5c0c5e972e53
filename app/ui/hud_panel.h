// The HUD: the tiles above the charts, filled from one engine snapshot per frame.
//   ISR state · latency now · p50 · p99 · p99.9 · max (the phase in force) · interrupts/s
//   serviced · suppressed · unclaimed · lost · violations (session totals, phase below)
//   · fixture · clock sync
#pragma once

#include <QWidget>

#include "live_session.h"

namespace ui {

class AlarmTile;
class HudTile;
class StateTile;

class HudPanel : public QWidget {
    Q_OBJECT

public:
    explicit HudPanel(QWidget* parent = nullptr);

    void showSnapshot(const engine::LiveSnapshot& snapshot);

    StateTile& stateTile() { return *state_; }
    AlarmTile& violationTile() { return *violations_; }
    HudTile& fixtureTile() { return *fixture_; }

private:
    void showLatency(const engine::LiveSnapshot& snapshot);
    void showRate(const engine::LiveSnapshot& snapshot);
    void showCounts(const engine::LiveSnapshot& snapshot);
    void showFixture(const engine::LiveSnapshot& snapshot);

    StateTile* state_;
    HudTile* latency_now_;
    HudTile* p50_;
    HudTile* p99_;
    HudTile* p999_;
    HudTile* max_;
    HudTile* rate_;
    HudTile* serviced_;
    HudTile* suppressed_;
    HudTile* unclaimed_;
    HudTile* lost_;
    AlarmTile* violations_;
    HudTile* fixture_;
    HudTile* clock_;
};

}  // namespace ui
