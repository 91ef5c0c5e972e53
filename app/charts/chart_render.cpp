#include "chart_render.h"

#include <QApplication>
#include <QBuffer>
#include <QGraphicsLayout>
#include <QGraphicsScene>
#include <QPainter>
#include <QSvgGenerator>
#include <memory>

#include "state_palette.h"

namespace charts {
namespace {

// Text is laid out for the screen's resolution; the SVG and the image use the same, so that
// what was measured is what is drawn (the fonts are in pixels too, see chart_theme.h).
constexpr int kDotsPerInch = 96;
constexpr int kDotsPerMeter = 3780;  // 96 dpi

void requireApplication() {
    if (qobject_cast<QApplication*>(QCoreApplication::instance()) == nullptr) {
        throw RenderError(
            "charts: rendering a chart needs a QApplication (QT_QPA_PLATFORM=offscreen when "
            "headless); none exists");
    }
}

QSize checkedSize(QSize size) {
    if (size.isEmpty()) {
        throw RenderError("charts: cannot render a chart at an empty size");
    }
    return size;
}

// Puts a chart that is on no scene onto one of its own, at the requested size, for as long as the
// render lasts, and takes it off again (the scene would otherwise delete it).
class Stage {
public:
    Stage(QChart& chart, QSize size) : chart_(chart) {
        if (chart.scene() != nullptr) {
            source_ = chart.sceneBoundingRect();
            return;
        }
        own_scene_ = std::make_unique<QGraphicsScene>();
        own_scene_->addItem(&chart);
        chart.setPos(0, 0);
        chart.resize(size);
        // Lays the chart out now: no event loop runs between here and the render.
        if (chart.layout() != nullptr) {
            chart.layout()->activate();
        }
        source_ = QRectF(QPointF(0, 0), QSizeF(size));
        own_scene_->setSceneRect(source_);
    }
    ~Stage() {
        if (own_scene_) {
            own_scene_->removeItem(&chart_);
        }
    }
    Stage(const Stage&) = delete;
    Stage& operator=(const Stage&) = delete;

    void paint(QPainter& painter, QSize size) const {
        chart_.scene()->render(&painter, QRectF(QPointF(0, 0), QSizeF(size)), source_);
    }

private:
    QChart& chart_;
    std::unique_ptr<QGraphicsScene> own_scene_;
    QRectF source_;
};

// QSvgGenerator sizes the document in millimetres; pixels keep it the size it was drawn at.
QByteArray withPixelSize(QByteArray svg, QSize size) {
    const QByteArray opening = "<svg width=\"";
    const qsizetype begin = svg.indexOf(opening);
    const qsizetype height = begin < 0 ? -1 : svg.indexOf("\" height=\"", begin);
    const qsizetype end = height < 0 ? -1 : svg.indexOf('"', height + 10);
    if (end < 0) {
        return svg;
    }
    const QByteArray sized = opening + QByteArray::number(size.width()) + "\" height=\"" +
                             QByteArray::number(size.height()) + '"';
    return svg.replace(begin, end + 1 - begin, sized);
}

}  // namespace

QByteArray renderSvg(QChart& chart, QSize size, const QString& title) {
    requireApplication();
    checkedSize(size);
    QByteArray svg;
    {
        QBuffer buffer(&svg);
        buffer.open(QIODevice::WriteOnly);
        QSvgGenerator generator;
        generator.setOutputDevice(&buffer);
        generator.setSize(size);
        generator.setViewBox(QRect(QPoint(0, 0), size));
        generator.setResolution(kDotsPerInch);
        // Written into the document as given: escaped here, since the title may come from data.
        generator.setTitle(title.toHtmlEscaped());
        generator.setDescription(QStringLiteral("ISR Bench chart"));
        const Stage stage(chart, size);
        QPainter painter;
        if (!painter.begin(&generator)) {
            throw RenderError("charts: the SVG generator refused to paint");
        }
        painter.setRenderHint(QPainter::Antialiasing);
        stage.paint(painter, size);
        painter.end();
    }
    return withPixelSize(std::move(svg), size);
}

QImage renderImage(QChart& chart, QSize size) {
    requireApplication();
    QImage image(checkedSize(size), QImage::Format_ARGB32);
    image.setDotsPerMeterX(kDotsPerMeter);
    image.setDotsPerMeterY(kDotsPerMeter);
    image.fill(hudColour(hud::kBackground));
    const Stage stage(chart, size);
    QPainter painter;
    if (!painter.begin(&image)) {
        throw RenderError("charts: could not paint on an image");
    }
    painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing |
                           QPainter::SmoothPixmapTransform);
    stage.paint(painter, size);
    painter.end();
    return image;
}

QByteArray renderPng(QChart& chart, QSize size) {
    const QImage image = renderImage(chart, size);
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    if (!image.save(&buffer, "PNG")) {
        throw RenderError("charts: could not encode the chart as PNG");
    }
    return png;
}

}  // namespace charts
