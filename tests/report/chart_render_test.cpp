// Charts render with no display (the offscreen platform, see report_test_main.cpp): a well-formed
// SVG document of the requested size with the drawing in it, a PNG of exactly the requested
// pixels with a picture on it.
#include "chart_render.h"

#include <gtest/gtest.h>

#include <QChartView>
#include <QImage>
#include <QSet>
#include <QXmlStreamReader>
#include <memory>

#include "latency_charts.h"
#include "report_test_support.h"
#include "state_palette.h"

namespace {

using report_test::syntheticRun;

struct SvgFacts {
    QString error;  // empty when well-formed
    QString root;
    QString view_box;
    QString width;
    int paths = 0;
    int shapes = 0;  // paths, polylines, rectangles
    int texts = 0;
    QString title;
    QStringList text_contents;  // the text of every <text>, as a reader sees it
};

SvgFacts readSvg(const QByteArray& svg) {
    SvgFacts facts;
    QXmlStreamReader xml(svg);
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement) {
            continue;
        }
        const QString name = xml.name().toString();
        if (facts.root.isEmpty()) {
            facts.root = name;
            facts.view_box = xml.attributes().value(QStringLiteral("viewBox")).toString();
            facts.width = xml.attributes().value(QStringLiteral("width")).toString();
        }
        facts.paths += name == QStringLiteral("path") ? 1 : 0;
        facts.shapes += name == QStringLiteral("path") || name == QStringLiteral("polyline") ||
                                name == QStringLiteral("rect")
                            ? 1
                            : 0;
        facts.texts += name == QStringLiteral("text") ? 1 : 0;
        if (name == QStringLiteral("title")) {
            facts.title = xml.readElementText();
        } else if (name == QStringLiteral("text")) {
            facts.text_contents.append(xml.readElementText());
        }
    }
    if (xml.hasError()) {
        facts.error = xml.errorString();
    }
    return facts;
}

int distinctColours(const QImage& image) {
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 3) {
        for (int x = 0; x < image.width(); x += 3) {
            colours.insert(image.pixel(x, y));
        }
    }
    return static_cast<int>(colours.size());
}

std::vector<std::unique_ptr<QChart>> everyChart(const engine::RunResult& run) {
    std::vector<std::unique_ptr<QChart>> all;
    all.emplace_back(charts::buildTimelineChart(run.timeline, run.phases));
    all.emplace_back(charts::buildHistogramChart(run.statistics.overall().latency, "all phases"));
    all.emplace_back(
        charts::buildPercentileChart(charts::phasePercentileCurves(run.phases, run.statistics)));
    all.emplace_back(charts::buildBusDispatchChart(run.phases, run.statistics));
    return all;
}

TEST(ChartRender, EveryChartGivesAWellFormedSvgOfTheRequestedSize) {
    const engine::RunResult run = syntheticRun();
    for (const auto& chart : everyChart(run)) {
        const QByteArray svg = charts::renderSvg(*chart, QSize(900, 450), "a <title> & more");
        const SvgFacts facts = readSvg(svg);
        ASSERT_TRUE(facts.error.isEmpty()) << facts.error.toStdString();
        EXPECT_EQ(facts.root, QStringLiteral("svg"));
        EXPECT_EQ(facts.view_box, QStringLiteral("0 0 900 450"));
        EXPECT_EQ(facts.width, QStringLiteral("900"));
        EXPECT_GT(facts.shapes, 20);
        EXPECT_GT(facts.texts, 5);
        EXPECT_EQ(facts.title, QStringLiteral("a <title> & more"));
        EXPECT_EQ(chart->scene(), nullptr);  // taken off the render's scene again
    }
}

TEST(ChartRender, EveryChartGivesAPngOfTheRequestedPixelsWithAPictureOnIt) {
    const engine::RunResult run = syntheticRun();
    for (const auto& chart : everyChart(run)) {
        const QByteArray png = charts::renderPng(*chart, QSize(800, 400));
        ASSERT_TRUE(png.startsWith("\x89PNG"));
        const QImage image = QImage::fromData(png, "PNG");
        ASSERT_FALSE(image.isNull());
        EXPECT_EQ(image.size(), QSize(800, 400));
        EXPECT_GT(distinctColours(image), 20);  // not one flat colour: axes, text, data
        EXPECT_EQ(image.pixelColor(1, 1).rgb(), charts::hudColour(charts::hud::kBackground).rgb());
    }
}

TEST(ChartRender, TheTimelineShowsTheStateColoursInThePicture) {
    const engine::RunResult run = syntheticRun();
    const std::unique_ptr<QChart> chart(charts::buildTimelineChart(run.timeline, run.phases));
    const QImage image = charts::renderImage(*chart, charts::kReportChartSize);
    bool amber_hatching = false;
    const QColor amber = charts::stateColour(engine::PortState::Inactive);
    for (int y = 0; y < image.height() && !amber_hatching; ++y) {
        for (int x = 0; x < image.width() && !amber_hatching; ++x) {
            const QColor pixel = image.pixelColor(x, y);
            // Amber at some strength over the dark plot: red well above blue.
            amber_hatching = pixel.red() > 120 && pixel.green() > 70 && pixel.blue() < 60 &&
                             std::abs(pixel.hue() - amber.hue()) < 12;
        }
    }
    EXPECT_TRUE(amber_hatching);
}

TEST(ChartRender, DataDerivedTextStaysWellFormedInTheSvg) {
    engine::RunResult run = syntheticRun();
    run.phases[1].phase.name = "1 <active> & \"quoted\"";
    const std::unique_ptr<QChart> chart(charts::buildTimelineChart(run.timeline, run.phases));
    const QByteArray svg = charts::renderSvg(*chart, QSize(1000, 500));
    const SvgFacts facts = readSvg(svg);
    ASSERT_TRUE(facts.error.isEmpty()) << facts.error.toStdString();
    EXPECT_GE(facts.paths, static_cast<int>(run.phases.size()));  // the bands are paths
    EXPECT_TRUE(svg.contains("1 &lt;active&gt; &amp; "));
    EXPECT_EQ(facts.text_contents.count(QStringLiteral("1 <active> & \"quoted\"")), 1)
        << facts.text_contents.join(QStringLiteral(" | ")).toStdString();
}

TEST(ChartRender, AChartShownInAViewIsDrawnAsItIsAndStaysInItsView) {
    const engine::RunResult run = syntheticRun();
    QChart* chart = charts::buildHistogramChart(run.statistics.overall().latency, "all");
    QChartView view(chart);  // owns the chart
    view.resize(640, 320);
    const QImage image = charts::renderImage(*chart, QSize(400, 200));
    EXPECT_EQ(image.size(), QSize(400, 200));
    EXPECT_EQ(chart->scene(), view.scene());
}

TEST(ChartRender, AnEmptySizeIsRefused) {
    const engine::RunResult run = syntheticRun();
    const std::unique_ptr<QChart> chart(charts::buildBusDispatchChart(run.phases, run.statistics));
    EXPECT_THROW(charts::renderPng(*chart, QSize(0, 100)), charts::RenderError);
}

}  // namespace
