#include "chart_theme.h"

#include <QLegend>
#include <QLegendMarker>
#include <cmath>

#include "state_palette.h"

namespace charts {
namespace {

// DejaVu Sans ships with every Debian desktop and in the minimal images the offscreen tests run
// in; the style hint picks a sans serif wherever it is missing.
constexpr const char* kFontFamily = "DejaVu Sans";

constexpr double kRoundTicks = 5;  // about this many intervals along an axis

}  // namespace

QFont hudFont(int pixel_size, QFont::Weight weight) {
    QFont font(QString::fromLatin1(kFontFamily));
    font.setStyleHint(QFont::SansSerif);
    font.setPixelSize(pixel_size);
    font.setWeight(weight);
    return font;
}

QPen hudPen(const QColor& colour, qreal width, Qt::PenStyle style) {
    QPen pen(colour, width, style);
    pen.setCosmetic(true);
    return pen;
}

QChart* newHudChart(const QString& title) {
    auto* chart = new QChart;
    chart->setTheme(QChart::ChartThemeDark);  // the base; every colour that shows is set below
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setBackgroundRoundness(0);
    chart->setBackgroundBrush(hudColour(hud::kBackground));
    chart->setBackgroundPen(Qt::NoPen);
    chart->setPlotAreaBackgroundBrush(hudColour(hud::kPlotArea));
    chart->setPlotAreaBackgroundPen(hudPen(hudColour(hud::kGrid), kHairline));
    chart->setPlotAreaBackgroundVisible(true);
    chart->setTitleFont(hudFont(kTitlePixels, QFont::Bold));
    chart->setTitleBrush(hudColour(hud::kText));
    chart->setTitle(title);
    chart->setMargins(QMargins(12, 8, 16, 8));

    QLegend* legend = chart->legend();
    legend->setAlignment(Qt::AlignBottom);
    legend->setFont(hudFont(kLabelPixels));
    legend->setLabelColor(hudColour(hud::kText));
    legend->setBackgroundVisible(false);
    legend->setMarkerShape(QLegend::MarkerShapeRectangle);
    return chart;
}

QString plainText(std::string_view text) {
    return plainText(QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size())));
}

QString plainText(const QString& text) {
    return text.toHtmlEscaped();
}

QString chartTitle(const QString& headline, const QString& detail) {
    QString title = plainText(headline.toUpper());
    if (!detail.isEmpty()) {
        title += QStringLiteral(
                     "<br><span style=\"font-size:%1px; font-weight:normal; "
                     "color:%2\">%3</span>")
                     .arg(kSubtitlePixels)
                     .arg(QString::fromLatin1(hud::kMutedText.data(),
                                              static_cast<qsizetype>(hud::kMutedText.size())))
                     .arg(plainText(detail));
    }
    return title;
}

void styleAxis(QAbstractAxis& axis, const QString& title) {
    axis.setTitleText(plainText(title));
    axis.setTitleFont(hudFont(kAxisTitlePixels, QFont::DemiBold));
    axis.setTitleBrush(hudColour(hud::kText));
    axis.setLabelsFont(hudFont(kLabelPixels));
    axis.setLabelsBrush(hudColour(hud::kMutedText));
    axis.setLinePen(hudPen(hudColour(hud::kMutedText), kHairline));
    axis.setGridLinePen(hudPen(hudColour(hud::kGrid), kHairline));
    QColor minor = hudColour(hud::kGrid);
    minor.setAlpha(110);
    axis.setMinorGridLinePen(hudPen(minor, kHairline, Qt::DotLine));
}

void addAxis(QChart& chart, QAbstractAxis* axis, Qt::Alignment alignment,
             std::initializer_list<QAbstractSeries*> series) {
    chart.addAxis(axis, alignment);
    for (QAbstractSeries* one : series) {
        one->attachAxis(axis);
    }
}

void hideFromLegend(QChart& chart, QAbstractSeries* series) {
    for (QLegendMarker* marker : chart.legend()->markers(series)) {
        marker->setVisible(false);
    }
}

double niceCeiling(double value) {
    if (!(value > 0) || !std::isfinite(value)) {
        return 1;
    }
    const double decade = std::pow(10.0, std::floor(std::log10(value)));
    for (const double step : {1.0, 2.0, 5.0, 10.0}) {
        // The tolerance keeps 2.0000000001 (a rounding artefact of the decade) at 2.
        if (step * decade >= value * (1 - 1e-9)) {
            return step * decade;
        }
    }
    return 10 * decade;
}

double roundTickInterval(double span) {
    return niceCeiling(span / kRoundTicks);
}

double roundAxisTop(double max_value) {
    if (!(max_value > 0)) {
        return 1;
    }
    const double padded = max_value * 1.05;
    const double tick = roundTickInterval(padded);
    return std::ceil(padded / tick) * tick;
}

void setRoundTicks(QValueAxis& axis, double span) {
    const double tick = roundTickInterval(span);
    // Interval first, then the dynamic type: never the old interval over the range it is for.
    axis.setTickAnchor(0);
    axis.setTickInterval(tick);
    axis.setTickType(QValueAxis::TicksDynamic);
    const int decimals = tick >= 1 ? 0 : static_cast<int>(std::ceil(-std::log10(tick) - 1e-9));
    axis.setLabelFormat(QStringLiteral("%.%1f").arg(decimals));
}

void setRangeWithRoundTicks(QValueAxis& axis, double low, double high) {
    axis.setTickType(QValueAxis::TicksFixed);  // a handful of ticks while the range moves
    axis.setRange(low, high);
    setRoundTicks(axis, high - low);
}

QString formatMicroseconds(double us) {
    const double magnitude = std::abs(us);
    const int decimals = magnitude < 10 ? 2 : magnitude < 100 ? 1 : 0;
    return QString::number(us, 'f', decimals);
}

}  // namespace charts
