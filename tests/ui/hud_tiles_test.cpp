// The HUD: a violation turns its tile red and it stays red, whatever the frames after it say; the
// state tile tells the state by label, glyph and colour and animates the change; the fixture tile
// says what is measured on.
#include <gtest/gtest.h>

#include "alarm_tile.h"
#include "bench_actions.h"
#include "hud_panel.h"
#include "hud_style.h"
#include "hud_tile.h"
#include "state_palette.h"
#include "state_tile.h"
#include "window_fixture.h"

namespace {

using engine::PortState;
using uitest::openWindow;
using uitest::waitUntil;

// The tile's mean colour: red dominates a red tile.
QColor meanColour(QWidget& widget) {
    const QImage image = widget.grab().toImage();
    double r = 0, g = 0, b = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            const QColor c = image.pixelColor(x, y);
            r += c.red();
            g += c.green();
            b += c.blue();
        }
    }
    const double n = static_cast<double>(image.width()) * image.height();
    return QColor(static_cast<int>(r / n), static_cast<int>(g / n), static_cast<int>(b / n));
}

TEST(HudTiles, ATileDrawsItsFrameAndCaptionAgainOnlyWhenItsToneOrSizeChanged) {
    ui::HudTile tile(QStringLiteral("Serviced"));
    tile.resize(tile.sizeHint());
    const QPoint edge(tile.width() / 2, 0);  // on the frame's top line
    const QImage calm = tile.grab().toImage();
    EXPECT_EQ(tile.backdropPaints(), 1u);

    tile.setValue(QStringLiteral("1,000"));
    tile.setDetail(QStringLiteral("phase 10"));
    const QImage counted = tile.grab().toImage();
    EXPECT_EQ(tile.backdropPaints(), 1u);  // the kept frame and caption, the new value over them
    EXPECT_TRUE(counted != calm);
    EXPECT_EQ(counted.pixelColor(edge), calm.pixelColor(edge));

    tile.setTone(QStringLiteral("alert"));
    const QImage alert = tile.grab().toImage();
    EXPECT_EQ(tile.backdropPaints(), 2u);
    EXPECT_GT(alert.pixelColor(edge).red(), calm.pixelColor(edge).red() + 60);  // a red frame

    tile.resize(tile.width() + 40, tile.height());
    const QImage wider = tile.grab().toImage();
    EXPECT_EQ(tile.backdropPaints(), 3u);
    const QPoint right_edge(wider.width() - 1, wider.height() / 2);
    EXPECT_EQ(wider.pixelColor(right_edge),
              alert.pixelColor(QPoint(alert.width() - 1, alert.height() / 2)));
}

TEST(HudTiles, ATileLaysItsTextOutAgainOnlyWhenItOrItsWidthChanged) {
    ui::HudTile tile(QStringLiteral("p99"));
    tile.resize(tile.sizeHint());
    tile.setValue(QStringLiteral("12.5 µs"));
    tile.setDetail(QStringLiteral("phase 3"));
    const QImage first = tile.grab().toImage();
    EXPECT_EQ(tile.textLayouts(), 2u);  // the value and the detail

    EXPECT_EQ(tile.grab().toImage(), first);
    tile.setValue(QStringLiteral("12.5 µs"));  // the same text: nothing to lay out
    tile.grab();
    EXPECT_EQ(tile.textLayouts(), 2u);

    tile.setValue(QStringLiteral("13.0 µs"));
    EXPECT_NE(tile.grab().toImage(), first);
    EXPECT_EQ(tile.textLayouts(), 3u);
    tile.setDetail(QStringLiteral("phase 4"));
    tile.grab();
    EXPECT_EQ(tile.textLayouts(), 4u);

    tile.resize(tile.width() + 40, tile.height());
    tile.grab();
    EXPECT_EQ(tile.textLayouts(), 6u);
}

TEST(HudTiles, AValueTooWideForTheTileIsCutAtItsPadding) {
    ui::HudTile tile(QStringLiteral("Serviced"));
    tile.resize(100, tile.sizeHint().height());  // too narrow even at the smallest numerals
    const QImage empty = tile.grab().toImage();
    tile.setValue(QStringLiteral("123,456,789,012"));
    const QImage full = tile.grab().toImage();
    EXPECT_NE(full, empty);
    // The right padding (10 px, frame included) is as the empty tile has it, row by row.
    for (int y = 0; y < full.height(); ++y) {
        for (int x = full.width() - 10; x < full.width(); ++x) {
            ASSERT_EQ(full.pixel(x, y), empty.pixel(x, y)) << x << "," << y;
        }
    }
}

