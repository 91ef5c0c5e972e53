// The timeline's bands: filled in strips short enough to stay off Qt's fill thread pool, with the
// same pixels as one fill of each band.
#include "band_item.h"

#include <gtest/gtest.h>

#include <QGraphicsScene>
#include <QImage>
#include <QPainter>

namespace {

using engine::PortState;

TEST(BandItem, RowStripsCoverTheRowsOnceInRunsOfAtMostTheLimit) {
    const auto strips = ui::rowStrips(10, 150, 64);
    ASSERT_EQ(strips.size(), 3u);
    EXPECT_EQ(strips[0], std::make_pair(10, 74));
    EXPECT_EQ(strips[1], std::make_pair(74, 138));
    EXPECT_EQ(strips[2], std::make_pair(138, 150));
    EXPECT_EQ(ui::rowStrips(5, 69, 64).size(), 1u);
    EXPECT_TRUE(ui::rowStrips(7, 7, 64).empty());
    EXPECT_EQ(ui::rowStrips(0, 3, 0).size(), 3u);  // a limit under 1 still moves on
}

TEST(BandItem, AStripStaysUnderTheThreadPoolsRowsOnAScaledScreen) {
    EXPECT_EQ(ui::stripRowsAt(1), 64);
    EXPECT_EQ(ui::stripRowsAt(1.5), 42);  // 63 device rows
    EXPECT_EQ(ui::stripRowsAt(2), 32);
    EXPECT_EQ(ui::stripRowsAt(0.5), 64);  // never more rows than at 1:1
    EXPECT_EQ(ui::stripRowsAt(200), 1);
}

// The scene drawn into an image of `size` through `painter_scale`.
QImage drawn(QGraphicsScene& scene, QSize size, double painter_scale) {
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::black);
    QPainter painter(&image);
    painter.scale(painter_scale, painter_scale);
    const QRectF area(0, 0, size.width() / painter_scale, size.height() / painter_scale);
    scene.render(&painter, area, area);
    return image;
}

TEST(BandItem, ItsStripsPaintWhatOneFillOfEachBandPaints) {
    const QRectF plot(20.4, 10.6, 300, 250);  // taller than a strip, off the pixel grid
    const QBrush hatched(QColor(255, 176, 0, 210), Qt::BDiagPattern);
    const QBrush solid(QColor(57, 255, 20, 40));
    QGraphicsScene scene;
    auto* bands = new ui::BandItem(nullptr);
    scene.addItem(bands);
    bands->setBrush(PortState::Inactive, hatched);
    bands->setBrush(PortState::Active, solid);
    const ui::PlotRange range{plot, -10, 0, 0, 100};
    // One starts before the window and one ends after it; one has no width left in view.
    bands->show({{PortState::Inactive, -12, -6.5},
                 {PortState::Active, -6.5, 3},
                 {PortState::Disconnected, -20, -15}},
                range);
    EXPECT_EQ(bands->bandsOf(PortState::Inactive), 1u);
    EXPECT_EQ(bands->bandsOf(PortState::Active), 1u);
    EXPECT_EQ(bands->bandsOf(PortState::Disconnected), 1u);

    QImage expected(340, 280, QImage::Format_ARGB32_Premultiplied);
    expected.fill(Qt::black);
    {
        // One fill per band, cut to the plot, the hatching from the plot's corner.
        QPainter painter(&expected);
        painter.setBrushOrigin(plot.topLeft());
        const double split = range.map({-6.5, 0}).x();
        painter.fillRect(QRectF(plot.left(), plot.top(), split - plot.left(), plot.height()),
                         hatched);
        painter.fillRect(QRectF(split, plot.top(), plot.right() - split, plot.height()), solid);
    }
    const QImage image = drawn(scene, expected.size(), 1);
    EXPECT_EQ(image, expected);
    EXPECT_NE(image.pixel(160, 150), qRgb(0, 0, 0));  // something was drawn at all
}

TEST(BandItem, OnAScaledScreenTheStripsLeaveNoSeam) {
    const QRectF plot(10, 10, 200, 200);
    QGraphicsScene scene;
    auto* bands = new ui::BandItem(nullptr);
    scene.addItem(bands);
    bands->setBrush(PortState::Active, QBrush(QColor(57, 255, 20, 40)));
    bands->show({{PortState::Active, -10, 0}}, {plot, -10, 0, 0, 100});
    // 200 rows at 2x: strips of 32 rows, 64 device rows each.
    const QImage image = drawn(scene, QSize(440, 440), 2);
    const QRgb inside = image.pixel(200, 21);
    for (int y = 21; y < 419; ++y) {
        ASSERT_EQ(image.pixel(200, y), inside) << "row " << y;
    }
    EXPECT_NE(inside, qRgb(0, 0, 0));
}

TEST(BandItem, TheBandsFollowThePlotAreaWhenItMoves) {
    QGraphicsScene scene;
    auto* bands = new ui::BandItem(nullptr);
    scene.addItem(bands);
    bands->setBrush(PortState::Active, QBrush(Qt::white));
    bands->show({{PortState::Active, -10, 0}}, {QRectF(0, 0, 100, 100), -10, 0, 0, 100});
    bands->setPlot(QRectF(50, 0, 100, 100));  // a relayout, before the next frame's show()
    EXPECT_EQ(bands->boundingRect(), QRectF(50, 0, 100, 100));
    const QImage image = drawn(scene, QSize(160, 110), 1);
    EXPECT_EQ(image.pixel(25, 50), qRgb(0, 0, 0));
    EXPECT_EQ(image.pixel(100, 50), qRgb(255, 255, 255));
}

}  // namespace
