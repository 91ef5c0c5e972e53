#include "scenario_player.h"

#include <algorithm>

#include "session_controller.h"

namespace ui {

ScenarioPlayer::ScenarioPlayer(SessionController& controller, QObject* parent)
    : QObject(parent), controller_(controller) {
    timer_.setTimerType(Qt::PreciseTimer);
    timer_.setInterval(kTickMs);
    connect(&timer_, &QTimer::timeout, this, &ScenarioPlayer::tick);
}

QString ScenarioPlayer::play(engine::Scenario scenario, const QString& source) {
    stop();
    engine::LiveOptions options;
    options.backend = scenario.backend;
    options.wiring = scenario.wiring;
    options.isrs = scenario.isrs;
    const QString error = controller_.replaceSession(std::move(options));
    if (!error.isEmpty()) {
        return error;
    }
    scenario_ = std::move(scenario);
    source_ = source;
    phases_ = scenario_->phases();
    tallies_.clear();
    for (const engine::Phase& phase : phases_) {
        tallies_.push_back({phase, {}, false});
    }
    step_results_.clear();
    lag_ms_ = 0;
    next_step_ = 0;
    phase_in_force_ = 0;
    completed_ = false;
    playing_ = true;
    controller_.startStimulus(scenario_->stimulus.rate_hz);
    clock_.start();
    timer_.start();
    emit started();
    return {};
}

void ScenarioPlayer::stop() {
    if (playing_) {
        finish(false);
    }
}

double ScenarioPlayer::elapsedMs() const {
    if (playing_) {
        return std::clamp(clockMs() - lag_ms_, 0.0, static_cast<double>(scenario_->duration_ms));
    }
    return ended_at_ms_;
}

double ScenarioPlayer::clockMs() const {
    return static_cast<double>(clock_.nsecsElapsed()) / 1e6;
}

void ScenarioPlayer::tick() {
    const double now_ms = clockMs();
    const std::vector<engine::TimelineStep>& steps = scenario_->timeline;
    while (next_step_ < steps.size() &&
           static_cast<double>(steps[next_step_].at_ms) + lag_ms_ <= now_ms) {
        // Late by more than the lag so far: everything after this step moves back with it.
        lag_ms_ = std::max(lag_ms_, now_ms - static_cast<double>(steps[next_step_].at_ms));
        closePhaseEndingAt(steps[next_step_].at_ms);
        const engine::LiveRequest answer = controller_.carryOut(steps[next_step_].step);
        step_results_.push_back(answer);
        ++next_step_;
        emit stepCarriedOut(answer);
    }
    if (next_step_ == steps.size() &&
        now_ms >= static_cast<double>(scenario_->duration_ms) + lag_ms_) {
        finish(true);
    }
}

// The phase in force ends at `at_ms` (phases of no length are not in the list): its counts are
// final now, before the next request opens a new phase in the engine.
void ScenarioPlayer::closePhaseEndingAt(std::int64_t at_ms) {
    if (phase_in_force_ >= tallies_.size() || tallies_[phase_in_force_].phase.end_ms > at_ms) {
        return;
    }
    tallies_[phase_in_force_].counts = controller_.session().snapshot(1, 1).phase;
    tallies_[phase_in_force_].closed = true;
    ++phase_in_force_;
}

void ScenarioPlayer::finish(bool completed) {
    timer_.stop();
    if (completed) {
        closePhaseEndingAt(scenario_->duration_ms);
    }
    ended_at_ms_ = completed ? static_cast<double>(scenario_->duration_ms) : elapsedMs();
    playing_ = false;
    completed_ = completed;
    controller_.stopStimulus();
    emit finished(completed);
}

}  // namespace ui