TEST(HudTiles, AViolationTurnsTheTileRedAndItStaysRed) {
    auto window = openWindow();
    ui::AlarmTile& tile = window->hud().violationTile();
    EXPECT_FALSE(tile.alarmed());
    EXPECT_EQ(tile.tone(), QString());
    const QColor calm = meanColour(tile);

    engine::LiveSnapshot injected = window->lastSnapshot();
    injected.violations = 2;
    window->hud().showSnapshot(injected);
    EXPECT_TRUE(tile.alarmed());
    EXPECT_TRUE(tile.flashing());
    EXPECT_EQ(tile.tone(), QStringLiteral("alert"));
    EXPECT_EQ(tile.value(), QStringLiteral("2"));
    EXPECT_EQ(tile.valueColour(), charts::hudColour(charts::hud::kViolation));

    // The engine's own frames (no violation) keep coming; the alarm outlives them and its flash.
    const std::uint64_t frames = window->frameCounter().frames();
    ASSERT_TRUE(waitUntil([&] { return window->frameCounter().frames() > frames + 30; }));
    ASSERT_TRUE(waitUntil([&] { return !tile.flashing(); }));
    EXPECT_EQ(window->lastSnapshot().violations, 0u);
    EXPECT_TRUE(tile.alarmed());
    EXPECT_EQ(tile.tone(), QStringLiteral("alert"));
    EXPECT_EQ(tile.value(), QStringLiteral("2"));
    const QColor red = meanColour(tile);
    EXPECT_GT(red.red(), calm.red() + 25);
    EXPECT_GT(red.red(), red.green());
    EXPECT_GT(red.red(), red.blue());

    // Only the technician clears it.
    window->actions().clear_alarm->trigger();
    EXPECT_FALSE(tile.alarmed());
    EXPECT_EQ(tile.tone(), QString());
}

TEST(HudTiles, AFurtherViolationFlashesTheTileAgain) {
    ui::AlarmTile tile(QStringLiteral("Violations"));  // alone: no frames feeding it zeros
    tile.showCount(1);
    ASSERT_TRUE(waitUntil([&] { return !tile.flashing(); }));
    tile.showCount(1);
    EXPECT_FALSE(tile.flashing());  // the same count: no new flash
    tile.showCount(3);
    EXPECT_TRUE(tile.flashing());
    EXPECT_EQ(tile.value(), QStringLiteral("3"));
}

TEST(HudTiles, TheStateTileShowsLabelGlyphAndColourAndAnimatesTheChange) {
    auto window = openWindow();
    ui::StateTile& tile = window->hud().stateTile();
    EXPECT_EQ(tile.caption(), QStringLiteral("▩ DISCONNECTED"));
    window->actions().connect_isr->trigger();
    window->refreshFrame();
    EXPECT_EQ(tile.state(), PortState::Active);
    EXPECT_EQ(tile.caption(), QStringLiteral("■ ACTIVE"));
    EXPECT_TRUE(tile.animating());  // QPropertyAnimation: colour slides, glow pulses
    ASSERT_TRUE(waitUntil([&] { return !tile.animating(); }));
    EXPECT_EQ(tile.accent(), ui::stateColour(PortState::Active));
    EXPECT_DOUBLE_EQ(tile.pulse(), 0.0);
    window->actions().deactivate->trigger();
    window->refreshFrame();
    EXPECT_EQ(tile.caption(), QStringLiteral("▨ INACTIVE"));
    ASSERT_TRUE(waitUntil([&] { return !tile.animating(); }));
    EXPECT_EQ(tile.accent(), ui::stateColour(PortState::Inactive));
}

