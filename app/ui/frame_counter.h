// Counts the frames a widget really paints (its paint events, not timer ticks), and the rate over
// the last second: the on-screen frame-rate counter, and the tests' proof that the window keeps
// repainting.
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <deque>

class QWidget;

namespace ui {

class FrameCounter : public QObject {
    Q_OBJECT

public:
    // Watches `painted` (a chart's viewport: it is repainted every frame).
    explicit FrameCounter(QWidget& painted, QObject* parent = nullptr);

    std::uint64_t frames() const { return frames_; }
    double framesPerSecond() const;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QElapsedTimer clock_;
    std::uint64_t frames_ = 0;
    mutable std::deque<qint64> recent_;  // paint times (ms) within the last second
};

}  // namespace ui
