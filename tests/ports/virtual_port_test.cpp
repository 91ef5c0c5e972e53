// The virtual port: registers, interrupts on rising nAck edges with IRQ enable, delivery on its
// own thread with real host timestamps, response edges, unplugging.
#include "virtual_port.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

namespace {

using namespace driver;

class RecordingSink final : public InterruptSink {
public:
    void onInterrupt(const InterruptEdge& edge) noexcept override {
        std::lock_guard lock(mutex_);
        edges_.push_back(edge);
        thread_ = std::this_thread::get_id();
    }
    // Waits up to a second for `n` edges.
    std::vector<InterruptEdge> waitFor(std::size_t n) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
        while (std::chrono::steady_clock::now() < deadline) {
            {
                std::lock_guard lock(mutex_);
                if (edges_.size() >= n) {
                    return edges_;
                }
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        std::lock_guard lock(mutex_);
        return edges_;
    }
    std::thread::id thread() {
        std::lock_guard lock(mutex_);
        return thread_;
    }

private:
    std::mutex mutex_;
    std::vector<InterruptEdge> edges_;
    std::thread::id thread_;
};

class VirtualPortTest : public ::testing::Test {
protected:
    VirtualPort port;
    RecordingSink sink;
    void SetUp() override { port.setInterruptSink(&sink); }
    void TearDown() override { port.setInterruptSink(nullptr); }
    void enableIrq() { port.writeRegister(SppRegister::Control, spp::kControlIrqEnable); }
};

TEST_F(VirtualPortTest, RegistersReadBackThroughThePlug) {
    port.writeRegister(SppRegister::Data, 0xA5);
    EXPECT_EQ(port.readRegister(SppRegister::Data), 0xA5);
    port.writeRegister(SppRegister::Control, spp::kControlNInit);
    EXPECT_EQ(port.readRegister(SppRegister::Control), spp::kControlNInit);
    EXPECT_TRUE(port.readRegister(SppRegister::Status) & spp::kStatusNAck);
    port.writeRegister(SppRegister::Status, 0x00);  // read-only: ignored
    EXPECT_TRUE(port.readRegister(SppRegister::Status) & spp::kStatusNAck);
}

TEST_F(VirtualPortTest, ARisingNAckEdgeWithIrqEnableIsDeliveredOnTheInterruptThread) {
    enableIrq();
    port.pulseStimulus(0);
    const auto edges = sink.waitFor(1);
    ASSERT_EQ(edges.size(), 1u);
    EXPECT_EQ(edges[0].sequence, 1u);
    EXPECT_GT(edges[0].t_edge_ns, 0);
    EXPECT_GE(edges[0].t_arrive_ns, edges[0].t_edge_ns);
    EXPECT_NE(sink.thread(), std::this_thread::get_id());
    EXPECT_EQ(port.counts().edges_delivered, 1u);
}

TEST_F(VirtualPortTest, NoInterruptWithoutIrqEnableOrOnAFallingEdge) {
    port.pulseStimulus(0);  // IRQ enable clear
    port.writeRegister(SppRegister::Control, spp::kControlIrqEnable | spp::kControlNInit);
    port.writeRegister(SppRegister::Control, spp::kControlIrqEnable);  // falling edge
    EXPECT_EQ(port.counts().edges_raised, 0u);
    port.pulseStimulus(0);
    EXPECT_EQ(sink.waitFor(1).size(), 1u);
    EXPECT_EQ(port.counts().edges_raised, 1u);
}

TEST_F(VirtualPortTest, EdgesArriveInOrderWithGapFreeSequenceNumbers) {
    enableIrq();
    for (int i = 0; i < 100; ++i) {
        port.pulseStimulus(0);
    }
    const auto edges = sink.waitFor(100);
    ASSERT_EQ(edges.size(), 100u);
    for (std::size_t i = 0; i < edges.size(); ++i) {
        EXPECT_EQ(edges[i].sequence, i + 1);
    }
}

// The interrupt thread polls a little while after each edge and then sleeps: edges spaced
// around that window (back to back, within it, just past it, long after) must each wake it.
// Lost wake-ups would leave an edge undelivered; nothing here depends on how fast it is.
TEST_F(VirtualPortTest, EveryEdgeIsDeliveredWhetherTheThreadPollsOrSleeps) {
    enableIrq();
    const std::vector<std::chrono::microseconds> gaps{
        std::chrono::microseconds(0),  std::chrono::microseconds(5),
        std::chrono::microseconds(19), std::chrono::microseconds(21),
        std::chrono::microseconds(40), std::chrono::microseconds(2000)};
    constexpr std::size_t kRounds = 50;
    std::size_t pulsed = 0;
    for (std::size_t round = 0; round < kRounds; ++round) {
        for (const auto gap : gaps) {
            std::this_thread::sleep_for(gap);
            EXPECT_NE(port.pulseStimulus(0).stimulus, 0u);
            ++pulsed;
        }
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (port.lastStimulusHandled() < pulsed && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    EXPECT_EQ(port.lastStimulusHandled(), pulsed);
    EXPECT_EQ(sink.waitFor(pulsed).size(), pulsed);
    EXPECT_EQ(port.counts().edges_delivered, pulsed);
    EXPECT_EQ(port.counts().edges_dropped, 0u);
}

TEST_F(VirtualPortTest, NortonWiringStimulatesThroughD3) {
    port.setWiring(spp::LoopbackWiring::Norton);
    enableIrq();
    port.pulseStimulus(0);
    EXPECT_EQ(sink.waitFor(1).size(), 1u);
    EXPECT_TRUE(port.readRegister(SppRegister::Data) & (1u << 3));
}

TEST_F(VirtualPortTest, AToggleOfD0IsSeenAsAResponseEdge) {
    const std::uint8_t data = port.readRegister(SppRegister::Data);
    port.writeRegister(SppRegister::Data, data ^ 0x01);
    EXPECT_EQ(port.counts().response_edges, 1u);
    EXPECT_GT(port.counts().last_response_ns, 0);
    port.writeRegister(SppRegister::Data, data ^ 0x02);  // D1 is not the response line
    EXPECT_EQ(port.counts().response_edges, 2u);         // D0 went back: another edge
}

TEST_F(VirtualPortTest, AnUnpluggedPortReadsOnesIgnoresWritesAndRaisesNothing) {
    enableIrq();
    port.setUnplugged(true);
    EXPECT_EQ(port.readRegister(SppRegister::Status), 0xFF);
    port.pulseStimulus(0);
    EXPECT_EQ(port.counts().edges_raised, 0u);
    port.setUnplugged(false);
    EXPECT_EQ(port.readRegister(SppRegister::Control), spp::kControlIrqEnable);
    port.pulseStimulus(0);
    EXPECT_EQ(sink.waitFor(1).size(), 1u);
}

TEST(VirtualPortSink, SetInterruptSinkReturnsWithNoCallInFlight) {
    VirtualPort port;
    struct SlowSink final : InterruptSink {
        std::atomic<bool> inside{false};
        std::atomic<int> calls{0};
        void onInterrupt(const InterruptEdge&) noexcept override {
            inside = true;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            calls.fetch_add(1);
            inside = false;
        }
    } sink;
    port.setInterruptSink(&sink);
    port.writeRegister(SppRegister::Control, spp::kControlIrqEnable);
    port.pulseStimulus(0);
    while (!sink.inside) {
        std::this_thread::yield();
    }
    port.setInterruptSink(nullptr);
    EXPECT_FALSE(sink.inside.load());
    EXPECT_EQ(sink.calls.load(), 1);
}

}  // namespace
