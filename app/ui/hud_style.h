// The window's look: the HUD stylesheet (resources/ui/hud.qss) with its colours filled in from
// the palette the charts and reports use (charts::stateStyle, charts::hud), so that a state has
// one colour on the buttons, in the chart bands and in report.html, and the QSS never disagrees.
#pragma once

#include <QColor>
#include <QFont>
#include <QString>
#include <QStringList>

#include "scenario.h"

class QWidget;

namespace ui {

// DejaVu Sans for text (charts::hudFont), its monospaced sibling for numerals, so that digits do
// not jitter sideways as the values change. Compiled in (":/fonts/", from Debian's
// fonts-dejavu-core at build time), so that a machine without them, or with another default, draws
// the same window.
inline constexpr const char* kNumeralFamily = "DejaVu Sans Mono";

// Registers the compiled-in fonts with Qt once; the families they add ("DejaVu Sans", "DejaVu
// Sans Mono"), empty if a font could not be read.
QStringList loadHudFonts();

QFont textFont(int pixel_size, QFont::Weight weight = QFont::Normal);
QFont numeralFont(int pixel_size, QFont::Weight weight = QFont::Bold);

// `font` made smaller, never below `smallest_pixels`, until `text` fits `width` (a tile's long
// count or state name stays whole rather than clipped).
QFont fittedToWidth(QFont font, const QString& text, int width, int smallest_pixels);

// The stylesheet from the resources, @NAME@ placeholders replaced (fillPalette).
QString hudStyleSheet();
// Replaces @ACTIVE@, @INACTIVE@, @DISCONNECTED@ and @BACKGROUND@, @PANEL@, @PLOT@, @GRID@,
// @TEXT@, @MUTED@, @LATENCY@, @SECONDARY@, @HIGHLIGHT@, @VIOLATION@ with "#rrggbb", and the
// same names with an _RGB suffix with "r, g, b" for rgba().
QString fillPalette(QString qss);

// The value a widget's "state" property takes for the stylesheet: "active", "inactive",
// "disconnected".
QString stateKey(engine::PortState state);
// "■ ACTIVE": glyph and label, so that the state never depends on colour alone.
QString stateCaption(engine::PortState state);
QColor stateColour(engine::PortState state);
// A theme colour by its charts::hud constant.
QColor themeColour(std::string_view css);

// Sets a dynamic property the stylesheet selects on and re-applies the style (only on change).
void setStyleProperty(QWidget& widget, const char* name, const QString& value);

}  // namespace ui
