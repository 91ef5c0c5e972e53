#include "scenario_bar.h"

#include <QPainter>
#include <cmath>

#include "hud_style.h"
#include "scenario_player.h"
#include "state_palette.h"

namespace ui {
namespace {

constexpr int kHeight = 34;
constexpr int kStatusWidth = 380;
constexpr double kLagShownMs = 50;

int xAt(const QRect& track, double ms, double duration_ms) {
    return track.left() + static_cast<int>(track.width() * std::clamp(ms / duration_ms, 0.0, 1.0));
}

}  // namespace

ScenarioBar::ScenarioBar(const ScenarioPlayer& player, QWidget* parent)
    : QWidget(parent), player_(player) {
    setObjectName(QStringLiteral("scenarioBar"));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

QSize ScenarioBar::sizeHint() const {
    return {800, kHeight};
}

QSize ScenarioBar::minimumSizeHint() const {
    return {300, kHeight};
}

QString ScenarioBar::statusText() const {
    if (!player_.hasScenario()) {
        return {};
    }
    const engine::Scenario& scenario = player_.scenario();
    const QString mark = player_.playing()     ? QStringLiteral("▶")
                         : player_.completed() ? QStringLiteral("✔")
                                               : QStringLiteral("■");
    QString text =
        QStringLiteral("%1 %2 · %3 / %4 s · step %5 of %6")
            .arg(mark, QString::fromStdString(scenario.name),
                 QString::number(player_.elapsedMs() / 1000, 'f', 1),
                 QString::number(static_cast<double>(scenario.duration_ms) / 1000, 'f', 1))
            .arg(player_.stepResults().size())
            .arg(scenario.timeline.size());
    // Said, not hidden: the window was busy and the steps moved back with it.
    if (player_.lagMs() >= kLagShownMs) {
        text += QStringLiteral(" · steps %1 ms late").arg(std::lround(player_.lagMs()));
    }
    return text;
}

void ScenarioBar::paintEvent(QPaintEvent* /*event*/) {
    QPainter painter(this);
    painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    painter.fillRect(rect(), themeColour(charts::hud::kPanel));
    if (!player_.hasScenario()) {
        return;
    }
    const QRect track = rect().adjusted(6, 5, -kStatusWidth, -5);
    paintPhases(painter, track);
    paintPlayhead(painter, track);
    painter.setFont(textFont(13, QFont::Bold));
    painter.setPen(themeColour(charts::hud::kText));
    painter.drawText(rect().adjusted(track.right() + 12, 0, -8, 0),
                     Qt::AlignVCenter | Qt::AlignLeft, statusText());
}

void ScenarioBar::paintPhases(QPainter& painter, const QRect& track) const {
    const auto duration = static_cast<double>(player_.scenario().duration_ms);
    painter.setFont(textFont(11, QFont::Bold));
    for (const engine::Phase& phase : player_.phases()) {
        const QRect block(
            QPoint(xAt(track, static_cast<double>(phase.start_ms), duration), track.top()),
            QPoint(xAt(track, static_cast<double>(phase.end_ms), duration) - 1, track.bottom()));
        painter.fillRect(block, themeColour(charts::hud::kPlotArea));
        painter.fillRect(block, charts::stateBandBrush(phase.state));
        painter.setPen(QPen(stateColour(phase.state), 1));
        painter.drawRect(block.adjusted(0, 0, -1, -1));
        const QString name =
            QFontMetrics(painter.font())
                .elidedText(QString::fromStdString(phase.name), Qt::ElideRight, block.width() - 8);
        const QRect label = painter.fontMetrics().boundingRect(name).adjusted(-3, 0, 3, 0);
        if (!name.isEmpty() && name != QStringLiteral("…")) {
            const QRect at(block.left() + 4, block.center().y() - label.height() / 2, label.width(),
                           label.height());
            painter.fillRect(at, themeColour(charts::hud::kBackground));
            painter.setPen(stateColour(phase.state));
            painter.drawText(at, Qt::AlignCenter, name);
        }
    }
}

void ScenarioBar::paintPlayhead(QPainter& painter, const QRect& track) const {
    const auto duration = static_cast<double>(player_.scenario().duration_ms);
    const int x = xAt(track, player_.elapsedMs(), duration);
    painter.fillRect(QRect(QPoint(track.left(), track.bottom() - 2), QPoint(x, track.bottom())),
                     themeColour(charts::hud::kHighlight));
    painter.setPen(QPen(themeColour(charts::hud::kHighlight), 3));
    painter.drawLine(x, track.top() - 3, x, track.bottom() + 3);
}

}  // namespace ui
