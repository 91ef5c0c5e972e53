// The window with a metrics endpoint (WindowOptions::metrics_listen): the status bar names it,
// and a scrape while a stimulus train runs shows the serviced stimuli the window counts.
#include <gtest/gtest.h>
#include <httplib.h>

#include <QLabel>
#include <string>

#include "exposition.h"
#include "host_facts.h"
#include "live_endpoint.h"
#include "metrics_error.h"
#include "window_fixture.h"

namespace {

std::string scrape(const metrics::LiveEndpoint& endpoint) {
    const metrics::ListenAddress address = metrics::parseListenAddress(endpoint.boundAddress());
    httplib::Client client(address.host, address.port);
    const httplib::Result got = client.Get("/metrics");
    return got && got->status == 200 ? got->body : std::string();
}

// The value of the first sample line starting with `series` ("" if none).
std::string valueOf(const std::string& body, const std::string& series) {
    const std::size_t at = body.find('\n' + series + ' ');
    if (at == std::string::npos) {
        return {};
    }
    const std::size_t start = at + series.size() + 2;
    return body.substr(start, body.find('\n', start) - start);
}

TEST(MetricsEndpoint, TheWindowServesItsSessionWhileATrainRuns) {
    ui::WindowOptions options;
    options.metrics_listen = "127.0.0.1:0";
    const auto window = uitest::openWindow(std::move(options));
    const metrics::LiveEndpoint* endpoint = window->metricsEndpoint();
    ASSERT_NE(endpoint, nullptr);
    auto* label = window->findChild<QLabel*>(QStringLiteral("metricsLabel"));
    ASSERT_NE(label, nullptr);
    EXPECT_TRUE(label->text().contains(QString::fromStdString(endpoint->url())))
        << label->text().toStdString();

    window->controller().carryOut(engine::StepKind::Connect);
    window->controller().startStimulus(1000);
    const std::string labels = metrics::label("bench", engine::hostName()) + ',' +
                               metrics::label("source", window->lastSnapshot().source_label);
    const std::string serviced = "isrbench_live_stimuli_total{" + labels + R"(,class="serviced"})";
    std::string body;
    // Published once a second from the frames: wait for a scrape that shows serviced stimuli.
    const bool shown = uitest::waitUntil(
        [&] {
            body = scrape(*endpoint);
            const std::string value = valueOf(body, serviced);
            return !value.empty() && value != "0";
        },
        20000);
    window->controller().stopStimulus();
    EXPECT_TRUE(shown) << body;
    EXPECT_EQ(valueOf(body, "isrbench_simulated{" + labels + "}"), "1") << body;
    EXPECT_EQ(valueOf(body, "isrbench_live_stimuli_total{" + labels + R"(,class="violation"})"),
              "0");
    EXPECT_NE(valueOf(body, "isrbench_live_interrupt_latency_seconds_count{" + labels + "}"), "0");
}

TEST(MetricsEndpoint, ABusyAddressStopsTheWindowFromOpeningWithTheReason) {
    ui::WindowOptions first_options;
    first_options.metrics_listen = "127.0.0.1:0";
    const auto first = uitest::openWindow(std::move(first_options));
    ui::WindowOptions second_options;
    second_options.metrics_listen = first->metricsEndpoint()->boundAddress();
    try {
        const auto second = uitest::openWindow(std::move(second_options));
        FAIL() << "a second window opened on a busy address";
    } catch (const metrics::MetricsServerError& error) {
        EXPECT_NE(std::string(error.what()).find("already in use"), std::string::npos)
            << error.what();
    }
}

}  // namespace
