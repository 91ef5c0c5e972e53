#include "state_tile.h"

#include <QPainter>
#include <QPainterPath>

#include "hud_style.h"
#include "hud_tile.h"
#include "state_palette.h"

namespace ui {
namespace {

constexpr int kColourMs = 350;
constexpr int kPulseMs = 700;
constexpr int kPadding = 10;
constexpr int kCaptionPixels = 30;  // the largest that fits: DISCONNECTED is long
constexpr int kSmallestCaptionPixels = 14;

QString stateDetail(engine::PortState state) {
    switch (state) {
        case engine::PortState::Active:
            return QStringLiteral("connected, reported active: interrupts serviced");
        case engine::PortState::Inactive:
            return QStringLiteral("connected, reported inactive: interrupts suppressed");
        case engine::PortState::Disconnected:
            return QStringLiteral("no ISR connected: interrupts unclaimed");
    }
    return {};
}

}  // namespace

StateTile::StateTile(QWidget* parent)
    : QFrame(parent),
      accent_(stateColour(engine::PortState::Disconnected)),
      colour_animation_(new QPropertyAnimation(this, "accent")),
      pulse_animation_(new QPropertyAnimation(this, "pulse")) {
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    colour_animation_->setDuration(kColourMs);
    colour_animation_->setEasingCurve(QEasingCurve::OutCubic);
    pulse_animation_->setDuration(kPulseMs);
    pulse_animation_->setStartValue(1.0);
    pulse_animation_->setEndValue(0.0);
    pulse_animation_->setEasingCurve(QEasingCurve::OutQuad);
    animations_.addAnimation(colour_animation_);  // the group owns them
    animations_.addAnimation(pulse_animation_);
    setToolTip(caption() + QStringLiteral(" — ") + stateDetail(state_));
}

void StateTile::showState(engine::PortState state) {
    if (state == state_) {
        return;
    }
    state_ = state;
    setToolTip(caption() + QStringLiteral(" — ") + stateDetail(state));
    animations_.stop();
    colour_animation_->setStartValue(accent_);
    colour_animation_->setEndValue(stateColour(state));
    animations_.start();
    changed();
}

QString StateTile::caption() const {
    return stateCaption(state_);
}

bool StateTile::animating() const {
    return animations_.state() == QAbstractAnimation::Running;
}

void StateTile::setAccent(const QColor& accent) {
    accent_ = accent;
    changed();
}

void StateTile::setPulse(qreal pulse) {
    pulse_ = pulse;
    changed();
}

void StateTile::changed() {
    picture_.invalidate();
    update();
}

QSize StateTile::sizeHint() const {
    return {340, 92};
}

QSize StateTile::minimumSizeHint() const {
    return {190, 92};
}

// The state's own band pattern in a square: the shape cue that does not need colour.
void StateTile::paintSwatch(QPainter& painter, const QRect& box) const {
    const charts::StateStyle& style = charts::stateStyle(state_);
    painter.fillRect(box, themeColour(charts::hud::kPlotArea));
    painter.fillRect(box, QBrush(accent_, style.pattern));
    painter.setPen(QPen(accent_, 2));
    painter.drawRect(box.adjusted(1, 1, -1, -1));
}

void StateTile::paintEvent(QPaintEvent* /*event*/) {
    QPainter painter(this);
    // Transparent: the rounded corners show what lies under the tile.
    painter.drawPixmap(0, 0, picture_.of(*this, Qt::transparent, [this](QPainter& picture) {
        paintTile(picture);
    }));
}

void StateTile::paintTile(QPainter& painter) const {
    paintTileFrame(painter, rect(), QString());
    painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    // The glow: a wide translucent border that fades after a transition.
    if (pulse_ > 0) {
        QColor glow = accent_;
        glow.setAlphaF(0.65 * pulse_);
        painter.setPen(QPen(glow, 2 + 6 * pulse_));
        painter.drawRoundedRect(QRectF(rect()).adjusted(3, 3, -3, -3), 6, 6);
    }
    painter.setPen(QPen(accent_, 2));
    painter.setBrush(Qt::NoBrush);
    painter.drawRoundedRect(QRectF(rect()).adjusted(1, 1, -1, -1), 6, 6);

    const QRect inner = rect().adjusted(kPadding, kPadding - 2, -kPadding, -kPadding + 2);
    const int side = inner.height() - 22;
    paintSwatch(painter, QRect(inner.left(), inner.top() + 18, side, side));
    const QRect text = inner.adjusted(side + 12, 0, 0, 0);
    painter.setFont(textFont(12, QFont::Bold));
    painter.setPen(themeColour(charts::hud::kMutedText));
    painter.drawText(text, Qt::AlignLeft | Qt::AlignTop, QStringLiteral("ISR STATE"));
    painter.setFont(fittedToWidth(textFont(kCaptionPixels, QFont::Black), caption(), text.width(),
                                  kSmallestCaptionPixels));
    painter.setPen(accent_);
    painter.drawText(text, Qt::AlignLeft | Qt::AlignVCenter, caption());
    painter.setFont(textFont(12));
    painter.setPen(themeColour(charts::hud::kMutedText));
    painter.drawText(
        text, Qt::AlignLeft | Qt::AlignBottom,
        QFontMetrics(painter.font()).elidedText(stateDetail(state_), Qt::ElideRight, text.width()));
}

}  // namespace ui
