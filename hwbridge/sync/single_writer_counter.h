#pragma once

#include <atomic>
#include <cstdint>

namespace hwbridge {

// A counter written by one context at a time and read from anywhere, without a lock. The
// increment is a plain load + store rather than a locked read-modify-write: the interrupt path
// stays free of atomic RMW instructions, which cost more than the dispatch itself. Here, below
// the driver and the fixtures, which both count on their interrupt paths. Release and acquire
// (plain moves on x86): a reader that sees a count also sees what the writer did before counting
// it.
class SingleWriterCounter {
public:
    void increment() noexcept { add(1); }
    void add(std::uint64_t n) noexcept {
        value_.store(value_.load(std::memory_order_relaxed) + n, std::memory_order_release);
    }
    void reset() noexcept { value_.store(0, std::memory_order_relaxed); }
    std::uint64_t read() const noexcept { return value_.load(std::memory_order_acquire); }

private:
    std::atomic<std::uint64_t> value_{0};
};

// The largest value one context has offered (from 0), read from anywhere: the same plain load +
// store, for a worst case (how late the latest stimulus left) kept beside the counts.
class SingleWriterMax {
public:
    void offer(std::int64_t value) noexcept {
        if (value > value_.load(std::memory_order_relaxed)) {
            value_.store(value, std::memory_order_release);
        }
    }
    std::int64_t read() const noexcept { return value_.load(std::memory_order_acquire); }

private:
    std::atomic<std::int64_t> value_{0};
};

}  // namespace hwbridge
