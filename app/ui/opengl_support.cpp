#include "opengl_support.h"

#include <QGuiApplication>
#include <QOffscreenSurface>
#include <QOpenGLContext>
#include <QOpenGLFunctions>

namespace ui {
namespace {

// Platforms that draw into memory only: no OpenGL window surface to draw series on.
bool memoryOnlyPlatform(const QString& platform) {
    return platform == QLatin1String("offscreen") || platform == QLatin1String("minimal") ||
           platform == QLatin1String("vnc") || platform == QLatin1String("linuxfb");
}

bool softwareRenderer(const QString& renderer) {
    for (const char* name : {"llvmpipe", "softpipe", "swrast", "Software"}) {
        if (renderer.contains(QLatin1String(name), Qt::CaseInsensitive)) {
            return true;
        }
    }
    return false;
}

}  // namespace

OpenGlSupport probeOpenGl() {
    const QString platform = QGuiApplication::platformName();
    if (memoryOnlyPlatform(platform)) {
        return {false, QStringLiteral("the %1 platform has no OpenGL surface").arg(platform)};
    }
    QOpenGLContext context;
    QOffscreenSurface surface;
    surface.create();
    if (!context.create() || !context.makeCurrent(&surface)) {
        return {false, QStringLiteral("no OpenGL context could be created")};
    }
    const auto* name = context.functions()->glGetString(GL_RENDERER);
    const QString renderer =
        name == nullptr ? QString() : QString::fromLatin1(reinterpret_cast<const char*>(name));
    context.doneCurrent();
    if (renderer.isEmpty() || softwareRenderer(renderer)) {
        return {false, QStringLiteral("software OpenGL (%1) is slower than the raster engine")
                           .arg(renderer.isEmpty() ? QStringLiteral("unknown") : renderer)};
    }
    return {true, renderer};
}

}  // namespace ui
