// The port driver on a fixture: the virtual fixture behind the Transport interface, exactly the
// path a USB fixture takes. Interrupts, responses, clock mapping, removal and re-attach.
#include "fixture_port.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "codec.h"
#include "driver_harness.h"
#include "fixture_model.h"
#include "in_process_transport.h"
#include "monotonic_clock.h"
#include "spp_registers.h"
#include "virtual_fixture.h"

namespace {

using namespace std::chrono_literals;
using namespace testing_support;
using contract::NtStatus;

class Recorder final : public driver::InterruptObserver {
public:
    void onInterruptHandled(const driver::InterruptRecord& record) noexcept override {
        std::lock_guard lock(mutex_);
        records_.push_back(record);
    }
    std::vector<driver::InterruptRecord> records() {
        std::lock_guard lock(mutex_);
        return records_;
    }
    std::size_t size() {
        std::lock_guard lock(mutex_);
        return records_.size();
    }

private:
    std::mutex mutex_;
    std::vector<driver::InterruptRecord> records_;
};

// A responder that toggles D0 through the port, as the console's does.
struct Responder {
    driver::PortHardware* port = nullptr;
    std::atomic<int> calls{0};
    static bool routine(contract::KINTERRUPT*, void* context) {
        auto* self = static_cast<Responder*>(context);
        self->calls.fetch_add(1);
        const auto data = self->port->readRegister(driver::SppRegister::Data);
        self->port->writeRegister(driver::SppRegister::Data, data ^ 0x01);
        return true;
    }
};

class FixturePortTest : public ::testing::Test {
protected:
    Recorder recorder;
    Responder responder;
    std::unique_ptr<hwbridge::VirtualFixture> fixture;
    std::unique_ptr<driver::FixturePort> port;
    std::unique_ptr<driver::PortDriver> driver;

