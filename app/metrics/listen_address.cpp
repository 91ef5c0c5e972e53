#include "listen_address.h"

#include "metrics_error.h"

namespace metrics {
namespace {

[[noreturn]] void refuse(std::string_view text, std::string_view why) {
    throw MetricsServerError("bad listen address '" + std::string(text) + "': " + std::string(why) +
                             " (expected HOST:PORT, e.g. 127.0.0.1:9464)");
}

}  // namespace

std::string ListenAddress::text() const {
    const bool v6 = host.find(':') != std::string::npos;
    return (v6 ? "[" + host + "]" : host) + ':' + std::to_string(port);
}

ListenAddress parseListenAddress(std::string_view text) {
    const std::size_t colon = text.rfind(':');
    if (colon == std::string_view::npos) {
        refuse(text, "no port");
    }
    std::string_view host = text.substr(0, colon);
    const std::string_view port = text.substr(colon + 1);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    } else if (host.find(':') != std::string_view::npos) {
        refuse(text, "an IPv6 host goes in brackets");
    }
    if (host.empty()) {
        refuse(text, "no host (0.0.0.0 listens on every interface)");
    }
    if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != port.npos) {
        refuse(text, "the port is not a number from 0 to 65535");
    }
    const unsigned long value = std::stoul(std::string(port));
    if (value > 65535) {
        refuse(text, "the port is not a number from 0 to 65535");
    }
    return {std::string(host), static_cast<std::uint16_t>(value)};
}

}  // namespace metrics
