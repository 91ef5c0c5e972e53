// A small transient message over the window (the fixture was unplugged, came back, the session
// was replaced): shown at the top centre, fades out by itself, never takes the focus or a click.
#pragma once

#include <QFrame>
#include <QGraphicsOpacityEffect>
#include <QLabel>
#include <QPropertyAnimation>
#include <QTimer>

namespace ui {

class Toast : public QFrame {
    Q_OBJECT

public:
    static constexpr int kShownMs = 3000;

    // Floats over `host` (the window's central area).
    explicit Toast(QWidget& host);

    // tone: "" (information), "alert" (red), "ok" (green).
    void showMessage(const QString& text, const QString& tone = {});
    QString text() const { return label_->text(); }
    bool showing() const { return isVisible(); }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void place();

    QWidget& host_;
    QLabel* label_;
    QGraphicsOpacityEffect* opacity_;
    QPropertyAnimation fade_;
    QTimer hold_;
};

}  // namespace ui
