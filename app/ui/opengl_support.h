// Whether the charts may draw with OpenGL here. Qt Charts' setUseOpenGL(true) crashes under the
// offscreen platform, and under a software OpenGL (llvmpipe) it is slower than the raster engine
// that holds 60 fps anyway: the option is offered only where a hardware context exists, and is
// off by default.
#pragma once

#include <QString>

namespace ui {

struct OpenGlSupport {
    bool available = false;
    QString reason;  // why not, or the renderer's name
};

// Needs a QGuiApplication. Creates and drops a context once; cheap enough for startup.
OpenGlSupport probeOpenGl();

}  // namespace ui
