#include "alarm_tile.h"

#include <QPainter>
#include <QPainterPath>

#include "hud_style.h"
#include "state_palette.h"

namespace ui {
namespace {

constexpr int kFlashMs = 450;
constexpr int kFlashes = 4;

}  // namespace

AlarmTile::AlarmTile(const QString& caption, QWidget* parent)
    : HudTile(caption, parent), animation_(this, "flash") {
    animation_.setStartValue(1.0);
    animation_.setEndValue(0.0);
    animation_.setDuration(kFlashMs);
    animation_.setLoopCount(kFlashes);
    showCount(0);
}

void AlarmTile::showCount(std::uint64_t count) {
    if (count > last_count_) {
        if (!alarmed_) {
            since_ = QTime::currentTime();
        }
        alarmed_ = true;
        animation_.stop();
        animation_.start();
    }
    last_count_ = count;
    highest_ = std::max(highest_, count);
    describe(count);
}

void AlarmTile::describe(std::uint64_t count) {
    // A new session counts from zero; the alarm keeps showing what was seen before it.
    setValue(groupedNumber(alarmed_ && count == 0 ? highest_ : count));
    setTone(alarmed_ ? QStringLiteral("alert") : QString());
    setValueColour(themeColour(alarmed_ ? charts::hud::kViolation : charts::hud::kText));
    if (!alarmed_) {
        setDetail(QStringLiteral("contract held"));
    } else if (count == 0) {
        setDetail(QStringLiteral("%1 earlier · Ctrl+Shift+V").arg(groupedNumber(highest_)));
    } else {
        setDetail(QStringLiteral("BUG since %1").arg(since_.toString(u"HH:mm:ss")));
    }
}

void AlarmTile::clearAlarm() {
    animation_.stop();
    alarmed_ = false;
    highest_ = last_count_;
    setFlash(0);
    describe(last_count_);
}

bool AlarmTile::flashing() const {
    return animation_.state() == QAbstractAnimation::Running;
}

void AlarmTile::setFlash(qreal flash) {
    flash_ = flash;
    update();
}

void AlarmTile::paintOverlay(QPainter& painter) {
    if (flash_ <= 0) {
        return;
    }
    QColor red = themeColour(charts::hud::kViolation);
    red.setAlphaF(0.55 * flash_);
    painter.setRenderHint(QPainter::Antialiasing);
    QPainterPath shape;
    shape.addRoundedRect(QRectF(rect()).adjusted(1, 1, -1, -1), 6, 6);
    painter.fillPath(shape, red);
}

}  // namespace ui
