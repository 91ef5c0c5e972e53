#include "frame_counter.h"

#include <QEvent>
#include <QWidget>

namespace ui {
namespace {

constexpr qint64 kWindowMs = 1000;

}  // namespace

FrameCounter::FrameCounter(QWidget& painted, QObject* parent) : QObject(parent) {
    clock_.start();
    painted.installEventFilter(this);
}

bool FrameCounter::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() == QEvent::Paint) {
        ++frames_;
        recent_.push_back(clock_.elapsed());
    }
    return QObject::eventFilter(watched, event);
}

double FrameCounter::framesPerSecond() const {
    const qint64 now = clock_.elapsed();
    while (!recent_.empty() && recent_.front() <= now - kWindowMs) {
        recent_.pop_front();
    }
    return static_cast<double>(recent_.size()) * 1000.0 /
           static_cast<double>(std::min(kWindowMs, std::max<qint64>(now, 1)));
}

}  // namespace ui
