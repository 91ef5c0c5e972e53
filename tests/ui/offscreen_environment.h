// What a window test process sets before its QApplication: the offscreen platform (no display
// needed, as in CI), Qt's runtime-directory fallback named so that it does not warn, and a run
// history of this process's own (never the technician's), created only if a test writes it.
#pragma once

#include <unistd.h>

#include <QByteArray>
#include <QDir>
#include <QString>

namespace uitest {

inline void prepareOffscreenEnvironment(const QString& suite) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    if (qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR")) {
        qputenv("XDG_RUNTIME_DIR", "/tmp/runtime-" + QByteArray::number(getuid()));
    }
    qputenv("ISRBENCH_HISTORY",
            QDir::temp()
                .filePath(QStringLiteral("%1-%2/history.sqlite").arg(suite).arg(getpid()))
                .toLocal8Bit());
}

}  // namespace uitest
