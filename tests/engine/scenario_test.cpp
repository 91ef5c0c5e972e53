#include "scenario.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "scenario_json.h"

namespace {

using engine::ScenarioError;

constexpr const char* kMinimal = R"({
  "timeline": [
    {"at_ms": 0, "step": "connect"}
  ]
})";

// The error text for `text` (with `overrides`), or "" when it parses.
std::string errorOf(const std::string& text, const std::vector<std::string>& overrides = {}) {
    try {
        engine::parseScenario(text, "s.json", overrides);
    } catch (const ScenarioError& error) {
        return error.what();
    }
    return "";
}

std::string withTimeline(const std::string& steps, const std::string& extra = "") {
    return "{" + extra + "\"timeline\": [" + steps + "]}";
}

const char* kConnect = R"({"at_ms": 0, "step": "connect"})";

TEST(Scenario, TheShippedScenariosParseAndTheDefaultWalksTheWholeLifeCycle) {
    const std::filesystem::path dir = ISRBENCH_SOURCE_DIR "/resources/scenarios";
    int parsed = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (entry.path().extension() == ".json") {
            EXPECT_NO_THROW(engine::loadScenarioFile(entry.path().string())) << entry.path();
            ++parsed;
        }
    }
    EXPECT_GE(parsed, 2);

    const auto scenario = engine::loadScenarioFile((dir / "default.json").string());
    std::vector<std::string> names;
    for (const auto& phase : scenario.phases()) {
        names.push_back(phase.name);
    }
    EXPECT_EQ(names, (std::vector<std::string>{"0 disconnected", "1 active", "2 inactive",
                                               "3 active", "4 disconnected", "5 active"}));
    EXPECT_EQ(scenario.phases().back().end_ms, scenario.duration_ms);
}

TEST(Scenario, DefaultsFillWhatIsNotWritten) {
    const auto s = engine::parseScenario(kMinimal, "s.json");
    EXPECT_EQ(s.backend.kind, engine::BackendKind::VirtualFixture);
    EXPECT_EQ(s.backend.bus, "ideal");
    EXPECT_EQ(s.wiring, "checkit");
    EXPECT_EQ(s.stimulus.rate_hz, 1000);
    ASSERT_EQ(s.isrs.size(), 1u);
    EXPECT_EQ(s.isrs[0].routine, "responder");
    EXPECT_EQ(s.duration_ms, 3000);
    ASSERT_EQ(s.phases().size(), 1u);  // connected from 0 ms: no empty phase before it
    EXPECT_EQ(s.phases()[0].name, "0 active");
}

TEST(Scenario, ARealPortNamesItsDeviceOrGetsTheFirstPort) {
    const auto ppdev =
        engine::parseScenario(withTimeline(kConnect, R"("backend": {"kind": "ppdev"},)"), "s.json");
    EXPECT_EQ(ppdev.backend.kind, engine::BackendKind::Ppdev);
    EXPECT_EQ(ppdev.backend.device, "/dev/parport0");
    EXPECT_FALSE(ppdev.backend.respond_on_irq);
    const auto module = engine::parseScenario(
        withTimeline(kConnect,
                     R"("backend": {"kind": "kernel", "device": "/dev/isrbench-parport1"},)"),
        "s.json");
    EXPECT_EQ(module.backend.kind, engine::BackendKind::KernelModule);
    EXPECT_EQ(module.backend.device, "/dev/isrbench-parport1");
    const auto answered = engine::parseScenario(
        withTimeline(kConnect, R"("backend": {"kind": "ppdev", "respond_on_irq": true},)"),
        "s.json");
    EXPECT_TRUE(answered.backend.respond_on_irq);
}

TEST(Scenario, AVirtualFixtureCanBeGivenADriftingCrystal) {
    const auto drifting = engine::parseScenario(
        withTimeline(kConnect, R"("backend": {"clock_drift_ppm": 50},)"), "s.json");
    EXPECT_EQ(drifting.backend.clock_drift_ppm, 50);
    EXPECT_NE(engine::scenarioToJson(drifting).find("\"clock_drift_ppm\":50"), std::string::npos);
    const auto plain = engine::parseScenario(withTimeline(kConnect, ""), "s.json");
    EXPECT_EQ(engine::scenarioToJson(plain).find("clock_drift_ppm"), std::string::npos);
}

