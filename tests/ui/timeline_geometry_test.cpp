// The live timeline's shapes from a snapshot: bands, transition markers, the min/max envelope
// split where the data stops, and its zigzag for OpenGL line series.
#include "timeline_geometry.h"

#include <gtest/gtest.h>

namespace {

using engine::LiveBand;
using engine::PortState;
using engine::TimelineColumn;
namespace timeline = ui::timeline;

constexpr std::int64_t kSecond = 1'000'000'000;

TEST(TimelineGeometry, EveryBandThatLastsIsASpanOfItsState) {
    const std::vector<LiveBand> bands{{PortState::Active, 1 * kSecond, 2 * kSecond},
                                      {PortState::Inactive, 2 * kSecond, 2 * kSecond},
                                      {PortState::Active, 3 * kSecond, 5 * kSecond}};
    const std::vector<timeline::BandSpan> spans = timeline::bandSpans(bands, 0);
    ASSERT_EQ(spans.size(), 2u);  // the band that lasts nothing draws nothing
    EXPECT_EQ(spans[0].state, PortState::Active);
    EXPECT_EQ(spans[0].start_s, 1);
    EXPECT_EQ(spans[0].end_s, 2);
    EXPECT_EQ(spans[1].state, PortState::Active);
    EXPECT_EQ(spans[1].start_s, 3);
    EXPECT_EQ(spans[1].end_s, 5);
}

TEST(TimelineGeometry, ABandCutByTheWindowsEdgeHasNoTransitionMarker) {
    const std::vector<LiveBand> bands{{PortState::Disconnected, 4 * kSecond, 5 * kSecond},
                                      {PortState::Active, 5 * kSecond, 6 * kSecond},
                                      {PortState::Inactive, 6 * kSecond, 7 * kSecond}};
    EXPECT_EQ(timeline::transitionTimes(bands, 4 * kSecond, 0), (std::vector<double>{5, 6}));
    // A second band clipped to the window's start did not begin in view either.
    const std::vector<LiveBand> clipped{bands[0], {PortState::Active, 4 * kSecond, 6 * kSecond}};
    EXPECT_TRUE(timeline::transitionTimes(clipped, 4 * kSecond, 0).empty());
}

std::vector<TimelineColumn> columns(const std::vector<std::int64_t>& max_us) {
    std::vector<TimelineColumn> out;
    for (std::size_t i = 0; i < max_us.size(); ++i) {
        TimelineColumn column;
        column.start_ns = static_cast<std::int64_t>(i) * 1'000'000;  // 1 ms columns
        if (max_us[i] > 0) {
            column.count = 3;
            column.min_ns = 1000;
            column.max_ns = max_us[i] * 1000;
        }
        out.push_back(column);
    }
    return out;
}

TEST(TimelineGeometry, TheEnvelopeIsMinAndMaxPerColumnSplitAtTheLongestGaps) {
    // data, a gap of 5 columns, data, a gap of 2, data
    const auto data = columns({4, 5, 0, 0, 0, 0, 0, 6, 0, 0, 7});
    const std::int64_t window = static_cast<std::int64_t>(data.size()) * 1'000'000;
    const auto strips = timeline::envelope(data, window, 8, 0);
    ASSERT_EQ(strips.size(), 3u);
    EXPECT_EQ(strips[0].upper.size(), 2);
    EXPECT_DOUBLE_EQ(strips[0].upper[1].y(), 5.0);  // µs
    EXPECT_DOUBLE_EQ(strips[0].lower[1].y(), 1.0);
    EXPECT_DOUBLE_EQ(strips[0].upper[0].x(), 0.0005);  // the column's middle, in seconds
    // With room for two segments only the longest gap splits; the short one is bridged.
    const auto two = timeline::envelope(data, window, 2, 0);
    ASSERT_EQ(two.size(), 2u);
    EXPECT_EQ(two[1].upper.size(), 2);
    EXPECT_TRUE(timeline::envelope(columns({0, 0}), window, 8, 0).empty());
}

TEST(TimelineGeometry, TimesAreSecondsBeforeNowSoThatTheAxisNeverMoves) {
    const std::vector<LiveBand> bands{{PortState::Disconnected, 2 * kSecond, 9 * kSecond},
                                      {PortState::Active, 9 * kSecond, 12 * kSecond}};
    const std::int64_t now = 12 * kSecond;
    const std::vector<timeline::BandSpan> spans = timeline::bandSpans(bands, now);
    ASSERT_EQ(spans.size(), 2u);
    EXPECT_EQ(spans[1].start_s, -3);
    EXPECT_EQ(spans[1].end_s, 0);
    EXPECT_EQ(timeline::transitionTimes(bands, 2 * kSecond, now), (std::vector<double>{-3}));
    const auto strips = timeline::envelope(columns({4}), 1'000'000, 8, 1'000'000);
    EXPECT_DOUBLE_EQ(strips.front().upper.front().x(), -0.0005);  // the column's middle
}

TEST(TimelineGeometry, TheZigzagVisitsMinAndMaxOfEveryColumn) {
    const auto strips = timeline::envelope(columns({4, 5, 6}), 3'000'000, 8, 0);
    const QList<QPointF> zig = timeline::zigzag(strips.front());
    ASSERT_EQ(zig.size(), 6);
    EXPECT_DOUBLE_EQ(zig[0].y(), 1.0);  // min → max
    EXPECT_DOUBLE_EQ(zig[1].y(), 4.0);
    EXPECT_DOUBLE_EQ(zig[2].y(), 5.0);  // next max → next min
    EXPECT_DOUBLE_EQ(zig[3].y(), 1.0);
    EXPECT_DOUBLE_EQ(timeline::highestUs(columns({4, 9, 0})), 9.0);
}

}  // namespace