// Between changes the state tile is its kept picture; a new state (and each step of its
// animation) draws it again, in the new state's colour.
TEST(HudTiles, TheStateTileIsDrawnAgainOnlyWhenItChanges) {
    ui::StateTile tile;
    tile.resize(tile.sizeHint());
    const QImage disconnected = tile.grab().toImage();
    tile.grab();
    EXPECT_EQ(tile.picturePaints(), 1u);
    tile.showState(PortState::Active);
    ASSERT_TRUE(waitUntil([&] { return !tile.animating(); }));
    const std::uint64_t animated = tile.picturePaints();
    const QImage active = tile.grab().toImage();
    EXPECT_GT(tile.picturePaints(), animated);
    tile.grab();
    tile.grab();
    EXPECT_EQ(tile.picturePaints(), animated + 1);
    EXPECT_TRUE(active != disconnected);
}

TEST(HudTiles, TheFixtureTileSaysTheVirtualFixtureIsSimulated) {
    auto window = openWindow();
    window->refreshFrame();
    EXPECT_EQ(window->hud().fixtureTile().value(), QStringLiteral("ATTACHED"));
    EXPECT_EQ(window->hud().fixtureTile().detail(), QStringLiteral("virtual fixture — simulated"));
}

TEST(HudTiles, LatencyTilesShowThePhaseInForce) {
    auto window = openWindow();
    window->actions().connect_isr->trigger();
    window->controller().startStimulus(2000);
    ASSERT_TRUE(waitUntil([&] { return window->lastSnapshot().phase_latency.count > 200; }));
    auto* p99 = window->findChild<ui::HudTile*>(QStringLiteral("p99Tile"));
    ASSERT_NE(p99, nullptr);
    EXPECT_TRUE(p99->value().endsWith(QStringLiteral(" µs"))) << p99->value().toStdString();
    auto* rate = window->findChild<ui::HudTile*>(QStringLiteral("rateTile"));
    ASSERT_TRUE(waitUntil([&] { return rate->value() != QStringLiteral("0"); }));
    // Then, on a host that made some stimuli leave late, how many (the test below).
    EXPECT_TRUE(rate->detail().startsWith(QStringLiteral("train 2.00 kHz")))
        << rate->detail().toStdString();
}

TEST(HudTiles, TheRateTileSaysWhenTheTrainLeftStimuliLate) {
    ui::HudPanel hud;
    auto* rate = hud.findChild<ui::HudTile*>(QStringLiteral("rateTile"));
    ASSERT_NE(rate, nullptr);
    engine::LiveSnapshot snapshot;
    snapshot.stimulus_running = true;
    snapshot.rate_hz = 1000;
    hud.showSnapshot(snapshot);
    EXPECT_EQ(rate->detail(), QStringLiteral("train 1.00 kHz"));
    EXPECT_EQ(rate->tone(), QString());
    EXPECT_TRUE(rate->toolTip().isEmpty());

    snapshot.lateness = {.late_stimuli = 0, .stimuli_left_late = 3, .stimulus_max_late_ns = 4'500};
    hud.showSnapshot(snapshot);
    EXPECT_EQ(rate->detail(), QStringLiteral("train 1.00 kHz · 3 late (max 4.50 µs)"));
    EXPECT_EQ(rate->tone(), QString());  // late, but within its period: not fallen behind

    snapshot.lateness = {
        .late_stimuli = 20, .stimuli_left_late = 1234, .stimulus_max_late_ns = 20'000'000};
    hud.showSnapshot(snapshot);
    EXPECT_EQ(rate->detail(), QStringLiteral("train 1.00 kHz · 1,234 late (max 20000 µs)"));
    EXPECT_EQ(rate->tone(), QStringLiteral("warn"));
    EXPECT_TRUE(rate->toolTip().contains(QStringLiteral("20 of them a period or more")))
        << rate->toolTip().toStdString();

    // A USB fixture's PLAN records give the lateness but no count of those a period or more
    // late: the worst one, against the train's period, tells that the train fell behind.
    snapshot.lateness = {
        .late_stimuli = 0, .stimuli_left_late = 5, .stimulus_max_late_ns = 2'000'000};
    hud.showSnapshot(snapshot);
    EXPECT_EQ(rate->tone(), QStringLiteral("warn"));
    EXPECT_FALSE(rate->toolTip().contains(QStringLiteral("period or more")))
        << rate->toolTip().toStdString();
}

}  // namespace
