// The ISR's life-cycle state, told three ways at once: the state's label, its glyph and fill
// pattern (solid, hatched, cross-hatched: legible in greyscale and for colour-blind users) and its
// colour. A change of state animates (QPropertyAnimation): the accent colour slides to the new
// state's and a glow pulses out, so that a transition is noticed from across the room.
#pragma once

#include <QColor>
#include <QFrame>
#include <QParallelAnimationGroup>
#include <QPropertyAnimation>

#include "scenario.h"

namespace ui {

class StateTile : public QFrame {
    Q_OBJECT
    Q_PROPERTY(QColor accent READ accent WRITE setAccent)
    Q_PROPERTY(qreal pulse READ pulse WRITE setPulse)

public:
    explicit StateTile(QWidget* parent = nullptr);

    void showState(engine::PortState state);
    engine::PortState state() const { return state_; }
    QString caption() const;  // "■ ACTIVE"
    bool animating() const;

    QColor accent() const { return accent_; }
    void setAccent(const QColor& accent);
    qreal pulse() const { return pulse_; }
    void setPulse(qreal pulse);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    void paintSwatch(QPainter& painter, const QRect& box) const;

    engine::PortState state_ = engine::PortState::Disconnected;
    QColor accent_;
    qreal pulse_ = 0;
    QPropertyAnimation* colour_animation_;
    QPropertyAnimation* pulse_animation_;
    QParallelAnimationGroup animations_;
};

}  // namespace ui
