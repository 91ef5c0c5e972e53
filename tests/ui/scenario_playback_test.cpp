// Playing a scenario on the live session: the default one (shortened with --set-style overrides)
// reaches its end with every phase accounted for as its state demands; a broken file is refused
// with its file:line:column, and nothing is played.
#include <gtest/gtest.h>

#include <QSignalSpy>
#include <QTemporaryFile>
#include <chrono>
#include <thread>

#include "scenario_bar.h"
#include "scenario_dock.h"
#include "scenario_player.h"
#include "toast.h"
#include "window_fixture.h"

namespace {

using engine::Outcome;
using engine::PortState;

// The built-in life cycle in 1.5 s: 250 ms per phase at 1 kHz.
const std::vector<std::string> kShortened{
    "duration_ms=1500",
    R"(timeline=[{"at_ms":250,"step":"connect"},{"at_ms":500,"step":"report_inactive"},)"
    R"({"at_ms":750,"step":"report_active"},{"at_ms":1000,"step":"disconnect"},)"
    R"({"at_ms":1250,"step":"connect"}])"};

TEST(ScenarioPlayback, TheDefaultScenarioReachesItsEndWithEveryPhaseAccountedFor) {
    auto window = uitest::openWindow();
    ui::ScenarioPlayer& player = window->player();
    QSignalSpy finished(&player, &ui::ScenarioPlayer::finished);
    ASSERT_EQ(
        window->playScenario(QString::fromLatin1(ui::ScenarioPlayer::kDefaultScenario), kShortened),
        QString());
    EXPECT_TRUE(player.playing());
    EXPECT_TRUE(window->findChild<ui::ScenarioBar*>()->isVisible());
    ASSERT_TRUE(finished.wait(60000));  // returns at the signal; the bound is for slow trees
    EXPECT_TRUE(finished.front().front().toBool());  // completed
    EXPECT_TRUE(player.completed());
    EXPECT_DOUBLE_EQ(player.elapsedMs(), 1500.0);

    ASSERT_EQ(player.stepResults().size(), 5u);
    for (const engine::LiveRequest& answer : player.stepResults()) {
        EXPECT_EQ(answer.status, "STATUS_SUCCESS") << answer.request;
    }
    const std::vector<ui::PhaseTally>& tallies = player.tallies();
    ASSERT_EQ(tallies.size(), 6u);
    for (const ui::PhaseTally& tally : tallies) {
        SCOPED_TRACE(tally.phase.name);
        EXPECT_TRUE(tally.closed);
        EXPECT_EQ(tally.count(Outcome::Violation), 0u);
        EXPECT_EQ(tally.count(Outcome::Lost), 0u);
        // An interrupt that races the request opening a phase is accounted in that phase with
        // the outcome the old state gave it (the engine's rule, not a violation). Under the
        // sanitizers a request takes tens of milliseconds, so that share is bounded at a fifth:
        // a phase in the wrong state would have almost none of its own outcome.
        const Outcome own = tally.phase.state == PortState::Active     ? Outcome::Serviced
                            : tally.phase.state == PortState::Inactive ? Outcome::Suppressed
                                                                       : Outcome::Unclaimed;
        const std::uint64_t stimuli = tally.count(Outcome::Serviced) +
                                      tally.count(Outcome::Suppressed) +
                                      tally.count(Outcome::Unclaimed);
        SCOPED_TRACE(::testing::Message() << "serviced " << tally.count(Outcome::Serviced)
                                          << ", suppressed " << tally.count(Outcome::Suppressed)
                                          << ", unclaimed " << tally.count(Outcome::Unclaimed));
        EXPECT_GT(tally.count(own), 50u);  // 250 at 1 kHz; what was processed at the close
        EXPECT_GE(tally.count(own) * 100, stimuli * 80);
    }
    EXPECT_EQ(tallies[1].phase.state, PortState::Active);
    EXPECT_EQ(tallies[2].phase.state, PortState::Inactive);
    EXPECT_EQ(tallies[4].phase.state, PortState::Disconnected);
    window->refreshFrame();
    EXPECT_EQ(window->lastSnapshot().violations, 0u);
    EXPECT_FALSE(window->lastSnapshot().stimulus_running);  // the train ends with the scenario
    // The panel shows the same accounting, and the bar says it ended.
    EXPECT_EQ(window->scenarioDock().table().rowCount(), 6);
    EXPECT_EQ(window->scenarioDock().table().item(2, 0)->text(), QStringLiteral("2 inactive"));
    EXPECT_TRUE(window->findChild<ui::ScenarioBar*>()->statusText().startsWith(
        QStringLiteral("✔ whole life cycle · 1.5 / 1.5 s · step 5 of 5")));
}

TEST(ScenarioPlayback, AStalledWindowDelaysTheStepsInsteadOfShorteningThePhases) {
    auto window = uitest::openWindow();
    ui::ScenarioPlayer& player = window->player();
    QSignalSpy finished(&player, &ui::ScenarioPlayer::finished);
    ASSERT_EQ(
        window->playScenario(QString::fromLatin1(ui::ScenarioPlayer::kDefaultScenario), kShortened),
        QString());
    QTest::qWait(350);  // into "1 active", connected at 250 ms
    // The UI thread is busy for 600 ms: the steps at 500 and 750 ms come due meanwhile.
    std::this_thread::sleep_for(std::chrono::milliseconds(600));
    ASSERT_TRUE(finished.wait(60000));
    EXPECT_GE(player.lagMs(), 400.0);
    for (const ui::PhaseTally& tally : player.tallies()) {
        SCOPED_TRACE(tally.phase.name);
        const std::uint64_t stimuli = tally.count(Outcome::Serviced) +
                                      tally.count(Outcome::Suppressed) +
                                      tally.count(Outcome::Unclaimed);
        EXPECT_GT(stimuli, 100u);  // 250 ms at 1 kHz each; a phase cut short has next to none
    }
    EXPECT_TRUE(
        window->findChild<ui::ScenarioBar*>()->statusText().contains(QLatin1String("ms late")));
}

TEST(ScenarioPlayback, ABrokenScenarioIsRefusedWithWhereAndWhy) {
    auto window = uitest::openWindow();
    QTemporaryFile file(QDir::tempPath() + QStringLiteral("/broken-XXXXXX.json"));
    ASSERT_TRUE(file.open());
    file.write("{\n  \"timeline\": [{\"at_ms\": 10, \"step\": \"report_idle\"}]\n}\n");
    file.flush();
    const QString error = window->playScenario(file.fileName());
    EXPECT_TRUE(error.contains(file.fileName() + QStringLiteral(":2:"))) << error.toStdString();
    EXPECT_TRUE(error.contains(QLatin1String("report_idle")));
    EXPECT_FALSE(window->player().playing());
    EXPECT_TRUE(window->toast().showing());
    EXPECT_EQ(window->toast().property("tone").toString(), QStringLiteral("alert"));
}

TEST(ScenarioPlayback, StoppingEarlyKeepsWhatRan) {
    auto window = uitest::openWindow();
    ASSERT_EQ(window->playScenario(QString::fromLatin1(ui::ScenarioPlayer::kDefaultScenario)),
              QString());
    // Just past the connect at 500 ms (the next step is at 1000 ms), however late the host is.
    ASSERT_TRUE(
        uitest::waitUntil([&] { return window->player().stepResults().size() == 1; }, 10'000));
    QTest::keyClick(window.get(), Qt::Key_F5, Qt::ShiftModifier);
    EXPECT_FALSE(window->player().playing());
    EXPECT_FALSE(window->player().completed());
    EXPECT_TRUE(window->player().tallies()[0].closed);
    EXPECT_FALSE(window->player().tallies()[1].closed);
    EXPECT_EQ(window->player().stepResults().size(), 1u);
}

}  // namespace
