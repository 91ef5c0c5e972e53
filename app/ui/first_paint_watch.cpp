#include "first_paint_watch.h"

#include <unistd.h>

#include <QEvent>
#include <QWidget>
#include <ctime>
#include <fstream>
#include <sstream>
#include <string>

namespace ui {
namespace {

// The process's start in clock ticks since boot: field 22 of /proc/self/stat, counted after the
// command name's closing parenthesis (the name itself may hold spaces).
std::optional<unsigned long long> startTicks() {
    std::ifstream stat("/proc/self/stat");
    std::string line;
    if (!std::getline(stat, line)) {
        return std::nullopt;
    }
    const std::size_t name_end = line.rfind(')');
    if (name_end == std::string::npos) {
        return std::nullopt;
    }
    std::istringstream fields(line.substr(name_end + 2));  // from field 3, the state
    std::string field;
    for (int index = 3; index < 22 && fields >> field; ++index) {
    }
    unsigned long long ticks = 0;
    if (!(fields >> ticks)) {
        return std::nullopt;
    }
    return ticks;
}

}  // namespace

std::optional<double> millisecondsSinceLaunch() {
    const std::optional<unsigned long long> start = startTicks();
    const long ticks_per_second = sysconf(_SC_CLK_TCK);
    timespec now{};
    if (!start || ticks_per_second <= 0 || clock_gettime(CLOCK_BOOTTIME, &now) != 0) {
        return std::nullopt;
    }
    const double now_ms =
        static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
    return now_ms - static_cast<double>(*start) * 1e3 / static_cast<double>(ticks_per_second);
}

FirstPaintWatch::FirstPaintWatch(QWidget& widget) : QObject(&widget) {
    widget.installEventFilter(this);
}

bool FirstPaintWatch::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() == QEvent::Paint && !launch_to_paint_ms_) {
        launch_to_paint_ms_ = millisecondsSinceLaunch();
        watched->removeEventFilter(this);
    }
    return false;
}

}  // namespace ui