TEST(Scenario, BrokenJsonNamesFileLineAndColumn) {
    const std::string e = errorOf("{\n  \"name\": \"x\",\n  \"timeline\": [,]\n}");
    EXPECT_EQ(e.rfind("s.json:3:", 0), 0u) << e;
    EXPECT_NE(e.find("not valid JSON"), std::string::npos) << e;
}

TEST(Scenario, AWrongValueNamesTheLineAndColumnOfThatValue) {
    const std::string text =
        "{\n"
        "  \"timeline\": [\n"
        "    {\"at_ms\": 0, \"step\": \"connect\"},\n"
        "    {\"at_ms\": 10, \"step\": \"report_idle\"}\n"
        "  ]\n"
        "}";
    const std::string e = errorOf(text);
    EXPECT_EQ(e.rfind("s.json:4:27: timeline[1].step: expected one of", 0), 0u) << e;
    EXPECT_NE(e.find("found \"report_idle\""), std::string::npos) << e;
}

struct BadScenario {
    const char* name;
    std::string text;
    const char* expected;
};

class ScenarioErrors : public ::testing::TestWithParam<BadScenario> {};

TEST_P(ScenarioErrors, AreRefusedWithWhatWasExpected) {
    const std::string e = errorOf(GetParam().text);
    EXPECT_NE(e.find(GetParam().expected), std::string::npos) << e;
    EXPECT_EQ(e.rfind("s.json:", 0), 0u) << e;
}

INSTANTIATE_TEST_SUITE_P(
    EveryPath, ScenarioErrors,
    ::testing::Values(
        BadScenario{"top_not_object", "[1]", "expected a JSON object"},
        BadScenario{"unknown_field", withTimeline(kConnect, R"("tiemline": 1,)"),
                    "tiemline: unknown field"},
        BadScenario{"wrong_type", withTimeline(kConnect, R"("name": 5,)"),
                    "name: expected a string, found 5"},
        BadScenario{"negative_rate", withTimeline(kConnect, R"("stimulus": {"rate_hz": -5},)"),
                    "stimulus.rate_hz: expected a number from 0.001 to 100000, found -5"},
        BadScenario{"fractional_count", withTimeline(kConnect, R"("stimulus": {"count": 1.5},)"),
                    "expected a whole number"},
        BadScenario{"bad_mode", withTimeline(kConnect, R"("stimulus": {"mode": "burst"},)"),
                    "expected one of periodic, random"},
        BadScenario{"bad_bus", withTimeline(kConnect, R"("backend": {"bus": "warp"},)"),
                    "backend.bus: expected a bus model"},
        BadScenario{"bad_faults", withTimeline(kConnect, R"("backend": {"faults": "explode"},)"),
                    "backend.faults: expected a fault plan"},
        BadScenario{"serial_on_virtual", withTimeline(kConnect, R"("backend": {"serial": "A1"},)"),
                    "a serial only selects a USB fixture"},
        BadScenario{"bad_wiring", withTimeline(kConnect, R"("wiring": "laplink",)"),
                    "expected one of checkit, norton"},
        BadScenario{"no_isrs", withTimeline(kConnect, R"("isrs": [],)"), "expected 1 to 16 ISRs"},
        BadScenario{"unknown_isr", withTimeline(kConnect, R"("isrs": [{"isr": "sleeper"}],)"),
                    "isrs[0].isr: expected one of counter, decliner, responder"},
        BadScenario{"no_timeline", R"({"name": "x"})", "timeline: expected an array"},
        BadScenario{"empty_timeline", withTimeline(""), "expected at least one step"},
        BadScenario{"step_without_time", withTimeline(R"({"step": "connect"})"),
                    "needs \"at_ms\" and \"step\""},
        BadScenario{"out_of_order", withTimeline(R"({"at_ms": 50, "step": "connect"},
                                    {"at_ms": 10, "step": "disconnect"})"),
                    "steps must be in time order"},
        BadScenario{"beyond_duration",
                    withTimeline(R"({"at_ms": 5000, "step": "connect"})", R"("duration_ms": 100,)"),
                    "expected a number from 0 to 99"},
        BadScenario{"disconnect_before_connect",
                    withTimeline(R"({"at_ms": 0, "step": "disconnect"})"),
                    "disconnect before any connect"},
        BadScenario{"report_before_connect",
                    withTimeline(R"({"at_ms": 0, "step": "report_inactive"})"),
                    "report_inactive before any connect"},
        BadScenario{"connect_twice", withTimeline(R"({"at_ms": 0, "step": "connect"},
                                    {"at_ms": 5, "step": "connect"})"),
                    "connect while the ISRs are already connected"},
        BadScenario{"device_on_virtual",
                    withTimeline(kConnect, R"("backend": {"device": "/dev/parport0"},)"),
                    "a device only selects a real port (kind ppdev or kernel)"},
        BadScenario{"device_not_a_path",
                    withTimeline(kConnect, R"("backend": {"kind": "ppdev", "device": "lpt1"},)"),
                    "expected a device path like /dev/parport0, found \"lpt1\""},
        BadScenario{
            "respond_on_irq_on_kernel",
            withTimeline(kConnect, R"("backend": {"kind": "kernel", "respond_on_irq": true},)"),
            "respond_on_irq (PPWCTLONIRQ) only applies to kind ppdev"},
        BadScenario{
            "drift_on_usb",
            withTimeline(kConnect, R"("backend": {"kind": "usb-fixture", "clock_drift_ppm": 50},)"),
            "clock_drift_ppm only applies to kind virtual-fixture"},
        BadScenario{"drift_out_of_range",
                    withTimeline(kConnect, R"("backend": {"clock_drift_ppm": 5000},)"),
                    "backend.clock_drift_ppm: expected a number from -1000 to 1000"},
        BadScenario{"unknown_backend", withTimeline(kConnect, R"("backend": {"kind": "lpt"},)"),
                    "expected one of"},
        BadScenario{"bad_threshold", withTimeline(kConnect, R"("thresholds": {"p99_ratio": 0.5},)"),
                    "thresholds.p99_ratio: expected a number from 1 to 1000"}),
    [](const ::testing::TestParamInfo<BadScenario>& bad) { return std::string(bad.param.name); });

