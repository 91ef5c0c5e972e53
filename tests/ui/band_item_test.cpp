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
    bands->show({{PortState::Inactive, -12, -6.5}, {PortState::Active, -6.5, -0.25}}, range);
    EXPECT_EQ(bands->bandsOf(PortState::Inactive), 1u);
    EXPECT_EQ(bands->bandsOf(PortState::Active), 1u);
    EXPECT_EQ(bands->bandsOf(PortState::Disconnected), 0u);

    QImage drawn(340, 280, QImage::Format_ARGB32_Premultiplied);
    drawn.fill(Qt::black);
    QImage expected = drawn;
    {
        QPainter painter(&drawn);
        scene.render(&painter, QRectF(0, 0, 340, 280), QRectF(0, 0, 340, 280));
    }
    {
        // One fill per band, cut at the plot's left edge, over the plot's whole height.
        QPainter painter(&expected);
        const double top = std::round(plot.top());
        const double height = std::round(plot.bottom()) - top;
        const double split = range.map({-6.5, 0}).x();
        const double end = range.map({-0.25, 0}).x();
        painter.fillRect(QRectF(plot.left(), top, split - plot.left(), height), hatched);
        painter.fillRect(QRectF(split, top, end - split, height), solid);
    }
    EXPECT_EQ(drawn, expected);
    EXPECT_NE(drawn.pixel(160, 150), qRgb(0, 0, 0));  // something was drawn at all
}

}  // namespace
