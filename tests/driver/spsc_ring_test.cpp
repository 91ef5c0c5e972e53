// The bounded single-producer single-consumer ring every interrupt path hands its records through.
#include "spsc_ring.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <thread>
#include <vector>

namespace {

using driver::SpscRing;

TEST(SpscRing, AFullRingRefusesAPushAndKeepsWhatItHolds) {
    SpscRing<int, 4> ring;
    for (int i = 0; i < 4; ++i) {
        EXPECT_TRUE(ring.push(i));
    }
    EXPECT_FALSE(ring.push(99));
    EXPECT_EQ(ring.size(), 4u);
    for (int i = 0; i < 4; ++i) {
        EXPECT_EQ(ring.pop(), i);
    }
    EXPECT_EQ(ring.pop(), std::nullopt);
}

TEST(SpscRing, KeepsOrderAcrossManyWrapArounds) {
    SpscRing<int, 8> ring;
    int next_in = 0;
    int next_out = 0;
    for (int round = 0; round < 100; ++round) {
        for (int i = 0; i < 5; ++i) {
            ASSERT_TRUE(ring.push(next_in++));
        }
        for (int i = 0; i < 5; ++i) {
            ASSERT_EQ(ring.pop(), next_out++);
        }
    }
    EXPECT_EQ(ring.size(), 0u);
}

// Under TSan this is the check that a value is published with its slot.
TEST(SpscRing, AConsumerThreadSeesEveryValueOnceInOrder) {
    constexpr int kValues = 100'000;
    SpscRing<std::uint64_t, 64> ring;
    std::vector<std::uint64_t> received;
    received.reserve(kValues);
    std::thread consumer([&] {
        while (received.size() < kValues) {
            if (const auto value = ring.pop()) {
                received.push_back(*value);
            } else {
                std::this_thread::yield();  // two busy cores, or TSan: let the producer run
            }
        }
    });
    for (std::uint64_t value = 0; value < kValues;) {
        if (ring.push(value)) {
            ++value;
        } else {
            std::this_thread::yield();
        }
    }
    consumer.join();
    for (std::size_t i = 0; i < received.size(); ++i) {
        ASSERT_EQ(received[i], i);
    }
}

}  // namespace