TEST(Scenario, SetOverridesAnyFieldWithTheSameChecks) {
    const auto s = engine::parseScenario(kMinimal, "s.json",
                                         {"stimulus.rate_hz=2500", "backend.bus=fixed:250us",
                                          "timeline[1]={\"at_ms\":100,"
                                          "\"step\":\"report_inactive\"}",
                                          "name=overridden run"});
    EXPECT_EQ(s.stimulus.rate_hz, 2500);
    EXPECT_EQ(s.backend.bus, "fixed:250us");
    ASSERT_EQ(s.timeline.size(), 2u);
    EXPECT_EQ(s.timeline[1].step, engine::StepKind::ReportInactive);
    EXPECT_EQ(s.name, "overridden run");
}

TEST(Scenario, AnOverrideThatBreaksARuleIsNamedAsTheCulprit) {
    EXPECT_EQ(errorOf(kMinimal, {"stimulus.rate_hz=-1"}).rfind("--set stimulus.rate_hz=-1: ", 0),
              0u);
    EXPECT_NE(errorOf(kMinimal, {"rate"}).find("expected PATH=VALUE"), std::string::npos);
    EXPECT_NE(errorOf(kMinimal, {"timeline[7].at_ms=3"}).find("no array element 7"),
              std::string::npos);
}

TEST(Scenario, AnUnreadableFileIsAClearError) {
    try {
        engine::loadScenarioFile("/nonexistent/scenario.json");
        FAIL() << "no error";
    } catch (const ScenarioError& error) {
        EXPECT_EQ(std::string(error.what()).rfind("/nonexistent/scenario.json: cannot read", 0), 0u)
            << error.what();
    }
}

}  // namespace
