#include "hud_style.h"

#include <QFile>
#include <QFontDatabase>
#include <QFontMetrics>
#include <QStyle>
#include <QWidget>
#include <algorithm>
#include <array>
#include <utility>

#include "chart_theme.h"
#include "state_palette.h"

namespace ui {
namespace {

QString fromView(std::string_view text) {
    return QString::fromLatin1(text.data(), static_cast<qsizetype>(text.size()));
}

// Every placeholder the stylesheet may use, with the palette entry behind it.
std::array<std::pair<const char*, std::string_view>, 13> placeholders() {
    using engine::PortState;
    return {{{"ACTIVE", charts::stateStyle(PortState::Active).css},
             {"INACTIVE", charts::stateStyle(PortState::Inactive).css},
             {"DISCONNECTED", charts::stateStyle(PortState::Disconnected).css},
             {"BACKGROUND", charts::hud::kBackground},
             {"PANEL", charts::hud::kPanel},
             {"PLOT", charts::hud::kPlotArea},
             {"GRID", charts::hud::kGrid},
             {"TEXT", charts::hud::kText},
             {"MUTED", charts::hud::kMutedText},
             {"LATENCY", charts::hud::kLatency},
             {"SECONDARY", charts::hud::kSecondary},
             {"HIGHLIGHT", charts::hud::kHighlight},
             {"VIOLATION", charts::hud::kViolation}}};
}

}  // namespace

QStringList loadHudFonts() {
    static const QStringList families = [] {
        QStringList loaded;
        for (const char* file : {":/fonts/DejaVuSans.ttf", ":/fonts/DejaVuSans-Bold.ttf",
                                 ":/fonts/DejaVuSansMono.ttf", ":/fonts/DejaVuSansMono-Bold.ttf"}) {
            const int id = QFontDatabase::addApplicationFont(QString::fromLatin1(file));
            for (const QString& family : QFontDatabase::applicationFontFamilies(id)) {
                if (!loaded.contains(family)) {
                    loaded << family;
                }
            }
        }
        return loaded;
    }();
    return families;
}

// The charts' own text font (charts::hudFont), once the compiled-in fonts are registered.
QFont textFont(int pixel_size, QFont::Weight weight) {
    loadHudFonts();
    return charts::hudFont(pixel_size, weight);
}

QFont numeralFont(int pixel_size, QFont::Weight weight) {
    QFont font = textFont(pixel_size, weight);
    font.setFamily(QString::fromLatin1(kNumeralFamily));
    font.setStyleHint(QFont::Monospace);
    return font;
}

QFont fittedToWidth(QFont font, const QString& text, int width, int smallest_pixels) {
    const int needed = QFontMetrics(font).horizontalAdvance(text);
    if (needed > width && needed > 0) {
        font.setPixelSize(std::max(smallest_pixels, font.pixelSize() * width / needed));
    }
    return font;
}

QString fillPalette(QString qss) {
    for (const auto& [name, css] : placeholders()) {
        const QColor colour(fromView(css));
        const QString rgb =
            QStringLiteral("%1, %2, %3").arg(colour.red()).arg(colour.green()).arg(colour.blue());
        // The _RGB form first: "@ACTIVE@" is not a prefix of "@ACTIVE_RGB@", but keep it obvious.
        qss.replace(QStringLiteral("@%1_RGB@").arg(QLatin1String(name)), rgb);
        qss.replace(QStringLiteral("@%1@").arg(QLatin1String(name)), colour.name());
    }
    return qss;
}

QString hudStyleSheet() {
    QFile file(QStringLiteral(":/ui/hud.qss"));
    if (!file.open(QIODevice::ReadOnly)) {
        return {};  // the default look: legible, if plain
    }
    return fillPalette(QString::fromUtf8(file.readAll()));
}

QString stateKey(engine::PortState state) {
    return fromView(engine::portStateName(state));
}

QString stateCaption(engine::PortState state) {
    const charts::StateStyle& style = charts::stateStyle(state);
    return QString::fromUtf8(style.glyph.data(), static_cast<qsizetype>(style.glyph.size())) +
           QLatin1Char(' ') + fromView(style.label);
}

QColor stateColour(engine::PortState state) {
    return charts::stateColour(state);
}

QColor themeColour(std::string_view css) {
    return charts::hudColour(css);
}

void setStyleProperty(QWidget& widget, const char* name, const QString& value) {
    if (widget.property(name).toString() == value) {
        return;  // re-polishing is not free: only on a real change
    }
    widget.setProperty(name, value);
    widget.style()->unpolish(&widget);
    widget.style()->polish(&widget);
    widget.update();
}

}  // namespace ui
