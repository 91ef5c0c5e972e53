#include "hud_tile.h"

#include <QLocale>
#include <QPainter>

#include "hud_style.h"
#include "state_palette.h"

namespace ui {
namespace {

constexpr int kPadding = 10;
constexpr int kCaptionPixels = 12;
constexpr int kValuePixels = 30;
constexpr int kSmallestValuePixels = 14;
constexpr int kDetailPixels = 12;
constexpr qreal kRadius = 6;

// Where the caption, the value and the detail go.
QRect innerRect(const QRect& tile) {
    return tile.adjusted(kPadding, kPadding - 2, -kPadding, -kPadding + 2);
}

QStaticText laidOut(const QString& text, const QFont& font) {
    QStaticText laid_out(text);
    laid_out.setTextFormat(Qt::PlainText);
    laid_out.prepare(QTransform(), font);
    return laid_out;
}

}  // namespace

QString groupedNumber(std::uint64_t value) {
    return QLocale(QLocale::English).toString(static_cast<qulonglong>(value));
}

HudTile::HudTile(const QString& caption, QWidget* parent)
    : QFrame(parent),
      caption_(caption),
      value_(QStringLiteral("—")),
      value_colour_(themeColour(charts::hud::kText)) {
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
}

void HudTile::setValue(const QString& value) {
    if (value != value_) {
        value_ = value;
        value_text_.width = -1;
        update();
    }
}

void HudTile::setDetail(const QString& detail) {
    if (detail != detail_) {
        detail_ = detail;
        detail_text_.width = -1;
        update();
    }
}

void HudTile::setValueColour(const QColor& colour) {
    if (colour != value_colour_) {
        value_colour_ = colour;
        update();
    }
}

void HudTile::setTone(const QString& tone) {
    if (tone != tone_) {
        tone_ = tone;
        backdrop_.invalidate();
        update();
    }
}

void paintTileFrame(QPainter& painter, const QRectF& rect, const QString& tone) {
    const bool alert = tone == QLatin1String("alert");
    const bool warn = tone == QLatin1String("warn");
    QColor edge = themeColour(alert  ? charts::hud::kViolation
                              : warn ? charts::hud::kHighlight
                                     : charts::hud::kGrid);
    QColor wash = edge;
    wash.setAlpha(alert ? 55 : 30);
    const qreal width = alert || warn ? 2 : 1;
    const QRectF box = rect.adjusted(width / 2, width / 2, -width / 2, -width / 2);
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(edge, width));
    painter.setBrush(themeColour(charts::hud::kPanel));
    painter.drawRoundedRect(box, kRadius, kRadius);
    if (alert || warn) {
        painter.setPen(Qt::NoPen);
        painter.setBrush(wash);
        painter.drawRoundedRect(box, kRadius, kRadius);
    }
    painter.restore();
}

QSize HudTile::sizeHint() const {
    return {170, 92};
}

QSize HudTile::minimumSizeHint() const {
    return {84, 92};  // the value shrinks to fit (fittedValueFont)
}

void HudTile::paintBackdrop(QPainter& painter) const {
    paintTileFrame(painter, rect(), tone_);
    painter.setRenderHint(QPainter::TextAntialiasing);
    painter.setFont(textFont(kCaptionPixels, QFont::Bold));
    painter.setPen(themeColour(charts::hud::kMutedText));
    painter.drawText(innerRect(rect()), Qt::AlignLeft | Qt::AlignTop, caption_.toUpper());
}

const HudTile::LaidOutText& HudTile::valueFor(int width) {
    if (value_text_.width != width) {
        value_text_.font =
            fittedToWidth(numeralFont(kValuePixels), value_, width, kSmallestValuePixels);
        value_text_.text = laidOut(value_, value_text_.font);
        value_text_.width = width;
        ++text_layouts_;
    }
    return value_text_;
}

const HudTile::LaidOutText& HudTile::detailFor(int width) {
    if (detail_text_.width != width) {
        detail_text_.font = textFont(kDetailPixels);
        const QString shown =
            QFontMetrics(detail_text_.font).elidedText(detail_, Qt::ElideRight, width);
        detail_text_.text = laidOut(shown, detail_text_.font);
        detail_text_.width = width;
        ++text_layouts_;
    }
    return detail_text_;
}

void HudTile::paintEvent(QPaintEvent* /*event*/) {
    QPainter painter(this);
    // Transparent: the rounded corners show what lies under the tile.
    painter.drawPixmap(0, 0, backdrop_.of(*this, Qt::transparent, [this](QPainter& backdrop) {
        paintBackdrop(backdrop);
    }));
    painter.setRenderHint(QPainter::TextAntialiasing);
    const QRect inner = innerRect(rect());

    // Where drawText(inner, AlignLeft | AlignVCenter) and (AlignLeft | AlignBottom) put them.
    const LaidOutText& value = valueFor(inner.width());
    painter.setFont(value.font);
    painter.setPen(value_colour_);
    const QPointF value_at(inner.left(),
                           inner.top() + (inner.height() - value.text.size().height()) / 2);
    // Too wide even at the smallest size: cut at the padding, as drawText(rect) does.
    const bool cut = !QRectF(inner).contains(QRectF(value_at, value.text.size()));
    painter.save();
    if (cut) {
        painter.setClipRect(inner);
    }
    painter.drawStaticText(value_at, value.text);
    painter.restore();

    const LaidOutText& detail = detailFor(inner.width());
    painter.setFont(detail.font);
    painter.setPen(themeColour(charts::hud::kMutedText));
    const qreal detail_top = inner.top() + inner.height() - detail.text.size().height();
    painter.drawStaticText(QPointF(inner.left(), detail_top), detail.text);
    paintOverlay(painter);
}

void HudTile::paintOverlay(QPainter& /*painter*/) {}

}  // namespace ui
