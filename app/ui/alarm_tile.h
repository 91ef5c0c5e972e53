// The violation counter. A violation is always a driver bug: the first one turns the tile red,
// every further one flashes it, and it stays red, whatever later snapshots say, until the
// technician clears the alarm (a new session starts its counts at zero; the alarm outlives it).
#pragma once

#include <QPropertyAnimation>
#include <QTime>
#include <cstdint>

#include "hud_tile.h"

namespace ui {

class AlarmTile : public HudTile {
    Q_OBJECT
    Q_PROPERTY(qreal flash READ flash WRITE setFlash)

public:
    explicit AlarmTile(const QString& caption, QWidget* parent = nullptr);

    // The count now; a rise latches the alarm and flashes the tile.
    void showCount(std::uint64_t count);
    void clearAlarm();
    bool alarmed() const { return alarmed_; }
    bool flashing() const;

    qreal flash() const { return flash_; }
    void setFlash(qreal flash);

protected:
    void paintOverlay(QPainter& painter) override;

private:
    void describe(std::uint64_t count);

    QPropertyAnimation animation_;
    qreal flash_ = 0;
    bool alarmed_ = false;
    std::uint64_t last_count_ = 0;
    std::uint64_t highest_ = 0;
    QTime since_;
};

}  // namespace ui
