// DESIGN.md, Threads: the interrupt path allocates nothing. A whole run on the virtual fixture
// with the responder answering every interrupt, every allocation counted that is made while the
// report thread dispatches a packet: from its arrival through decoding, the driver's dispatch,
// the ISRs (their register access included) and the recorder, to the queued writes going out.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "allocation_counter.h"
#include "driver_harness.h"
#include "fixture_port.h"
#include "port_driver.h"
#include "run_controller.h"
#include "virtual_fixture.h"

namespace {

using namespace std::chrono_literals;

std::atomic<int*> g_escape{nullptr};  // keeps the compiler from eliding the allocation below

// The counter counts: an ISR that allocates is seen, once per call.
TEST(InterruptPath, TheCounterSeesAnIsrThatAllocates) {
    hwbridge::VirtualFixture fixture;
    driver::FixturePort port(fixture);
    driver::PortDriver port_driver(port);
    std::atomic<int> calls{0};
    auto allocating = +[](contract::KINTERRUPT*, void* context) {
        g_escape.store(new int(1));
        delete g_escape.exchange(nullptr);
        static_cast<std::atomic<int>*>(context)->fetch_add(1);
        return true;
    };
    ASSERT_EQ(testing_support::connect(port_driver, {allocating, &calls, nullptr, nullptr}).status,
              contract::NtStatus::Success);
    const std::uint64_t before = testing_support::interruptPathAllocations();
    ASSERT_TRUE(port.client().setIrqEnable(true).ok());
    ASSERT_TRUE(
        port.client().startStimulus({hwbridge::wire::StimulusMode::Burst, 100, 20'000, 0}).ok());
    for (int waited = 0; calls.load() < 100 && waited < 5000; ++waited) {
        std::this_thread::sleep_for(1ms);
    }
    ASSERT_EQ(calls.load(), 100);
    EXPECT_EQ(testing_support::interruptPathAllocations() - before, 100u);
}

TEST(InterruptPath, AWholeRunWithTheResponderAllocatesNothingOnTheInterruptPath) {
    engine::RunOptions options;
    options.scenario =
        engine::loadScenarioFile(ISRBENCH_SOURCE_DIR "/resources/scenarios/default.json",
                                 {"duration_ms=1500", R"(timeline=[{"at_ms":0,"step":"connect"},)"
                                                      R"({"at_ms":700,"step":"report_inactive"},)"
                                                      R"({"at_ms":1000,"step":"report_active"}])"});
    options.tool_version = "test";
    const std::uint64_t before = testing_support::interruptPathAllocations();
    const engine::RunResult result = engine::runScenario(options);
    const std::uint64_t allocations = testing_support::interruptPathAllocations() - before;

    ASSERT_TRUE(result.valid()) << result.problems.front();
    std::uint64_t serviced = 0;
    std::uint64_t answered = 0;
    for (std::size_t i = 0; i < result.phases.size(); ++i) {
        serviced += result.statistics.phase(i).count(engine::Outcome::Serviced);
        answered += result.statistics.phase(i).round_trip.count();
    }
    ASSERT_GT(serviced, 500u);
    EXPECT_GT(answered, serviced / 2);  // the responder wrote from interrupt level, and it landed
    EXPECT_EQ(result.counters.isr_register_writes, serviced);
    EXPECT_EQ(allocations, 0u) << "over " << result.counters.interrupts << " interrupts";
}

}  // namespace
