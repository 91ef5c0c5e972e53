// Records waiting for the bus, earliest delivery first, first-in first-out among equal times.
// A binary heap in storage reserved up front: queueing a record allocates nothing.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "wire.h"

namespace hwbridge {

class DeliveryQueue {
public:
    struct Entry {
        std::int64_t due_ns;
        std::uint64_t order;
        wire::EventRecord record;
    };

    explicit DeliveryQueue(std::size_t capacity) : capacity_(capacity) { heap_.reserve(capacity); }

    // At the capacity asked for (reserve() may have made room for more).
    bool full() const { return heap_.size() >= capacity_; }
    bool empty() const { return heap_.empty(); }
    std::size_t size() const { return heap_.size(); }
    void clear() { heap_.clear(); }

    // The caller checks full() first.
    void push(std::int64_t due_ns, const wire::EventRecord& record) {
        heap_.push_back({due_ns, next_order_++, record});
        std::push_heap(heap_.begin(), heap_.end(), later);
    }
    const Entry& top() const { return heap_.front(); }
    void pop() {
        std::pop_heap(heap_.begin(), heap_.end(), later);
        heap_.pop_back();
    }

private:
    static bool later(const Entry& a, const Entry& b) {
        return a.due_ns != b.due_ns ? a.due_ns > b.due_ns : a.order > b.order;
    }

    std::size_t capacity_;
    std::vector<Entry> heap_;
    std::uint64_t next_order_ = 0;
};

}  // namespace hwbridge
