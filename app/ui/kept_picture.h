// A widget's picture kept between paints: drawn again only when invalidated or when the widget's
// size in device pixels changed. The HUD tiles keep their frames this way, the distribution
// panels their whole charts.
#pragma once

#include <QColor>
#include <QPainter>
#include <QPixmap>
#include <QWidget>
#include <cstdint>

namespace ui {

class KeptPicture {
public:
    void invalidate() { stale_ = true; }
    // How often the picture has been drawn (the other paints reused it).
    std::uint64_t draws() const { return draws_; }

    // The picture of `widget`'s size, on `background`; `draw(QPainter&)` paints it when needed.
    template <typename Draw>
    const QPixmap& of(const QWidget& widget, const QColor& background, Draw draw) {
        const qreal ratio = widget.devicePixelRatioF();
        const QSize pixels = widget.size() * ratio;
        if (stale_ || picture_.size() != pixels) {
            picture_ = QPixmap(pixels);
            picture_.setDevicePixelRatio(ratio);
            picture_.fill(background);
            QPainter painter(&picture_);
            draw(painter);
            stale_ = false;
            ++draws_;
        }
        return picture_;
    }

private:
    QPixmap picture_;
    bool stale_ = true;
    std::uint64_t draws_ = 0;
};

}  // namespace ui
