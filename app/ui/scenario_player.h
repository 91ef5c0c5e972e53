// Plays a scenario file on the live session, as `isrbench run` would on its own: a fresh session
// on the scenario's fixture (bus model, faults, wiring, ISRs), the stimulus train at its rate, and
// each timeline step carried out at its time by a QTimer on the UI thread. The engine stamps each
// interrupt with the phase actually in force, so the accounting is exact whatever the timer does;
// a step the UI thread carries out late (a slow frame) pushes the rest of the timeline back, so
// that every phase still lasts as long as the scenario says instead of being cut short. Before
// each step, the phase that ends is tallied from the snapshot.
//
// Live playback runs the train as a periodic one: a random train is played at its mean rate, and
// stimulus.count is not applied (the train runs to the end of the scenario).
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <array>
#include <optional>
#include <vector>

#include "live_session.h"
#include "scenario.h"

namespace ui {

class SessionController;

struct PhaseTally {
    engine::Phase phase;
    std::array<std::uint64_t, engine::kOutcomeCount> counts{};
    bool closed = false;  // the phase has ended and these are its final counts

    std::uint64_t count(engine::Outcome outcome) const {
        return counts[static_cast<std::size_t>(outcome)];
    }
};

class ScenarioPlayer : public QObject {
    Q_OBJECT

public:
    static constexpr int kTickMs = 5;
    // The built-in scenario, as `isrbench run` plays it by default.
    static constexpr const char* kDefaultScenario = ":/scenarios/default.json";

    explicit ScenarioPlayer(SessionController& controller, QObject* parent = nullptr);

    // Starts playing; an error (the fixture would not open) is returned, empty on success.
    QString play(engine::Scenario scenario, const QString& source);
    // Ends early: the train stops, the tallies keep what ran.
    void stop();

    bool playing() const { return playing_; }
    bool hasScenario() const { return scenario_.has_value(); }
    const engine::Scenario& scenario() const { return *scenario_; }
    const QString& source() const { return source_; }
    const std::vector<engine::Phase>& phases() const { return phases_; }
    const std::vector<PhaseTally>& tallies() const { return tallies_; }
    const std::vector<engine::LiveRequest>& stepResults() const { return step_results_; }
    // Where the playback is on the scenario's own time line (lateness taken out); stays at the end
    // once finished.
    double elapsedMs() const;
    // How far the steps were pushed back because the UI thread carried one out late.
    double lagMs() const { return lag_ms_; }
    bool completed() const { return completed_; }

signals:
    void started();
    void stepCarriedOut(const engine::LiveRequest& request);
    void finished(bool completed);

private:
    void tick();
    double clockMs() const;  // since the play started, lateness included
    void closePhaseEndingAt(std::int64_t at_ms);
    void finish(bool completed);

    SessionController& controller_;
    std::optional<engine::Scenario> scenario_;
    QString source_;
    std::vector<engine::Phase> phases_;
    std::vector<PhaseTally> tallies_;
    std::vector<engine::LiveRequest> step_results_;
    std::size_t next_step_ = 0;
    std::size_t phase_in_force_ = 0;
    QTimer timer_;
    QElapsedTimer clock_;
    double ended_at_ms_ = 0;
    double lag_ms_ = 0;
    bool playing_ = false;
    bool completed_ = false;
};

}  // namespace ui
