#include "metrics_server.h"

#include <httplib.h>
#include <netdb.h>
#include <sys/socket.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include "exposition.h"

namespace metrics {
namespace {

constexpr const char* kNotFound = "not found: the metrics are at /metrics\n";

// A name that does not resolve is said as such, not as a failed bind.
void checkResolves(const ListenAddress& address, std::string_view listen) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    addrinfo* found = nullptr;
    const int status = getaddrinfo(address.host.c_str(), nullptr, &hints, &found);
    if (status != 0) {
        throw MetricsServerError("cannot listen on " + std::string(listen) + ": host '" +
                                 address.host + "' does not resolve (" + gai_strerror(status) +
                                 ")");
    }
    freeaddrinfo(found);
}

std::string bindFailure(int error) {
    switch (error) {
        case EADDRINUSE:
            return "the address is already in use (another program, or another isrbench, "
                   "listens there)";
        case EADDRNOTAVAIL:
            return "the address is not one of this machine's";
        case EACCES:
            return "permission denied (ports below 1024 need privileges)";
        case 0:
            return "the socket could not be bound";
        default:
            return std::strerror(error);
    }
}

}  // namespace

struct MetricsServer::Impl {
    httplib::Server server;
    std::thread thread;
    std::atomic<bool> finished{false};
};

MetricsServer::MetricsServer(std::string_view listen, const MetricsHolder& holder)
    : impl_(std::make_unique<Impl>()), bound_(parseListenAddress(listen)) {
    checkResolves(bound_, listen);
    httplib::Server& server = impl_->server;
    // httplib's default sets SO_REUSEPORT, which lets a second listener share a busy port: only
    // SO_REUSEADDR here, so that an address in use is refused.
    server.set_socket_options([](socket_t sock) {
        int yes = 1;
        setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    server.new_task_queue = [] { return new httplib::ThreadPool(2); };
    server.set_keep_alive_max_count(1);
    server.set_read_timeout(2);
    server.set_write_timeout(2);
    server.Get("/metrics", [&holder](const httplib::Request&, httplib::Response& response) {
        response.set_content(holder.text(), kExpositionContentType);
    });
    server.set_error_handler([](const httplib::Request&, httplib::Response& response) {
        if (response.status == 404) {
            response.set_content(kNotFound, "text/plain; charset=utf-8");
        }
    });

    errno = 0;
    int port = bound_.port;
    if (port == 0) {
        port = server.bind_to_any_port(bound_.host);
    } else if (!server.bind_to_port(bound_.host, port)) {
        port = -1;
    }
    if (port < 0) {
        throw MetricsServerError("cannot listen on " + std::string(listen) + ": " +
                                 bindFailure(errno));
    }
    bound_.port = static_cast<std::uint16_t>(port);

    impl_->thread = std::thread([impl = impl_.get()] {
        impl->server.listen_after_bind();
        impl->finished.store(true);
    });
    // stop() only stops a server whose loop has begun: wait for it.
    while (!server.is_running() && !impl_->finished.load()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
}

MetricsServer::~MetricsServer() {
    impl_->server.stop();
    if (impl_->thread.joinable()) {
        impl_->thread.join();
    }
}

}  // namespace metrics
