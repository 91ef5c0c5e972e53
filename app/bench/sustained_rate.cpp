#include "sustained_rate.h"

#include <chrono>
#include <cmath>
#include <thread>

#include "bench_isrs.h"
#include "monotonic_clock.h"
#include "port_driver.h"
#include "pulse_train.h"
#include "run_controller.h"
#include "scenario.h"
#include "virtual_port.h"

namespace bench {
namespace {

constexpr std::int64_t kSecondNs = 1'000'000'000;

std::string number(double value) {
    return std::to_string(std::llround(value));
}

}  // namespace

SustainedRate virtualFixtureRate(const std::string& scenario_text, const std::string& scenario_name,
                                 double asked_hz, double seconds) {
    const auto duration_ms = std::llround(seconds * 1000);
    engine::RunOptions options;
    options.scenario = engine::parseScenario(
        scenario_text, scenario_name,
        {"duration_ms=" + std::to_string(duration_ms), "stimulus.rate_hz=" + number(asked_hz),
         R"(stimulus.mode="periodic")", R"(timeline=[{"at_ms":0,"step":"connect"}])"});
    options.tool_version = "bench";
    const engine::RunResult result = engine::runScenario(options);
    const engine::RunCounters& c = result.counters;
    SustainedRate rate;
    rate.asked_hz = asked_hz;
    rate.sent = c.stimuli;
    rate.handled = result.statistics.overall().count(engine::Outcome::Serviced);
    rate.achieved_hz = static_cast<double>(c.stimuli) * 1000 / static_cast<double>(duration_ms);
    rate.exact = c.received == c.stimuli && c.interrupts == c.stimuli &&
                 rate.handled == c.stimuli && c.ring_overflow == 0 &&
                 c.stream_missing_records == 0 && c.stream_overflow_lost == 0;
    return rate;
}

SustainedRate virtualPortRate(double asked_hz, double seconds) {
    driver::VirtualPort port;
    driver::PortDriver port_driver(port);
    BenchIsr context{&port, 0};
    connectBenchIsr(port_driver, &countingIsr, context);
    port.writeRegister(driver::SppRegister::Control, hwbridge::spp::kControlIrqEnable);
    engine::StimulusSpec stimulus;
    stimulus.rate_hz = asked_hz;
    const auto planned = static_cast<std::uint64_t>(std::llround(asked_hz * seconds));
    engine::PulseTrain train(port, stimulus, planned);
    const std::int64_t started = hwbridge::monotonicNowNs();
    const std::int64_t give_up = started + static_cast<std::int64_t>(3 * seconds + 1) * kSecondNs;
    train.start();
    while (port.lastStimulusHandled() < planned && hwbridge::monotonicNowNs() < give_up) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    // The train starts a period after start(): its own first edge is the time zero.
    const double elapsed_s =
        static_cast<double>(hwbridge::monotonicNowNs() - started) / 1e9 - 1 / asked_hz;
    train.stop();
    const driver::VirtualPortCounts counts = port.counts();
    SustainedRate rate;
    rate.asked_hz = asked_hz;
    rate.sent = train.counts().sent;
    rate.handled = context.calls;
    rate.achieved_hz = static_cast<double>(context.calls) / elapsed_s;
    rate.exact = rate.handled == rate.sent && counts.edges_raised == rate.sent &&
                 counts.edges_delivered == rate.sent && counts.edges_dropped == 0 &&
                 train.counts().unanswered == 0;
    return rate;
}

}  // namespace bench
