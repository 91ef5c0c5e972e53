// Starting the window from the command line: whether a display is there at all, the offscreen
// platform for screenshots on a machine without one, and `isrbench` with no argument.
#pragma once

#include <iosfwd>
#include <string>

namespace ui {

// A display server to show a window on: DISPLAY or WAYLAND_DISPLAY is set, or QT_QPA_PLATFORM
// names a platform explicitly (the caller knows where the window goes).
bool haveDisplay();

// For --screenshot: the offscreen platform when no display is there (CI, ssh), so that the
// window is drawn into memory. Call before the QApplication is made.
void preferOffscreenWithoutDisplay();

// The offscreen platform warns "does not support propagateSizeHints()" each time a window's size
// limits change: meaningless there, and it would bury real messages. Drops that one message.
void quietOffscreenPlatform();

// Opens the window on the virtual fixture, remembering its settings, and runs the event loop.
// Needs a QApplication. `metrics_listen` (HOST:PORT, see WindowOptions::metrics_listen) serves
// the session's Prometheus metrics; an address that cannot be used is said on `err` and returns
// 3 (bad input) before any window opens.
int runWindow(std::ostream& err, const std::string& metrics_listen = {});

}  // namespace ui
