#include "metrics_holder.h"

#include <utility>

namespace metrics {

// The old text goes out with `text`, after the lock is released.
void MetricsHolder::publish(std::string text) {
    std::lock_guard lock(mutex_);
    text_.swap(text);
    ++publications_;
}

std::string MetricsHolder::text() const {
    std::lock_guard lock(mutex_);
    return text_;
}

std::uint64_t MetricsHolder::publications() const {
    std::lock_guard lock(mutex_);
    return publications_;
}

}  // namespace metrics
