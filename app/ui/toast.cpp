#include "toast.h"

#include <QEvent>
#include <QHBoxLayout>

#include "hud_style.h"

namespace ui {
namespace {

constexpr int kFadeMs = 600;
constexpr int kTopMargin = 14;

}  // namespace

Toast::Toast(QWidget& host)
    : QFrame(&host),
      host_(host),
      label_(new QLabel),
      opacity_(new QGraphicsOpacityEffect(this)),
      fade_(opacity_, "opacity") {
    setObjectName(QStringLiteral("toast"));
    setAttribute(Qt::WA_TransparentForMouseEvents);
    setFocusPolicy(Qt::NoFocus);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(18, 10, 18, 10);
    label_->setObjectName(QStringLiteral("toastText"));
    layout->addWidget(label_);
    setGraphicsEffect(opacity_);
    fade_.setDuration(kFadeMs);
    fade_.setStartValue(1.0);
    fade_.setEndValue(0.0);
    connect(&fade_, &QPropertyAnimation::finished, this, &QWidget::hide);
    hold_.setSingleShot(true);
    hold_.setInterval(kShownMs);
    connect(&hold_, &QTimer::timeout, &fade_, [this] { fade_.start(); });
    host_.installEventFilter(this);
    hide();
}

void Toast::showMessage(const QString& text, const QString& tone) {
    label_->setText(text);
    setStyleProperty(*this, "tone", tone);
    fade_.stop();
    opacity_->setOpacity(1.0);
    adjustSize();
    place();
    show();
    raise();
    hold_.start();
}

void Toast::place() {
    move((host_.width() - width()) / 2, kTopMargin);
}

bool Toast::eventFilter(QObject* watched, QEvent* event) {
    if (watched == &host_ && event->type() == QEvent::Resize && isVisible()) {
        place();
    }
    return QFrame::eventFilter(watched, event);
}

}  // namespace ui
