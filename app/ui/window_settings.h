// What the window remembers between runs (QSettings, an INI file): geometry and dock layout, the
// stimulus rate, the virtual fixture's bus model and fault plan, and the OpenGL choice. A window
// made for a screenshot or a test remembers nothing unless given a file.
#pragma once

#include <QByteArray>
#include <QString>

#include "session_controller.h"

class QMainWindow;

namespace ui {

struct RememberedSettings {
    QByteArray geometry;
    QByteArray dock_state;
    double rate_hz = 1000;
    FixtureChoice fixture;
    bool opengl = false;
};

class WindowSettings {
public:
    // Bump when the dock layout changes incompatibly: restoreState then ignores an old layout.
    static constexpr int kLayoutVersion = 1;

    // The default file: $XDG_CONFIG_HOME/isrbench/window.ini (QSettings' user scope).
    static QString defaultFile();

    explicit WindowSettings(QString file);  // empty: nothing is read or written

    bool enabled() const { return !file_.isEmpty(); }
    RememberedSettings load() const;
    void save(const QMainWindow& window, const RememberedSettings& values) const;

private:
    QString file_;
};

}  // namespace ui