    void make(hwbridge::VirtualFixtureOptions options = {}) {
        fixture = std::make_unique<hwbridge::VirtualFixture>(std::move(options));
        port = std::make_unique<driver::FixturePort>(*fixture);
        driver = std::make_unique<driver::PortDriver>(*port);
        driver->setObserver(&recorder);
        responder.port = port.get();
        ASSERT_TRUE(port->client().setIrqEnable(true).ok());
    }
    void TearDown() override {
        driver.reset();  // before the port it listens to, before the fixture
        port.reset();
        fixture.reset();
    }
    void connectResponder() {
        ASSERT_EQ(connect(*driver, {&Responder::routine, &responder, nullptr, nullptr}).status,
                  NtStatus::Success);
    }
    // Waits on the observer, the last step of a dispatch: once it has seen n interrupts, the
    // counters, the routines' effects and the records of all n are in place.
    void waitForInterrupts(std::uint64_t n) {
        const auto deadline = std::chrono::steady_clock::now() + 5s;
        while (recorder.size() < n && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(1ms);
        }
    }
    void burst(std::uint32_t count, std::uint64_t spacing_ns) {
        const auto started = port->client().startStimulus(
            {hwbridge::wire::StimulusMode::Burst, count, spacing_ns, 0});
        ASSERT_TRUE(started.ok()) << started.error.text();
    }
};

TEST_F(FixturePortTest, EveryStimulusIsServicedAndAnsweredWithTimesOnTheHostClock) {
    make();
    connectResponder();
    burst(500, 50'000);
    waitForInterrupts(500);
    const auto counts = driver->counters().interrupts;
    EXPECT_EQ(counts.serviced, 500u);
    EXPECT_EQ(responder.calls.load(), 500);
    const auto deadline = std::chrono::steady_clock::now() + 2s;
    while (port->counts().response_edges < 500 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(1ms);
    }
    EXPECT_EQ(port->counts().response_edges, 500u);  // each D0 toggle came back on nError
    EXPECT_EQ(port->counts().missing_records, 0u);

    const auto clock = port->clock();
    ASSERT_TRUE(clock.valid);
    EXPECT_LT(clock.error_bound_ns, 1'000'000);
    for (const auto& record : recorder.records()) {
        EXPECT_LE(record.edge.t_edge_ns - static_cast<std::int64_t>(clock.error_bound_ns),
                  record.edge.t_arrive_ns);
        EXPECT_LE(record.edge.t_arrive_ns, record.t_isr_ns);
    }
}

TEST_F(FixturePortTest, AFixedDelayBusShowsInTheBusPartOfTheLatency) {
    hwbridge::VirtualFixtureOptions options;
    options.bus = *hwbridge::parseBusModel("fixed:250us");
    make(options);
    connectResponder();
    burst(100, 500'000);
    waitForInterrupts(100);
    std::vector<std::int64_t> bus;
    for (const auto& record : recorder.records()) {
        bus.push_back(record.edge.t_arrive_ns - record.edge.t_edge_ns);
    }
    ASSERT_EQ(bus.size(), 100u);
    std::sort(bus.begin(), bus.end());
    // Never earlier than the bus delay, less what the clock mapping may be off by.
    EXPECT_GE(bus.front(), 250'000 - static_cast<std::int64_t>(port->clock().error_bound_ns));
}

// A fixture whose crystal gains 50 ppm: the port keeps fitting its clock while the run goes on,
// and every mapping, now and up to the next re-synchronisation, stays within its bound.
TEST_F(FixturePortTest, ADriftingFixtureClockIsTrackedAndEveryMappingStaysWithinItsBound) {
    hwbridge::VirtualFixtureOptions options;
    options.model.clock_drift_ppm = 50;
    make(options);
    const hwbridge::FixtureModel& model = fixture->model();
    const auto mapping_error = [&](const hwbridge::ClockEstimate& clock, std::int64_t host_ns) {
        return static_cast<double>(
            std::llabs(clock.toHost(model.fixtureTimeAt(host_ns)) - host_ns));
    };
    for (int round = 0; round < 12; ++round) {
        std::this_thread::sleep_for(100ms);
        ASSERT_TRUE(port->trackClock());
        const hwbridge::ClockEstimate clock = port->clock();
        const std::int64_t now = hwbridge::monotonicNowNs();
        const std::int64_t next_round = now + 250'000'000;
        EXPECT_LE(mapping_error(clock, now), clock.errorBoundAt(now)) << round;
        EXPECT_LE(mapping_error(clock, next_round), clock.errorBoundAt(next_round)) << round;
    }
    const hwbridge::ClockEstimate clock = port->clock();
    EXPECT_NEAR(clock.drift, 50e-6, clock.drift_bound);
    EXPECT_GT(clock.samples_used, 16u);  // the rounds joined the first 16 round trips

    // The interrupt path maps with the fit it was last given: an edge is never placed after
    // its own arrival by more than the bound it was mapped with.
    connectResponder();
    burst(200, 100'000);
    waitForInterrupts(200);
    ASSERT_EQ(recorder.size(), 200u);
    EXPECT_GT(port->worstClockErrorNs(), 0.0);
    for (const auto& record : recorder.records()) {
        EXPECT_LE(static_cast<double>(record.edge.t_edge_ns - record.edge.t_arrive_ns),
                  port->worstClockErrorNs());
    }
}

TEST_F(FixturePortTest, UnplugIsADeviceRemovalThatLosesNothingRecordedAndReplugResumes) {
    make();
    connectResponder();
    ASSERT_TRUE(
        port->client().startStimulus({hwbridge::wire::StimulusMode::Periodic, 0, 100'000, 0}).ok());
    waitForInterrupts(200);
    fixture->unplug();
    EXPECT_TRUE(driver->removing());
    EXPECT_FALSE(port->attached());
    EXPECT_EQ(connect(*driver, {&Responder::routine, &responder, nullptr, nullptr}).status,
              NtStatus::DeletePending);
    EXPECT_EQ(reportInactive(*driver), NtStatus::DeletePending);
    // Everything the fixture delivered before the unplug reached the driver and was recorded.
    const auto before = driver->counters().interrupts;
    EXPECT_GE(before.serviced, 200u);
    EXPECT_EQ(before.serviced, port->counts().interrupts);
    EXPECT_EQ(recorder.records().size(), before.interrupts);
    EXPECT_EQ(port->counts().removals, 1u);

    fixture->replug();
    EXPECT_FALSE(driver->removing());
    EXPECT_TRUE(port->attached());
    ASSERT_TRUE(port->client().setIrqEnable(true).ok());
    burst(50, 50'000);
    waitForInterrupts(before.interrupts + 50);
    EXPECT_EQ(driver->counters().interrupts.serviced, before.serviced + 50);
    EXPECT_EQ(driver->state(), driver::ConnectionState::ConnectedActive);  // the client stayed
}

// Control requests answered by a fixture model; the reports are the test's own, sent as packet
// bytes (as USB does) or as records (as the virtual fixture does).
class ScriptedFixture final : public hwbridge::InProcessTransport {
public:
    bool as_records = false;
    void send(const std::vector<hwbridge::wire::EventRecord>& records) {
        if (as_records) {
            deliverRecords(records, hwbridge::monotonicNowNs());
            return;
        }
        std::vector<std::uint8_t> packet;
        hwbridge::codec::encodePacket(records, packet);
        deliver(packet, hwbridge::monotonicNowNs());
    }
};

// A port on a scripted fixture, its driver's interrupts recorded; times on the fixture's clock
// from host times (`at`).
struct ScriptedPort {
    ScriptedFixture fixture;
    driver::FixturePort port{fixture};
    Recorder recorder;
    driver::PortDriver driver{port};
    ScriptedPort() { driver.setObserver(&recorder); }
    ~ScriptedPort() { driver.setObserver(nullptr); }
    std::uint64_t at(std::int64_t host_ns) const { return fixture.model.fixtureTimeAt(host_ns); }
};

// The virtual fixture hands its records over with no bytes in between (ReportSink::onRecords):
// the port makes of them what it makes of their packet, interrupt by interrupt and count by count.
TEST(FixturePortHandOver, RecordsHandedOverAreHandledAsTheirPacketIs) {
    using hwbridge::wire::EventRecord;
    using hwbridge::wire::Line;
    struct Seen {
        std::vector<driver::InterruptEdge> edges;
        driver::FixtureStreamCounts counts;
        double clock_bound_ns = 0;
        std::int64_t start_ns = 0;  // the host time the edges' times count from
    };
    const auto run = [](bool as_records) {
        ScriptedPort scripted;
        ScriptedFixture& fixture = scripted.fixture;
        fixture.as_records = as_records;
        const std::int64_t now = hwbridge::monotonicNowNs();
        const auto at = [&](std::int64_t host_ns) { return scripted.at(host_ns); };
        const auto edge = [&](std::uint32_t n, std::uint8_t stimulus) {
            return EventRecord::edge(n, Line::NAck, true, at(now + n * 1'000'000), stimulus);
        };
        const auto response = [&](std::uint32_t n) {
            return EventRecord::edge(n, Line::NError, true, at(now + n * 1'000'000));
        };
        fixture.send({EventRecord::plan(1, at(now - 50'000)), edge(1, 1), response(2)});
        fixture.send({response(4), edge(5, 4)});  // record 3 and stimuli 2, 3 missing so far
        fixture.send({edge(3, 2)});               // reordered: record 3 after all
        fixture.send({edge(5, 4)});               // a duplicate: not an interrupt again
        fixture.send({{hwbridge::wire::RecordType::TrainEnd, 0, 6, 6}});
        Seen seen;
        for (const driver::InterruptRecord& record : scripted.recorder.records()) {
            seen.edges.push_back(record.edge);
        }
        seen.counts = scripted.port.counts();
        seen.clock_bound_ns = scripted.port.clock().error_bound_ns;
        seen.start_ns = now;
        return seen;
    };
    const Seen bytes = run(false);
    const Seen records = run(true);
    ASSERT_EQ(bytes.edges.size(), 3u);
    ASSERT_EQ(records.edges.size(), bytes.edges.size());
    const double bound = bytes.clock_bound_ns + records.clock_bound_ns + 2;  // two ports' fits
    for (std::size_t i = 0; i < bytes.edges.size(); ++i) {
        EXPECT_EQ(records.edges[i].sequence, bytes.edges[i].sequence);
        EXPECT_NEAR(static_cast<double>(records.edges[i].t_edge_ns - records.start_ns),
                    static_cast<double>(bytes.edges[i].t_edge_ns - bytes.start_ns), bound);
        EXPECT_EQ(records.edges[i].t_due_ns == 0, bytes.edges[i].t_due_ns == 0);
        EXPECT_EQ(records.edges[i].stimuli_missed, bytes.edges[i].stimuli_missed);
    }
    const driver::FixtureStreamCounts& a = bytes.counts;
    const driver::FixtureStreamCounts& b = records.counts;
    // What the script makes, whichever way it comes.
    EXPECT_EQ(bytes.edges[1].stimuli_missed, 2);
    EXPECT_EQ(bytes.edges[2].stimuli_missed, -1);  // record 3, late: stimulus 2 after all
    EXPECT_EQ(a.packets, 5u);
    EXPECT_EQ(a.interrupts, 3u);
    EXPECT_EQ(a.response_edges, 2u);
    EXPECT_EQ(a.late_edges, 1u);
    EXPECT_EQ(a.missing_records, 0u);
    EXPECT_EQ(a.duplicate_records, 1u);
    EXPECT_EQ(a.reordered_records, 1u);
    EXPECT_EQ(a.stimulus_number, 4u);
    EXPECT_EQ(a.stimuli_missing, 1);
    EXPECT_EQ(a.train_end_number, 6u);
    EXPECT_EQ(a.malformed_packets + a.corrupt_records + a.unknown_records, 0u);
    EXPECT_EQ(b.packets, a.packets);
    EXPECT_EQ(b.interrupts, a.interrupts);
    EXPECT_EQ(b.response_edges, a.response_edges);
    EXPECT_EQ(b.late_edges, a.late_edges);
    EXPECT_EQ(b.missing_records, a.missing_records);
    EXPECT_EQ(b.duplicate_records, a.duplicate_records);
    EXPECT_EQ(b.reordered_records, a.reordered_records);
    EXPECT_EQ(b.stimulus_number, a.stimulus_number);
    EXPECT_EQ(b.stimuli_missing, a.stimuli_missing);
    EXPECT_EQ(b.train_ends, a.train_ends);
    EXPECT_EQ(b.train_end_number, a.train_end_number);
}

// hwbridge/PROTOCOL.md: a PLAN record carries the number of the late edge that follows it and
// when that edge was due; the port hands the due time on with that edge only.
TEST(FixturePortPlans, ALateEdgeCarriesTheDueTimeOfItsOwnPlanRecordOnly) {
    using hwbridge::wire::EventRecord;
    using hwbridge::wire::Line;
    ScriptedPort scripted;
    ScriptedFixture& fixture = scripted.fixture;
    const driver::FixturePort& port = scripted.port;
    const std::int64_t now = hwbridge::monotonicNowNs();
    const auto at = [&](std::int64_t host_ns) { return scripted.at(host_ns); };
    const auto edge = [&](std::uint32_t n, std::int64_t host_ns) {
        return EventRecord::edge(n, Line::NAck, true, at(host_ns));
    };
    fixture.send({EventRecord::plan(1, at(now - 50'000)), edge(1, now)});  // 50 us late
    fixture.send({edge(2, now + 1'000'000)});                              // on time
    fixture.send({EventRecord::plan(4, at(now + 2'000'000)), edge(3, now + 2'000'000),
                  edge(4, now + 2'300'000)});  // reordered ahead of edge 3: still edge 4's
    fixture.send({edge(5, now + 3'000'000), EventRecord::plan(5, at(now + 2'900'000)),
                  edge(6, now + 4'000'000)});  // after its edge: too late, and not edge 6's

    const auto records = scripted.recorder.records();
    ASSERT_EQ(records.size(), 6u);
    const double bound = port.clock().error_bound_ns + 1;
    EXPECT_NEAR(static_cast<double>(records[0].edge.t_due_ns), now - 50'000, bound);
    EXPECT_NEAR(static_cast<double>(records[0].edge.t_edge_ns), now, bound);
    EXPECT_EQ(records[1].edge.t_due_ns, 0);
    EXPECT_EQ(records[2].edge.t_due_ns, 0);
    EXPECT_NEAR(static_cast<double>(records[3].edge.t_due_ns), now + 2'000'000, bound);
    EXPECT_EQ(records[4].edge.t_due_ns, 0);
    EXPECT_EQ(records[5].edge.t_due_ns, 0);
    EXPECT_EQ(port.counts().late_edges, 2u);
    EXPECT_NEAR(static_cast<double>(port.counts().max_late_ns), 300'000, 2 * bound);
    EXPECT_EQ(port.counts().missing_records, 0u);  // PLAN records take no number of their own
}

// hwbridge/PROTOCOL.md, numbered stimuli: each train edge carries the stimulus count mod 256,
// so the port tells how many stimuli went missing before each edge (a late edge fills its gap),
// and TRAIN_END says where the train ended.
TEST(FixturePortNumbers, MissingStimuliAreCountedFromTheirNumbersNotFromRecordGaps) {
    using hwbridge::wire::EventRecord;
    using hwbridge::wire::Line;
    ScriptedPort scripted;
    ScriptedFixture& fixture = scripted.fixture;
    const driver::FixturePort& port = scripted.port;
    ASSERT_TRUE(port.numbersStimuli());
    const auto edge = [](std::uint32_t record, std::uint8_t stimulus) {
        return EventRecord::edge(record, Line::NAck, true, 1'000'000'000'000 + record, stimulus);
    };
    const auto response = [](std::uint32_t record) {
        return EventRecord::edge(record, Line::NError, true, 1'000'000'000'000 + record);
    };
    fixture.send({edge(1, 1), response(2)});
    fixture.send({response(4), edge(5, 4)});  // record 3 (stimulus 2) lost, stimulus 3 too
    fixture.send({edge(3, 2)});               // reordered: stimulus 2 after all
    fixture.send({edge(6, 4)});               // no stimulus behind it (a register write)
    fixture.send({edge(7, 3)});  // 259 mod 256: 255 stimuli on, the count wrapped, 254 lost
    fixture.send({{hwbridge::wire::RecordType::TrainEnd, 0, 8, 262}});

    const auto records = scripted.recorder.records();
    ASSERT_EQ(records.size(), 5u);
    EXPECT_EQ(records[0].edge.stimuli_missed, 0);
    EXPECT_EQ(records[1].edge.stimuli_missed, 2);
    EXPECT_EQ(records[2].edge.stimuli_missed, -1);
    EXPECT_EQ(records[3].edge.stimuli_missed, 0);
    EXPECT_EQ(records[4].edge.stimuli_missed, 254);
    const driver::FixtureStreamCounts counts = port.counts();
    EXPECT_EQ(counts.stimulus_number, 259u);
    EXPECT_EQ(counts.stimuli_missing, 255);
    EXPECT_EQ(counts.train_ends, 1u);
    EXPECT_EQ(counts.train_end_number, 262u);  // 3 more after the last edge seen
    EXPECT_EQ(counts.missing_records, 0u);     // record 3 came late: only stimuli went missing
}

TEST_F(FixturePortTest, AFixtureThatRefusesConfigurationIsAClearError) {
    hwbridge::VirtualFixtureOptions options;
    fixture = std::make_unique<hwbridge::VirtualFixture>(options);
    fixture->unplug();
    try {
        driver::FixturePort refused(*fixture);
        FAIL() << "a port on an unplugged fixture was made";
    } catch (const std::runtime_error& error) {
        EXPECT_NE(std::string(error.what()).find("GET_INFO"), std::string::npos) << error.what();
        EXPECT_NE(std::string(error.what()).find("unplugged"), std::string::npos) << error.what();
    }
}

}  // namespace

namespace {

// What the responder does, with what it read kept for the test.
struct Answering {
    driver::PortHardware* port = nullptr;
    std::vector<std::uint8_t> data_read;
    std::vector<std::uint8_t> status_read;
};
bool answer(contract::KINTERRUPT*, void* context) {
    auto* answering = static_cast<Answering*>(context);
    const std::uint8_t data = answering->port->readRegister(driver::SppRegister::Data);
    answering->data_read.push_back(data);
    answering->status_read.push_back(answering->port->readRegister(driver::SppRegister::Status));
    answering->port->writeRegister(driver::SppRegister::Data, static_cast<std::uint8_t>(data ^ 1));
    return true;
}

// hwbridge/PROTOCOL.md, "Port access from interrupt level": an ISR's write goes out after the
// dispatch and lands; its reads answer from the shadows, nAck as the stream reported it; a write
// the transport refuses leaves the shadow as it was, so the next ISR reads what the port holds.
TEST(FixturePortInterruptLevel, WritesLandAfterTheDispatchAndARefusedOneLeavesTheShadowAlone) {
    using hwbridge::wire::EventRecord;
    using hwbridge::wire::Line;
    ScriptedFixture fixture;
    driver::FixturePort port(fixture);
    driver::PortDriver driver(port);
    Answering answering{&port, {}, {}};
    ASSERT_EQ(testing_support::connect(driver, {&answer, &answering, nullptr, nullptr}).status,
              contract::NtStatus::Success);
    const auto edge = [](std::uint32_t record, std::uint8_t stimulus) {
        return EventRecord::edge(record, Line::NAck, true, 1'000'000'000'000 + record, stimulus);
    };
    fixture.send({edge(1, 1)});
    fixture.send({edge(2, 2)});
    fixture.refuse_interrupt_level = true;
    fixture.send({edge(3, 3)});
    fixture.send({edge(4, 4)});

    ASSERT_EQ(answering.data_read.size(), 4u);
    EXPECT_EQ(answering.data_read[0], 0x00);  // the power-on data register
    EXPECT_EQ(answering.data_read[1], 0x01);  // the first write, sent after its dispatch
    EXPECT_EQ(answering.data_read[2], 0x00);
    EXPECT_EQ(answering.data_read[3], 0x00);  // the refused write did not stick in the shadow
    for (const std::uint8_t status : answering.status_read) {
        EXPECT_NE(status & hwbridge::spp::kStatusNAck, 0) << int{status};  // nAck just rose
    }
    std::uint8_t data = 0xFF;
    ASSERT_TRUE(
        fixture.model.controlIn(hwbridge::wire::Request::ReadRegister, 0, 0, {&data, 1}).status ==
        hwbridge::TransferStatus::Ok);
    EXPECT_EQ(data, 0x00);  // two writes landed (0 -> 1 -> 0), two were refused
    const driver::FixtureStreamCounts counts = port.counts();
    EXPECT_EQ(counts.interrupt_level_writes, 4u);
    EXPECT_EQ(counts.interrupt_level_reads, 8u);
    EXPECT_EQ(counts.interrupt_level_transfers.completed, 2u);
    EXPECT_EQ(counts.interrupt_level_transfers.refused, 2u);
    EXPECT_EQ(counts.control_failures, 0u);
    testing_support::disconnect(driver, {&answer, &answering, nullptr, nullptr});
}

}  // namespace
