// The live session as exposition: the families and labels a hand-made snapshot gives, counters
// that never decrease across snapshots (and start again with a new session), what promtool says
// of it, and a live session on the virtual fixture scraped over HTTP.
#include "live_metrics.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <cstdio>
#include <map>
#include <sstream>
#include <string>

#include "live_endpoint.h"
#include "live_snapshots.h"
#include "metrics_server.h"
#include "promtool_check.h"

namespace {

using engine::LiveSnapshot;
using engine::Outcome;

constexpr const char* kLabels = R"(bench="lab \"3\"",source="virtual fixture")";

std::size_t at(Outcome outcome) {
    return static_cast<std::size_t>(outcome);
}

LiveSnapshot handMade() {
    LiveSnapshot snapshot;
    snapshot.now_ns = 5'000'000'000;
    snapshot.state = engine::PortState::Active;
    snapshot.stimulus_running = true;
    snapshot.rate_hz = 1000;
    snapshot.source_label = "virtual fixture";
    snapshot.simulated = true;
    snapshot.totals[at(Outcome::Serviced)] = 3;
    snapshot.totals[at(Outcome::Suppressed)] = 10;
    snapshot.totals[at(Outcome::Unclaimed)] = 20;
    snapshot.totals[at(Outcome::Lost)] = 2;
    snapshot.phase[at(Outcome::Serviced)] = 3;
    for (const std::int64_t ns : {800, 3'000, 40'000}) {
        snapshot.session_latency.record(ns);
        snapshot.histogram.record(ns);
    }
    snapshot.phase_latency = snapshot.histogram.summary();
    snapshot.interrupts_per_second = 1000;
    return snapshot;
}

// {series (name and labels): value} of an exposition's sample lines.
std::map<std::string, double> samplesOf(const std::string& text) {
    std::map<std::string, double> samples;
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.empty() || line[0] == '#') {
            continue;
        }
        const std::size_t space = line.rfind(' ');
        samples[line.substr(0, space)] = std::stod(line.substr(space + 1));
    }
    return samples;
}

TEST(LiveMetrics, AHandMadeSnapshotGivesEveryFamilyWithItsLabels) {
    metrics::LiveMetrics live("lab \"3\"");
    const std::string text = live.text(handMade());
    const auto has = [&](const std::string& line) {
        return text.find(line + "\n") != std::string::npos;
    };
    const std::string labels = kLabels;
    EXPECT_TRUE(has("isrbench_simulated{" + labels + "} 1")) << text;
    EXPECT_TRUE(has("isrbench_live_session_seconds{" + labels + "} 5"));
    EXPECT_TRUE(has("# TYPE isrbench_live_stimuli_total counter"));
    EXPECT_TRUE(has("isrbench_live_stimuli_total{" + labels + R"(,class="serviced"} 3)"));
    EXPECT_TRUE(has("isrbench_live_stimuli_total{" + labels + R"(,class="suppressed"} 10)"));
    EXPECT_TRUE(has("isrbench_live_stimuli_total{" + labels + R"(,class="unclaimed"} 20)"));
    EXPECT_TRUE(has("isrbench_live_stimuli_total{" + labels + R"(,class="lost"} 2)"));
    EXPECT_TRUE(has("isrbench_live_stimuli_total{" + labels + R"(,class="violation"} 0)"));
    // The session's histogram in the bounds metrics.prom uses.
    EXPECT_TRUE(has("# TYPE isrbench_live_interrupt_latency_seconds histogram"));
    EXPECT_TRUE(
        has("isrbench_live_interrupt_latency_seconds_bucket{" + labels + R"(,le="1e-06"} 1)"));
    EXPECT_TRUE(
        has("isrbench_live_interrupt_latency_seconds_bucket{" + labels + R"(,le="2.5e-06"} 1)"));
    EXPECT_TRUE(
        has("isrbench_live_interrupt_latency_seconds_bucket{" + labels + R"(,le="5e-06"} 2)"));
    EXPECT_TRUE(
        has("isrbench_live_interrupt_latency_seconds_bucket{" + labels + R"(,le="5e-05"} 3)"));
    EXPECT_TRUE(
        has("isrbench_live_interrupt_latency_seconds_bucket{" + labels + R"(,le="+Inf"} 3)"));
    EXPECT_TRUE(has("isrbench_live_interrupt_latency_seconds_count{" + labels + "} 3"));
    EXPECT_TRUE(has("isrbench_live_interrupt_latency_seconds_sum{" + labels + "} 4.38e-05"));
    // The phase in force, by state.
    EXPECT_TRUE(has("isrbench_live_state{" + labels + R"(,state="active"} 1)"));
    EXPECT_TRUE(has("isrbench_live_state{" + labels + R"(,state="inactive"} 0)"));
    EXPECT_TRUE(
        has("isrbench_live_phase_stimuli{" + labels + R"(,state="active",class="serviced"} 3)"));
    EXPECT_TRUE(
        has("isrbench_live_phase_latency_max_seconds{" + labels + R"(,state="active"} 4e-05)"));
    EXPECT_TRUE(has("isrbench_live_stimulus_rate_hertz{" + labels + "} 1000"));
    EXPECT_TRUE(has("isrbench_live_fixture_attached{" + labels + "} 1"));
}

