// The exposition an endpoint serves, as its producer last published it. The producer (the
// window's UI thread, a run's engine thread) replaces it whole; the server's threads copy it per
// request. A mutex, held for a swap or a copy: this is never on the interrupt path, which must
// not touch it.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>

namespace metrics {

class MetricsHolder {
public:
    void publish(std::string text);
    std::string text() const;
    std::uint64_t publications() const;  // how many times publish() was called

private:
    mutable std::mutex mutex_;
    std::string text_;
    std::uint64_t publications_ = 0;
};

}  // namespace metrics
