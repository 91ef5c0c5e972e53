// A whole `isrbench run` through libusb: the USB scenario (decliner and responder connected) on
// the fixture emulated by umockdev in this process, the production executable unchanged in a
// child process (umockdev's preload, inherited, sends its ioctls here).
#include <gtest/gtest.h>
#include <stdlib.h>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <chrono>
#include <filesystem>
#include <future>
#include <string>
#include <thread>

#include "shell_command.h"
#include "usb_emulator.h"

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

using testing_support::ShellOutcome;

// The scenario's life cycle squeezed into 3 s: active, inactive, active again.
const char* const kThreeSeconds =
    " --set duration_ms=3000 --set 'timeline=[{\"at_ms\":0,\"step\":\"connect\"},"
    "{\"at_ms\":1500,\"step\":\"report_inactive\"},{\"at_ms\":2000,\"step\":\"report_active\"}]'";

class UsbRun : public ::testing::Test {
protected:
    fs::path dir;
    usbtest::UsbEmulator emulator;

    void SetUp() override {
        std::string name = (fs::temp_directory_path() / "isrbench-usb-run-XXXXXX").string();
        ASSERT_NE(mkdtemp(name.data()), nullptr);
        dir = name;
        emulator.plug();
    }
    void TearDown() override { fs::remove_all(dir); }

    // `isrbench run` of the USB scenario, on its own thread: this one stays free to unplug.
    std::future<ShellOutcome> startRun(const std::string& extra) const {
        const std::string command = std::string(ISRBENCH_EXECUTABLE) +
                                    " run --quiet --scenario " ISR_SCENARIO_DIR
                                    "/usb-high-speed-jitter.json --out " +
                                    (dir / "out").string() + " --history " +
                                    (dir / "history.sqlite").string() + extra + " 2>&1";
        return std::async(std::launch::async,
                          [command] { return testing_support::runShell(command); });
    }

    QJsonObject result() const {
        QFile file(QString::fromStdString((dir / "out" / "result.json").string()));
        if (!file.open(QIODevice::ReadOnly)) {
            return {};
        }
        return QJsonDocument::fromJson(file.readAll()).object();
    }
};

std::int64_t count(const QJsonObject& object, const char* key) {
    return object.value(key).toInteger(-1);
}

// Every stimulus in one class, every serviced one with its round trip: the responder's register
// write reached the fixture from interrupt level, and the fixture saw its edge. An unplug may cut
// off the answers still on their way (`cut_off`, at most the transport's pool of transfers).
void expectEveryServicedStimulusAnswered(const QJsonObject& run, std::int64_t cut_off = 0) {
    std::int64_t serviced = 0;
    for (const auto& value : run.value("phases").toArray()) {
        const QJsonObject phase = value.toObject();
        const QJsonObject classes = phase.value("counts").toObject();
        const std::int64_t sum = count(classes, "serviced") + count(classes, "suppressed") +
                                 count(classes, "unclaimed") + count(classes, "lost") +
                                 count(classes, "violation");
        EXPECT_EQ(sum, count(phase, "stimuli")) << phase.value("name").toString().toStdString();
        const std::int64_t answered = count(phase.value("round_trip_ns").toObject(), "count");
        EXPECT_LE(answered, count(classes, "serviced"));
        EXPECT_GE(answered, count(classes, "serviced") - cut_off)
            << phase.value("name").toString().toStdString();
        serviced += count(classes, "serviced");
    }
    const QJsonObject counters = run.value("counters").toObject();
    EXPECT_GT(serviced, 0);
    EXPECT_EQ(count(counters, "isr_register_writes"), serviced);
    EXPECT_LE(count(counters, "isr_register_writes_lost"), cut_off);
    EXPECT_EQ(count(counters, "client_violations"), 0);
    EXPECT_EQ(count(counters, "driver_violations"), 0);
}

TEST_F(UsbRun, TheUsbScenarioRunsToTheEndWithEveryServicedInterruptAnswered) {
    const ShellOutcome outcome = startRun(kThreeSeconds).get();
    ASSERT_EQ(outcome.exit_code, 0) << outcome.output;
    const QJsonObject run = result();
    ASSERT_FALSE(run.isEmpty()) << outcome.output;
    EXPECT_TRUE(run.value("valid").toBool()) << outcome.output;
    EXPECT_FALSE(run.value("source").toObject().value("simulated").toBool());
    const QJsonArray phases = run.value("phases").toArray();
    ASSERT_EQ(phases.size(), 3);
    for (const auto& value : phases) {
        const QJsonObject classes = value.toObject().value("counts").toObject();
        EXPECT_EQ(count(classes, "lost"), 0) << outcome.output;
    }
    EXPECT_GT(count(phases[1].toObject().value("counts").toObject(), "suppressed"), 0);
    expectEveryServicedStimulusAnswered(run);
}

constexpr std::int64_t kInterruptLevelTransfers = 16;  // LibusbTransportOptions' default

// An unplug ends the run with a clear reason; what was recorded before it is reported, each
// serviced stimulus still with its round trip.
TEST_F(UsbRun, AnUnplugMidRunEndsItAndKeepsWhatWasRecorded) {
    auto running = startRun(" --set duration_ms=30000");
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    while (emulator.edgesSent() < 2000 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(10ms);
    }
    ASSERT_GE(emulator.edgesSent(), 2000u);
    emulator.unplug();
    const ShellOutcome outcome = running.get();
    const QJsonObject run = result();
    ASSERT_FALSE(run.isEmpty()) << outcome.output;
    EXPECT_NE(outcome.output.find("unplugged"), std::string::npos) << outcome.output;
    EXPECT_EQ(count(run.value("counters").toObject(), "removals"), 1);
    EXPECT_GE(count(run.value("counters").toObject(), "received"), 2000);
    EXPECT_EQ(run.value("run").toObject().value("end_reason").toString().toStdString(),
              "the fixture was unplugged during the run");
    expectEveryServicedStimulusAnswered(run, kInterruptLevelTransfers);
}

}  // namespace
