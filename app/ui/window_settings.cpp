#include "window_settings.h"

#include <QMainWindow>
#include <QSettings>
#include <QStandardPaths>

namespace ui {

QString WindowSettings::defaultFile() {
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) +
           QStringLiteral("/isrbench/window.ini");
}

WindowSettings::WindowSettings(QString file) : file_(std::move(file)) {}

RememberedSettings WindowSettings::load() const {
    RememberedSettings values;
    if (!enabled()) {
        return values;
    }
    const QSettings settings(file_, QSettings::IniFormat);
    values.geometry = settings.value(QStringLiteral("window/geometry")).toByteArray();
    values.dock_state = settings.value(QStringLiteral("window/state")).toByteArray();
    values.rate_hz = settings.value(QStringLiteral("stimulus/rate_hz"), 1000.0).toDouble();
    values.fixture.bus = settings.value(QStringLiteral("fixture/bus"), QStringLiteral("ideal"))
                             .toString()
                             .toStdString();
    values.fixture.faults =
        settings.value(QStringLiteral("fixture/faults")).toString().toStdString();
    values.opengl = settings.value(QStringLiteral("charts/opengl"), false).toBool();
    return values;
}

void WindowSettings::save(const QMainWindow& window, const RememberedSettings& values) const {
    if (!enabled()) {
        return;
    }
    QSettings settings(file_, QSettings::IniFormat);
    settings.setValue(QStringLiteral("window/geometry"), window.saveGeometry());
    settings.setValue(QStringLiteral("window/state"), window.saveState(kLayoutVersion));
    settings.setValue(QStringLiteral("stimulus/rate_hz"), values.rate_hz);
    settings.setValue(QStringLiteral("fixture/bus"), QString::fromStdString(values.fixture.bus));
    settings.setValue(QStringLiteral("fixture/faults"),
                      QString::fromStdString(values.fixture.faults));
    settings.setValue(QStringLiteral("charts/opengl"), values.opengl);
    settings.sync();
}

}  // namespace ui
