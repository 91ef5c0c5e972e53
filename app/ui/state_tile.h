// The ISR's life-cycle state, told three ways at once: the state's label, its glyph and fill
// pattern (solid, hatched, cross-hatched: legible in greyscale and for colour-blind users) and its
// colour. A change of state animates (QPropertyAnimation): the accent colour slides to the new
// state's and a glow pulses out, so that a transition is noticed from across the room. Between
// changes the tile is a kept picture: its rounded, antialiased frame, pattern and text took
// 0.45 ms to draw, each time the window was drawn whole.
#pragma once

#include <QColor>
#include <QFrame>
#include <QParallelAnimationGroup>
#include <QPropertyAnimation>
#include <cstdint>

#include "kept_picture.h"
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

    // How often the tile has been drawn (the other paints used the kept picture).
    std::uint64_t picturePaints() const { return picture_.draws(); }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    void paintTile(QPainter& painter) const;
    void paintSwatch(QPainter& painter, const QRect& box) const;
    void changed();  // the picture is drawn again at the next paint

    engine::PortState state_ = engine::PortState::Disconnected;
    QColor accent_;
    qreal pulse_ = 0;
    QPropertyAnimation* colour_animation_;
    QPropertyAnimation* pulse_animation_;
    QParallelAnimationGroup animations_;
    KeptPicture picture_;
};

}  // namespace ui
