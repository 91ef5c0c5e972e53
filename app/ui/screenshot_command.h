// `isrbench --screenshot FILE --after SECONDS [--scenario FILE]`: opens the window (on the
// offscreen platform when there is no display), plays the scenario (the built-in default when none
// is given), saves the window as a PNG after the delay and exits: for documentation, bug reports
// and tests. Exit status: 0 saved, 1 the PNG could not be written, 3 bad arguments or scenario.
#pragma once

#include <QString>
#include <iosfwd>
#include <string>

namespace ui {

struct ScreenshotRequest {
    static constexpr double kLongestWaitS = 3600;
    QString file;
    double after_s = 0;
    QString scenario;  // empty: the built-in default
};

// Needs a QApplication; runs the event loop until the PNG is saved.
int runScreenshot(const ScreenshotRequest& request, std::ostream& out, std::ostream& err);

}  // namespace ui