TEST(LiveMetrics, RealHardwareIsNotSimulatedAndAnIdlePhaseHasNoLatencyFigure) {
    LiveSnapshot snapshot;
    snapshot.source_label = "ppdev /dev/parport0";
    snapshot.simulated = false;
    metrics::LiveMetrics live("bench");
    const std::string text = live.text(snapshot);
    EXPECT_NE(text.find(R"(isrbench_simulated{bench="bench",source="ppdev /dev/parport0"} 0)"),
              std::string::npos);
    EXPECT_EQ(text.find("isrbench_live_phase_latency_max_seconds{"), std::string::npos);
    EXPECT_NE(text.find("# TYPE isrbench_live_phase_latency_max_seconds gauge"), std::string::npos);
}

TEST(LiveMetrics, CountersNeverDecreaseAcrossSnapshots) {
    metrics::LiveMetrics live("lab \"3\"");
    LiveSnapshot first = handMade();
    const std::map<std::string, double> before = samplesOf(live.text(first));

    LiveSnapshot second = first;
    second.now_ns += 1'000'000'000;
    second.totals[at(Outcome::Serviced)] += 2;
    second.totals[at(Outcome::Lost)] = 1;  // an estimate revised down
    second.session_latency.record(120'000);
    second.session_latency.record(2'000);
    // A new phase: the phase figures start again, the session's do not.
    second.state = engine::PortState::Inactive;
    second.phase = {};
    second.histogram.clear();
    second.phase_latency = {};
    const std::map<std::string, double> after = samplesOf(live.text(second));

    int counters = 0;
    for (const auto& [series, value] : before) {
        const bool counter = series.find("_total{") != std::string::npos ||
                             series.find("_latency_seconds_bucket{") != std::string::npos ||
                             series.find("_latency_seconds_count{") != std::string::npos ||
                             series.find("_latency_seconds_sum{") != std::string::npos;
        if (!counter) {
            continue;
        }
        ++counters;
        ASSERT_TRUE(after.count(series)) << series;
        EXPECT_GE(after.at(series), value) << series;
    }
    // Five classes, violations, ring overflow, and the histogram's 17 buckets, sum and count.
    EXPECT_EQ(counters, 5 + 2 + 17 + 2);
    const std::string labels = kLabels;
    EXPECT_EQ(after.at("isrbench_live_stimuli_total{" + labels + R"(,class="serviced"})"), 5);
    EXPECT_EQ(after.at("isrbench_live_stimuli_total{" + labels + R"(,class="lost"})"), 2);
    EXPECT_EQ(after.at("isrbench_live_interrupt_latency_seconds_count{" + labels + "}"), 5);
    EXPECT_EQ(after.at("isrbench_live_phase_stimuli{" + labels +
                       R"(,state="inactive",class="serviced"})"),
              0);
}

TEST(LiveMetrics, ANewSessionStartsTheCountersAgain) {
    metrics::LiveMetrics live("lab \"3\"");
    LiveSnapshot old_session = handMade();
    old_session.totals[at(Outcome::Lost)] = 50;
    live.text(old_session);
    LiveSnapshot fresh;  // the window opened another session: its clock starts again
    fresh.now_ns = 200'000'000;
    fresh.source_label = "virtual fixture";
    const std::map<std::string, double> after = samplesOf(live.text(fresh));
    const std::string labels = kLabels;
    EXPECT_EQ(after.at("isrbench_live_stimuli_total{" + labels + R"(,class="lost"})"), 0);
    EXPECT_EQ(after.at("isrbench_live_stimuli_total{" + labels + R"(,class="serviced"})"), 0);
}

TEST(LiveMetrics, PromtoolAcceptsTheServedBody) {
    metrics::LiveEndpoint endpoint("127.0.0.1:0", "lab \"3\"\nwest");
    endpoint.publish(handMade());
    httplib::Client client("127.0.0.1", metrics::parseListenAddress(endpoint.boundAddress()).port);
    const httplib::Result got = client.Get("/metrics");
    ASSERT_TRUE(got) << httplib::to_string(got.error());
    ASSERT_EQ(got->status, 200);
    EXPECT_NE(got->body.find(R"(bench="lab \"3\"\nwest")"), std::string::npos);
    if (!metrics_test::havePromtool()) {
        GTEST_SKIP() << "promtool is not installed (Debian package prometheus)";
    }
    const testing_support::ShellOutcome promtool = metrics_test::promtoolCheck(got->body);
    EXPECT_EQ(promtool.exit_code, 0) << promtool.output << "\n" << got->body;
}

TEST(LiveEndpoint, PublishesAtMostOnceASecondWhenOfferedEveryFrame) {
    metrics::LiveEndpoint endpoint("127.0.0.1:0", "bench");
    const LiveSnapshot snapshot = handMade();
    EXPECT_TRUE(endpoint.offer(snapshot));  // the first is published at once
    // Offered again straight away: well within a second of the first on any host.
    EXPECT_FALSE(endpoint.offer(snapshot));
    EXPECT_EQ(endpoint.holder().publications(), 1u);
}

// The engine's live session on the virtual fixture, scraped as Prometheus would.
TEST(LiveEndpoint, ALiveSessionsServicedStimuliShowOnTheEndpoint) {
    engine::LiveSession session(engine::LiveOptions{});
    metrics::LiveEndpoint endpoint("127.0.0.1:0", "bench");
    ASSERT_EQ(session.connect().status, "STATUS_SUCCESS");
    ASSERT_EQ(session.startStimulus(1000).status, "ok");
    const LiveSnapshot snapshot = test_support::waitFor(
        session, [](const LiveSnapshot& s) { return s.totals[at(Outcome::Serviced)] >= 50; },
        std::chrono::seconds(20));
    session.stopStimulus();
    ASSERT_GE(snapshot.totals[at(Outcome::Serviced)], 50u);
    endpoint.publish(snapshot);

    httplib::Client client("127.0.0.1", metrics::parseListenAddress(endpoint.boundAddress()).port);
    const httplib::Result got = client.Get("/metrics");
    ASSERT_TRUE(got);
    const std::map<std::string, double> samples = samplesOf(got->body);
    const std::string labels = R"(bench="bench",source=")" + snapshot.source_label + '"';
    EXPECT_GE(samples.at("isrbench_live_stimuli_total{" + labels + R"(,class="serviced"})"), 50);
    EXPECT_EQ(samples.at("isrbench_live_interrupt_latency_seconds_count{" + labels + "}"),
              samples.at("isrbench_live_stimuli_total{" + labels + R"(,class="serviced"})"));
    EXPECT_EQ(samples.at("isrbench_simulated{" + labels + "}"), 1);
    EXPECT_EQ(samples.at("isrbench_live_stimuli_total{" + labels + R"(,class="violation"})"), 0);
}

}  // namespace
