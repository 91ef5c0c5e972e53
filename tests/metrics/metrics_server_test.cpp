// The HTTP endpoint: GET /metrics serves what the holder holds with Prometheus's content type,
// other paths are 404, an address that cannot be used is a sentence saying why.
#include "metrics_server.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <string>

#include "exposition.h"
#include "listen_address.h"
#include "metrics_holder.h"

namespace {

using metrics::MetricsHolder;
using metrics::MetricsServer;
using metrics::MetricsServerError;

std::string errorOf(const std::string& listen, const MetricsHolder& holder) {
    try {
        MetricsServer server(listen, holder);
    } catch (const MetricsServerError& error) {
        return error.what();
    }
    return "(no error)";
}

TEST(MetricsServer, ServesTheHoldersTextAtMetricsWithPrometheusContentType) {
    MetricsHolder holder;
    holder.publish("# TYPE isrbench_up gauge\nisrbench_up 1\n");
    MetricsServer server("127.0.0.1:0", holder);
    ASSERT_NE(server.port(), 0);
    EXPECT_EQ(server.boundAddress(), "127.0.0.1:" + std::to_string(server.port()));
    EXPECT_EQ(server.url(), "http://127.0.0.1:" + std::to_string(server.port()) + "/metrics");

    httplib::Client client("127.0.0.1", server.port());
    const httplib::Result got = client.Get("/metrics");
    ASSERT_TRUE(got) << httplib::to_string(got.error());
    EXPECT_EQ(got->status, 200);
    EXPECT_EQ(got->get_header_value("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
    EXPECT_EQ(got->get_header_value("Content-Type"), metrics::kExpositionContentType);
    EXPECT_EQ(got->body, "# TYPE isrbench_up gauge\nisrbench_up 1\n");

    // A new publication is what the next scrape sees.
    holder.publish("isrbench_up 0\n");
    const httplib::Result again = client.Get("/metrics");
    ASSERT_TRUE(again);
    EXPECT_EQ(again->body, "isrbench_up 0\n");
    EXPECT_EQ(holder.publications(), 2u);
}

TEST(MetricsServer, AnotherPathIsNotFound) {
    MetricsHolder holder;
    holder.publish("isrbench_up 1\n");
    MetricsServer server("127.0.0.1:0", holder);
    httplib::Client client("127.0.0.1", server.port());
    for (const char* path : {"/", "/metric", "/metrics/x", "/favicon.ico"}) {
        const httplib::Result got = client.Get(path);
        ASSERT_TRUE(got) << path;
        EXPECT_EQ(got->status, 404) << path;
        EXPECT_NE(got->body.find("/metrics"), std::string::npos) << path;
    }
}

TEST(MetricsServer, ABusyPortIsRefusedWithAClearError) {
    MetricsHolder holder;
    MetricsServer first("127.0.0.1:0", holder);
    const std::string listen = "127.0.0.1:" + std::to_string(first.port());
    const std::string error = errorOf(listen, holder);
    EXPECT_NE(error.find("cannot listen on " + listen), std::string::npos) << error;
    EXPECT_NE(error.find("already in use"), std::string::npos) << error;
    // The first still serves.
    httplib::Client client("127.0.0.1", first.port());
    const httplib::Result got = client.Get("/metrics");
    ASSERT_TRUE(got);
    EXPECT_EQ(got->status, 200);
}

TEST(MetricsServer, ABadAddressIsRefusedWithAClearError) {
    MetricsHolder holder;
    EXPECT_NE(errorOf("127.0.0.1", holder).find("no port"), std::string::npos);
    EXPECT_NE(errorOf("127.0.0.1:http", holder).find("0 to 65535"), std::string::npos);
    EXPECT_NE(errorOf("127.0.0.1:65536", holder).find("0 to 65535"), std::string::npos);
    EXPECT_NE(errorOf(":9464", holder).find("no host"), std::string::npos);
    EXPECT_NE(errorOf("::1:9464", holder).find("brackets"), std::string::npos);
    EXPECT_NE(errorOf("no-such-host.invalid:0", holder).find("does not resolve"),
              std::string::npos);
    // TEST-NET-1 (RFC 5737) is nobody's address.
    EXPECT_NE(errorOf("192.0.2.1:0", holder).find("not one of this machine's"), std::string::npos);
}

TEST(MetricsServer, StopsWhenDestroyedAndFreesItsPort) {
    MetricsHolder holder;
    std::uint16_t port = 0;
    {
        MetricsServer server("127.0.0.1:0", holder);
        port = server.port();
    }
    // The port can be listened on again at once.
    MetricsServer again("127.0.0.1:" + std::to_string(port), holder);
    EXPECT_EQ(again.port(), port);
}

TEST(ListenAddress, ParsesHostAndPort) {
    const metrics::ListenAddress v4 = metrics::parseListenAddress("0.0.0.0:9464");
    EXPECT_EQ(v4.host, "0.0.0.0");
    EXPECT_EQ(v4.port, 9464);
    EXPECT_EQ(v4.text(), "0.0.0.0:9464");
    const metrics::ListenAddress v6 = metrics::parseListenAddress("[::1]:0");
    EXPECT_EQ(v6.host, "::1");
    EXPECT_EQ(v6.port, 0);
    EXPECT_EQ(v6.text(), "[::1]:0");
    EXPECT_EQ(metrics::parseListenAddress("localhost:65535").port, 65535);
}

}  // namespace
