// HOST:PORT as a command line gives it: "127.0.0.1:9464", "0.0.0.0:0", "localhost:9464",
// "[::1]:9464". Port 0 asks for any free port.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace metrics {

struct ListenAddress {
    std::string host;  // without brackets
    std::uint16_t port = 0;

    // "host:port", an IPv6 host in brackets.
    std::string text() const;
};

// Throws MetricsServerError naming what is wrong (no port, a port that is not 0-65535, no host).
ListenAddress parseListenAddress(std::string_view text);

}  // namespace metrics
