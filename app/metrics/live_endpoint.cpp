#include "live_endpoint.h"

#include <utility>

namespace metrics {

LiveEndpoint::LiveEndpoint(std::string_view listen, std::string bench)
    : live_(std::move(bench)), server_(listen, holder_) {}

bool LiveEndpoint::offer(const engine::LiveSnapshot& snapshot) {
    if (published_ && std::chrono::steady_clock::now() - last_publish_ < kPublishEvery) {
        return false;
    }
    publish(snapshot);
    return true;
}

void LiveEndpoint::publish(const engine::LiveSnapshot& snapshot) {
    holder_.publish(live_.text(snapshot));
    last_publish_ = std::chrono::steady_clock::now();
    published_ = true;
}

}  // namespace metrics
