// The window's metrics endpoint in one object: the server on HOST:PORT, the holder it serves, and
// the live exposition it is filled with at most once a second from the window's frames. The
// window calls offer() each frame and shows boundAddress(); nothing else.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "live_metrics.h"
#include "live_session.h"
#include "metrics_holder.h"
#include "metrics_server.h"

namespace metrics {

class LiveEndpoint {
public:
    static constexpr std::chrono::milliseconds kPublishEvery{1000};

    // Listening when it returns; throws MetricsServerError (see MetricsServer). `bench` labels
    // every series (the host name).
    LiveEndpoint(std::string_view listen, std::string bench);

    // UI thread, any rate: publishes `snapshot` if nothing was published yet or kPublishEvery has
    // passed since the last time; true if it did.
    bool offer(const engine::LiveSnapshot& snapshot);
    // Publishes `snapshot` now.
    void publish(const engine::LiveSnapshot& snapshot);

    std::string boundAddress() const { return server_.boundAddress(); }
    std::string url() const { return server_.url(); }
    const MetricsHolder& holder() const { return holder_; }

private:
    MetricsHolder holder_;  // before the server, which serves it until it is gone
    LiveMetrics live_;
    MetricsServer server_;
    std::chrono::steady_clock::time_point last_publish_{};
    bool published_ = false;
};

}  // namespace metrics
