// The time from the process's launch to the window's first painted frame (issue 13: under 1 s).
// Launch is the kernel's start time of the process (/proc/self/stat, in clock ticks: 10 ms
// resolution), so loading the executable and its libraries counts, as a user waits for them.
#pragma once

#include <QObject>
#include <cstdint>
#include <optional>

class QWidget;

namespace ui {

class FirstPaintWatch final : public QObject {
public:
    // Watches `widget` (a window) for its first paint event.
    explicit FirstPaintWatch(QWidget& widget);

    // Milliseconds from the process's launch to the first paint, once there was one.
    std::optional<double> launchToFirstPaintMs() const { return launch_to_paint_ms_; }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    std::optional<double> launch_to_paint_ms_;
};

// Milliseconds since the process was started by the kernel; nullopt if /proc cannot say.
std::optional<double> millisecondsSinceLaunch();

}  // namespace ui
