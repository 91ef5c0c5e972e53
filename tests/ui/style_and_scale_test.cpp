// The look's single source of truth, and the rate slider's scale: the stylesheet's colours are the
// charts' and reports' palette, with nothing left unfilled; the slider spans 1 Hz to 100 kHz on a
// log scale.
#include <gtest/gtest.h>

#include <QFile>
#include <QFontInfo>

#include "cached_chart_view.h"
#include "distribution_charts.h"
#include "hud_style.h"
#include "live_timeline_chart.h"
#include "rate_scale.h"
#include "scenario_dock.h"
#include "state_palette.h"
#include "window_fixture.h"

namespace {

using engine::PortState;

QString css(std::string_view colour) {
    return QString::fromLatin1(colour.data(), static_cast<qsizetype>(colour.size()));
}

TEST(HudStyle, TheStylesheetIsCompiledInWithEveryPlaceholderFilled) {
    const QString qss = ui::hudStyleSheet();
    ASSERT_FALSE(qss.isEmpty()) << ":/ui/hud.qss is missing from the build";
    EXPECT_FALSE(qss.contains(QLatin1Char('@'))) << "a placeholder the palette does not fill";
    EXPECT_TRUE(qss.contains(QLatin1String("DejaVu Sans")));
}

TEST(HudStyle, EachStateHasTheReportsColourOnTheButtons) {
    const QString qss = ui::hudStyleSheet();
    for (const PortState state :
         {PortState::Active, PortState::Inactive, PortState::Disconnected}) {
        const QString colour = css(charts::stateStyle(state).css);
        EXPECT_TRUE(qss.contains(QStringLiteral("QPushButton[role=\"%1\"] {\n    color: %2;")
                                     .arg(ui::stateKey(state), colour)))
            << ui::stateKey(state).toStdString();
        EXPECT_EQ(ui::stateColour(state), QColor(colour));
    }
}

// The window's background is painted once, by the window from its palette: the panels of that
// colour paint none of their own (each would be one more fill of its area whenever the window is
// drawn whole), and the theme's colour shows through them.
TEST(HudStyle, TheWindowPaintsTheBackgroundOnceAndItShowsThroughThePanels) {
    auto window = uitest::openWindow();
    const QColor background = charts::hudColour(charts::hud::kBackground);
    EXPECT_EQ(window->palette().color(QPalette::Window), background);
    EXPECT_FALSE(window->testAttribute(Qt::WA_StyledBackground));
    auto* controls = window->findChild<QWidget*>(QStringLiteral("controlPanel"));
    ASSERT_NE(controls, nullptr);
    QWidget* controls_viewport = controls->parentWidget();
    ui::LiveTimelineChart& timeline = window->timeline();
    const std::pair<const char*, QWidget*> panels[] = {
        {"control panel", controls},
        {"its scroll area's viewport", controls_viewport},
        {"timeline", &timeline},
        {"timeline's viewport", timeline.viewport()},
        {"request log dock", window->requestLogDock().widget()},
        {"scenario dock", window->scenarioDock().widget()},
    };
    for (const auto& [name, panel] : panels) {
        SCOPED_TRACE(name);
        EXPECT_FALSE(panel->autoFillBackground());
        EXPECT_FALSE(panel->testAttribute(Qt::WA_StyledBackground));
    }
    const QImage shown = window->grab().toImage();
    const auto colourAt = [&](const QWidget& widget, QPoint point) {
        return shown.pixelColor(widget.mapTo(window.get(), point));
    };
    EXPECT_EQ(colourAt(timeline, {2, 2}), background);  // the chart's margin
    // A panel's kept picture: its margin, outside the chart's own background, too.
    EXPECT_EQ(colourAt(window->distributions().histogramView(), {2, 2}), background);
    EXPECT_EQ(colourAt(*controls, {2, controls->height() - 3}), background);  // below the groups
}

TEST(HudStyle, FillPaletteWritesHexAndRgbForms) {
    const QString filled =
        ui::fillPalette(QStringLiteral("a: @ACTIVE@; b: rgba(@VIOLATION_RGB@, 9)"));
    EXPECT_EQ(filled, QStringLiteral("a: #39ff14; b: rgba(255, 59, 92, 9)"));
}

TEST(HudStyle, AStateCaptionCarriesGlyphAndLabelNotJustColour) {
    EXPECT_EQ(ui::stateCaption(PortState::Active), QStringLiteral("■ ACTIVE"));
    EXPECT_EQ(ui::stateCaption(PortState::Inactive), QStringLiteral("▨ INACTIVE"));
    EXPECT_EQ(ui::stateCaption(PortState::Disconnected), QStringLiteral("▩ DISCONNECTED"));
}

TEST(HudStyle, NumeralsAreMonospacedDejaVu) {
    const QFont font = ui::numeralFont(30);
    EXPECT_EQ(font.family(), QStringLiteral("DejaVu Sans Mono"));
    EXPECT_EQ(font.pixelSize(), 30);
    EXPECT_TRUE(QFontInfo(font).fixedPitch());
}

// The fonts travel in the binary: Qt registers them from the resources, not from the system.
TEST(HudStyle, TheFontsAreCompiledInAndRegistered) {
    for (const char* file : {":/fonts/DejaVuSans.ttf", ":/fonts/DejaVuSansMono-Bold.ttf"}) {
        EXPECT_TRUE(QFile::exists(QString::fromLatin1(file))) << file;
    }
    const QStringList families = ui::loadHudFonts();
    EXPECT_TRUE(families.contains(QStringLiteral("DejaVu Sans")))
        << families.join(',').toStdString();
    EXPECT_TRUE(families.contains(QStringLiteral("DejaVu Sans Mono")))
        << families.join(',').toStdString();
}

TEST(RateScale, SpansOneHertzToOneHundredKilohertzLogarithmically) {
    EXPECT_DOUBLE_EQ(ui::rate_scale::hertzAt(ui::rate_scale::kMinimum), 1.0);
    EXPECT_DOUBLE_EQ(ui::rate_scale::hertzAt(ui::rate_scale::kMaximum), 100'000.0);
    EXPECT_NEAR(ui::rate_scale::hertzAt(300), 1000.0, 1e-9);
    EXPECT_EQ(ui::rate_scale::positionOf(1000), 300);
    EXPECT_EQ(ui::rate_scale::positionOf(0.01), ui::rate_scale::kMinimum);
    EXPECT_EQ(ui::rate_scale::positionOf(1e9), ui::rate_scale::kMaximum);
    // One step of the slider is the same ratio anywhere on it.
    EXPECT_NEAR(ui::rate_scale::hertzAt(110) / ui::rate_scale::hertzAt(100),
                ui::rate_scale::hertzAt(410) / ui::rate_scale::hertzAt(400), 1e-9);
}

TEST(RateScale, ShowsThreeSignificantFigures) {
    EXPECT_EQ(ui::rate_scale::rateText(1), QStringLiteral("1.00 Hz"));
    EXPECT_EQ(ui::rate_scale::rateText(251.19), QStringLiteral("251 Hz"));
    EXPECT_EQ(ui::rate_scale::rateText(1000), QStringLiteral("1.00 kHz"));
    EXPECT_EQ(ui::rate_scale::rateText(31'623), QStringLiteral("31.6 kHz"));
    EXPECT_EQ(ui::rate_scale::rateText(100'000), QStringLiteral("100 kHz"));
}

}  // namespace
