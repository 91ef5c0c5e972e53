#pragma once

#include <atomic>
#include <cstdint>

namespace driver {

// A counter written by one context at a time and read from anywhere. The increment is a plain
// load + store rather than a locked read-modify-write: the interrupt path stays free of atomic RMW
// instructions, which cost more than the dispatch itself.
class SingleWriterCounter {
public:
    void increment() noexcept { add(1); }
    void add(std::uint64_t n) noexcept {
        value_.store(value_.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
    }
    void reset() noexcept { value_.store(0, std::memory_order_relaxed); }
    std::uint64_t read() const noexcept { return value_.load(std::memory_order_relaxed); }

private:
    std::atomic<std::uint64_t> value_{0};
};

}  // namespace driver
