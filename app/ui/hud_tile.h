// A HUD tile: a small caption, one large value in monospaced numerals, a line of detail. Painted
// by hand, frame included, with a fixed size hint: a value changing 60 times a second costs a
// repaint of the tile, never a relayout of the window (a QLabel's new text would ask for one),
// and no pass through the stylesheet engine (its rounded borders cost more than the content).
// The frame and the caption are kept as a picture: they change only with the tone or the size.
// The value and the detail are kept laid out (QStaticText): they are shaped again only when they
// or the tile's width change, so a tile painted again with the same text shapes none.
#pragma once

#include <QColor>
#include <QFont>
#include <QFrame>
#include <QStaticText>
#include <QString>
#include <cstdint>

#include "kept_picture.h"

class QPainter;

namespace ui {

class HudTile : public QFrame {
    Q_OBJECT

public:
    explicit HudTile(const QString& caption, QWidget* parent = nullptr);

    void setValue(const QString& value);
    void setDetail(const QString& detail);
    void setValueColour(const QColor& colour);
    // "" (calm), "alert" (red frame and wash: a violation, an unplugged fixture), "warn" (amber).
    void setTone(const QString& tone);

    const QString& caption() const { return caption_; }
    const QString& value() const { return value_; }
    const QString& detail() const { return detail_; }
    QColor valueColour() const { return value_colour_; }
    const QString& tone() const { return tone_; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

    // How often the frame and caption have been drawn (the other paints used the kept picture).
    std::uint64_t backdropPaints() const { return backdrop_.draws(); }
    // How often the value or the detail has been laid out (shaped) again.
    std::uint64_t textLayouts() const { return text_layouts_; }

protected:
    void paintEvent(QPaintEvent* event) override;
    // Drawn over the tile's text, inside its frame (an alarm's flash).
    virtual void paintOverlay(QPainter& painter);

private:
    // Text laid out for a width in a font: made again when the text or the width changes.
    struct LaidOutText {
        QStaticText text;
        QFont font;
        int width = -1;  // -1: not laid out for the current text
    };

    void paintBackdrop(QPainter& painter) const;
    const LaidOutText& valueFor(int width);
    const LaidOutText& detailFor(int width);

    QString caption_;
    QString value_;
    QString detail_;
    QColor value_colour_;
    QString tone_;
    // The frame in its tone and the caption, drawn again only when the tone or the size changed.
    KeptPicture backdrop_;
    LaidOutText value_text_;   // in the numeral font, shrunk to fit the width
    LaidOutText detail_text_;  // elided to the width
    std::uint64_t text_layouts_ = 0;
};

// The tile frame in a tone: shared with the state tile.
void paintTileFrame(QPainter& painter, const QRectF& rect, const QString& tone);

// Whole numbers with thousands separators: "1,000,000".
QString groupedNumber(std::uint64_t value);

}  // namespace ui
