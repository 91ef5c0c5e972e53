// The host facts a result records (from a tree of the test's own), and the real-time settings a
// run asks for: granted and undone where the process may have them, refused with a reason where
// it may not, the run going on either way.
#include <gtest/gtest.h>
#include <sched.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "host_facts.h"
#include "realtime_settings.h"
#include "scenario.h"

namespace {

namespace fs = std::filesystem;

TEST(HostFacts, ThePreemptionModelComesFromUnameOrTheRealtimeFlag) {
    EXPECT_EQ(engine::preemptionModel("#1 SMP PREEMPT_RT Debian 6.1.192-3", ""), "PREEMPT_RT");
    EXPECT_EQ(engine::preemptionModel("#1 SMP PREEMPT_DYNAMIC Debian", ""), "PREEMPT_DYNAMIC");
    EXPECT_EQ(engine::preemptionModel("#1 SMP PREEMPT Debian", ""), "PREEMPT");
    EXPECT_EQ(engine::preemptionModel("#1 SMP Debian", ""), "none");
    EXPECT_EQ(engine::preemptionModel("#1 SMP Debian", "1"), "PREEMPT_RT");
    EXPECT_EQ(engine::preemptionModel("", ""), "unknown");
}

TEST(HostFacts, AreReadFromProcAndSys) {
    const fs::path root = fs::temp_directory_path() / ("isrbench-host-" + std::to_string(getpid()));
    fs::remove_all(root);
    const auto write = [&](const std::string& path, const std::string& text) {
        fs::create_directories((root / path).parent_path());
        std::ofstream(root / path) << text;
    };
    write("proc/cmdline", "BOOT_IMAGE=/vmlinuz root=/dev/sda1 isolcpus=2-3 nohz_full=2-3 quiet\n");
    write("proc/cpuinfo", "processor\t: 0\nmodel name\t: Lab CPU @ 3.0GHz\n");
    write("sys/devices/system/cpu/smt/active", "1\n");
    write("sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", "performance\n");
    write("sys/devices/system/clocksource/clocksource0/current_clocksource", "tsc\n");
    const engine::HostFacts facts = engine::readHostFacts(root.string(), "#1 SMP PREEMPT_RT");
    fs::remove_all(root);
    EXPECT_EQ(facts.preemption, "PREEMPT_RT");
    EXPECT_EQ(facts.isolcpus, "2-3");
    EXPECT_EQ(facts.nohz_full, "2-3");
    EXPECT_EQ(facts.cpu_model, "Lab CPU @ 3.0GHz");
    EXPECT_EQ(facts.smt, "on");
    EXPECT_EQ(facts.governor, "performance");
    EXPECT_EQ(facts.clocksource, "tsc");
    const engine::HostFacts bare = engine::readHostFacts("/nonexistent-root", "");
    EXPECT_EQ(bare.governor, "none (no cpufreq)");
    EXPECT_EQ(bare.smt, "unknown");
    EXPECT_TRUE(bare.isolcpus.empty());
}

// Root (CI) gets SCHED_FIFO and has it undone; anyone else is told why not. Either way the
// grant says what the thread really runs at.
TEST(RealtimeScope, AGrantIsWhatTheThreadRunsAtAndIsUndoneAfter) {
    const int before = sched_getscheduler(0);
    engine::RealtimeRequest request;
    request.priority = 1;
    request.lock_memory = false;
    request.dma_latency = false;
    {
        const engine::RealtimeScope scope(request);
        if (scope.grant().priority == 1) {
            EXPECT_EQ(sched_getscheduler(0), SCHED_FIFO);
            EXPECT_TRUE(scope.grant().refused.empty());
        } else {
            EXPECT_EQ(sched_getscheduler(0), before);
            ASSERT_EQ(scope.grant().refused.size(), 1u);
            EXPECT_NE(scope.grant().refused[0].find("SCHED_FIFO"), std::string::npos);
        }
    }
    EXPECT_EQ(sched_getscheduler(0), before);
}

TEST(RealtimeScope, MemoryAndDmaLatencyAreGrantedOrRefusedWithAReason) {
    engine::RealtimeRequest request;  // lock memory and hold cpu_dma_latency: the defaults
    const engine::RealtimeScope scope(request);
    const engine::RealtimeGrant& grant = scope.grant();
    const std::size_t refused =
        (grant.memory_locked ? 0u : 1u) + (grant.dma_latency_held ? 0u : 1u);
    EXPECT_EQ(grant.refused.size(), refused);
    const std::string said = engine::describeGrant(grant);
    EXPECT_NE(said.find(grant.memory_locked ? "memory locked" : "memory not locked"),
              std::string::npos)
        << said;
    EXPECT_NE(said.find(grant.dma_latency_held ? "cpu_dma_latency 0 us held"
                                               : "cpu_dma_latency not held"),
              std::string::npos)
        << said;
}

TEST(RealtimeScenario, FieldsAreReadAndBadOnesRefused) {
    const auto scenario = engine::parseScenario(
        R"({"realtime": {"priority": 80, "cpus": [1, 3], "lock_memory": false},
            "timeline": [{"at_ms": 0, "step": "connect"}]})",
        "s.json");
    EXPECT_EQ(scenario.realtime.priority, 80);
    EXPECT_EQ(scenario.realtime.cpus, (std::vector<int>{1, 3}));
    EXPECT_FALSE(scenario.realtime.lock_memory);
    EXPECT_TRUE(scenario.realtime.dma_latency);
    const auto error = [](const std::string& realtime) {
        try {
            engine::parseScenario(R"({"realtime": )" + realtime +
                                      R"(, "timeline": [{"at_ms": 0, "step": "connect"}]})",
                                  "s.json");
        } catch (const engine::ScenarioError& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    EXPECT_NE(
        error(R"({"priority": 100})").find("realtime.priority: expected a number from 0 to 99"),
        std::string::npos);
    EXPECT_NE(error(R"({"cpus": [1, -2]})").find("realtime.cpus[1]: expected a CPU number"),
              std::string::npos);
    EXPECT_NE(error(R"({"nice": 5})").find("unknown field"), std::string::npos);
}

}  // namespace
