// An HTTP endpoint for Prometheus: GET /metrics answers with what a MetricsHolder holds, as text
// exposition 0.0.4; any other path is a 404. It listens on HOST:PORT (port 0: any free port,
// port() says which), serves from threads of its own (cpp-httplib, two workers, one request per
// connection so that stopping never waits on an idle client), and stops in its destructor.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "listen_address.h"
#include "metrics_error.h"
#include "metrics_holder.h"

namespace metrics {

class MetricsServer {
public:
    // Listening when it returns. Throws MetricsServerError with a sentence to print: a malformed
    // address, a host that does not resolve, an address in use or not on this machine. `holder`
    // must outlive the server.
    MetricsServer(std::string_view listen, const MetricsHolder& holder);
    ~MetricsServer();

    MetricsServer(const MetricsServer&) = delete;
    MetricsServer& operator=(const MetricsServer&) = delete;

    std::uint16_t port() const { return bound_.port; }
    // HOST:PORT with the port really bound ("127.0.0.1:40123" for "127.0.0.1:0").
    std::string boundAddress() const { return bound_.text(); }
    std::string url() const { return "http://" + bound_.text() + "/metrics"; }

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    ListenAddress bound_;
};

}  // namespace metrics
