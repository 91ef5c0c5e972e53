// The virtual fixture through the host-side API: control requests, stimulus trains, bus models,
// injected faults, stalls and unplugging.
#include "virtual_fixture.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "bus_model.h"
#include "codec.h"
#include "eventually.h"
#include "fault_plan.h"
#include "fixture_client.h"
#include "sequence_tracker.h"
#include "thread_name.h"

namespace {

using namespace hwbridge;
using namespace std::chrono_literals;
using testing_support::eventually;

// Decodes every packet, as a host would, and keeps what it saw and how it came.
class RecordingSink final : public ReportSink {
public:
    void onReport(std::span<const std::uint8_t> packet,
                  std::int64_t t_arrive_ns) noexcept override {
        std::vector<wire::EventRecord> records;
        const auto summary = codec::decodePacket(packet, records);
        std::lock_guard lock(mutex_);
        ++byte_packets_;
        corrupt_ += summary.corrupt + summary.unknown;
        keep(records, t_arrive_ns);
    }
    void onRecords(std::span<const wire::EventRecord> records,
                   std::int64_t t_arrive_ns) noexcept override {
        std::lock_guard lock(mutex_);
        ++record_handovers_;
        keep(records, t_arrive_ns);
    }
    void onReportError(TransferStatus status) noexcept override {
        std::lock_guard lock(mutex_);
        errors_.push_back(status);
    }
    void onDeviceGone() noexcept override { gone_.fetch_add(1); }
    void onDeviceBack() noexcept override { back_.fetch_add(1); }

    std::size_t waitForRecords(std::size_t n, std::chrono::milliseconds limit = 30'000ms) {
        const auto deadline = std::chrono::steady_clock::now() + limit;
        while (std::chrono::steady_clock::now() < deadline) {
            if (size() >= n) {
                break;
            }
            std::this_thread::sleep_for(1ms);
        }
        return size();
    }
    std::size_t size() {
        std::lock_guard lock(mutex_);
        return records_.size();
    }
    std::vector<wire::EventRecord> records() {
        std::lock_guard lock(mutex_);
        return records_;
    }
    std::vector<wire::EventRecord> trainEnds() {
        std::lock_guard lock(mutex_);
        return train_ends_;
    }
    std::vector<wire::EventRecord> plans() {
        std::lock_guard lock(mutex_);
        return plans_;
    }
    std::vector<std::int64_t> arrivals() {
        std::lock_guard lock(mutex_);
        return arrivals_;
    }
    SequenceCounts sequences() {
        std::lock_guard lock(mutex_);
        return tracker_.counts();
    }
    std::uint64_t corrupt() {
        std::lock_guard lock(mutex_);
        return corrupt_;
    }
    std::vector<std::size_t> packetSizes() {
        std::lock_guard lock(mutex_);
        return packet_sizes_;
    }
    std::vector<TransferStatus> errors() {
        std::lock_guard lock(mutex_);
        return errors_;
    }
    // How the reports came: as packet bytes, or as records with no bytes in between.
    std::pair<int, int> bytePacketsAndRecordHandovers() {
        std::lock_guard lock(mutex_);
        return {byte_packets_, record_handovers_};
    }
    std::atomic<int> gone_{0};
    std::atomic<int> back_{0};

private:
    // Called with mutex_ held.
    void keep(std::span<const wire::EventRecord> records, std::int64_t t_arrive_ns) {
        packet_sizes_.push_back(records.size());
        for (const auto& r : records) {
            if (r.type == wire::RecordType::Plan) {  // not numbered: it shares its edge's number
                plans_.push_back(r);
                continue;
            }
            tracker_.observe(r.sequence);
            if (r.type == wire::RecordType::TrainEnd) {  // numbered, but not an edge
                train_ends_.push_back(r);
                continue;
            }
            records_.push_back(r);
            arrivals_.push_back(t_arrive_ns);
        }
    }

    std::mutex mutex_;
    std::vector<wire::EventRecord> records_;
    std::vector<wire::EventRecord> plans_;
    std::vector<wire::EventRecord> train_ends_;
    std::vector<std::int64_t> arrivals_;
    std::vector<std::size_t> packet_sizes_;
    std::vector<TransferStatus> errors_;
    SequenceTracker tracker_;
    std::uint64_t corrupt_ = 0;
    int byte_packets_ = 0;
    int record_handovers_ = 0;
};

class VirtualFixtureTest : public ::testing::Test {
protected:
    RecordingSink sink;  // outlives the fixture that calls it
    std::unique_ptr<VirtualFixture> fixture;
    std::unique_ptr<FixtureClient> client;

    void make(VirtualFixtureOptions options = {}) {
        fixture = std::make_unique<VirtualFixture>(std::move(options));
        fixture->setReportSink(&sink);
        client = std::make_unique<FixtureClient>(*fixture);
        ASSERT_TRUE(client->setIrqEnable(true).ok());
    }
    void TearDown() override {
        if (fixture) {
            fixture->setReportSink(nullptr);
        }
    }
    void burst(std::uint32_t count, std::uint64_t spacing_ns) {
        ASSERT_TRUE(client->startStimulus({wire::StimulusMode::Burst, count, spacing_ns, 0}).ok());
    }
};

TEST_F(VirtualFixtureTest, IdentifiesItselfAsVirtualWithVersionAndCapabilities) {
    make();
    const auto info = client->info();
    ASSERT_TRUE(info.ok());
    EXPECT_EQ(info.value->protocol_version, wire::kProtocolVersion);
    EXPECT_TRUE(info.value->capabilities & wire::capability::kVirtual);
    EXPECT_TRUE(info.value->capabilities & wire::capability::kStimulusRandom);
    const auto identity = fixture->identity();
    EXPECT_TRUE(identity.is_virtual);
    EXPECT_EQ(identity.vendor_id, 0x1209);
    EXPECT_EQ(identity.bus_speed, "ideal");
}

// The names `top -H`, `ps -L` and perf show: the fixture's two threads and, for the truncation,
// a thread named longer than the kernel keeps.
std::vector<std::string> threadNames() {
    std::vector<std::string> names;
    for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
        std::ifstream comm(task.path() / "comm");
        std::string name;
        std::getline(comm, name);
        names.push_back(name);
    }
    return names;
}

bool hasThreadNamed(const std::string& name) {
    const auto names = threadNames();
    return std::find(names.begin(), names.end(), name) != names.end();
}

TEST_F(VirtualFixtureTest, ItsThreadsCarryNamesThatToolsShow) {
    make();
    EXPECT_TRUE(eventually([] { return hasThreadNamed("vfix-report"); }));
    EXPECT_TRUE(eventually([] { return hasThreadNamed("vfix-generator"); }));
}

TEST(ThreadName, ANameLongerThanTheKernelKeepsIsCutAtFifteenCharacters) {
    std::atomic<bool> named{false};
    std::atomic<bool> done{false};
    std::thread named_thread([&] {
        nameThisThread("a-name-of-twenty-two");
        named.store(true);
        while (!done.load()) {
            std::this_thread::sleep_for(1ms);
        }
    });
    ASSERT_TRUE(eventually([&] { return named.load(); }));
    EXPECT_TRUE(hasThreadNamed("a-name-of-twent"));
    done.store(true);
    named_thread.join();
}

TEST_F(VirtualFixtureTest, RegistersRoundTripThroughTheLoopbackPlug) {
    make();
    ASSERT_TRUE(client->writeRegister(0, 0x5A).ok());
    EXPECT_EQ(*client->readRegister(0).value, 0x5A);
    ASSERT_TRUE(client->writeRegister(2, 0x14).ok());  // nInit + IRQ enable
    EXPECT_EQ(*client->readRegister(2).value, 0x14);
    EXPECT_TRUE(*client->readRegister(1).value & 0x40);  // nAck follows nInit (CheckIt)
}

TEST_F(VirtualFixtureTest, RefusedRequestsStallWithTheFixturesReason) {
    make();
    auto bad_register = client->writeRegister(1, 0);  // status is read-only
    EXPECT_EQ(bad_register.error.transfer, TransferStatus::Stall);
    EXPECT_EQ(bad_register.error.fixture, wire::ErrorCode::BadRegister);
    EXPECT_NE(bad_register.error.text().find("bad register"), std::string::npos);
    EXPECT_EQ(client->setWiring(7).error.fixture, wire::ErrorCode::BadValue);
    EXPECT_EQ(client->startStimulus({wire::StimulusMode::Periodic, 10, 0, 0}).error.fixture,
              wire::ErrorCode::BadValue);  // a period of 0
    ASSERT_TRUE(client->startStimulus({wire::StimulusMode::Periodic, 0, 1'000'000, 0}).ok());
    EXPECT_EQ(client->startStimulus({wire::StimulusMode::Single, 1, 0, 0}).error.fixture,
              wire::ErrorCode::Busy);
    ASSERT_TRUE(client->stopStimulus().ok());
}

TEST_F(VirtualFixtureTest, ABurstStreamsEveryEdgeInOrderWithNoGap) {
    make();
    burst(2000, 10'000);
    ASSERT_EQ(sink.waitForRecords(2000), 2000u);
    const auto records = sink.records();
    for (std::size_t i = 0; i < records.size(); ++i) {
        EXPECT_EQ(records[i].sequence, i + 1);
        EXPECT_EQ(records[i].line(), wire::Line::NAck);
        EXPECT_EQ(records[i].stimulus, static_cast<std::uint8_t>(i + 1));  // counted mod 256
    }
    EXPECT_TRUE(eventually([&] { return sink.plans().size() == fixture->counts().plan_records; }));
    while (sink.trainEnds().empty() && fixture->stimulusRunning()) {
        std::this_thread::sleep_for(1ms);
    }
    std::this_thread::sleep_for(20ms);
    ASSERT_EQ(sink.trainEnds().size(), 1u);
    EXPECT_EQ(sink.trainEnds().front().value, 2000u);  // the fixture's count after the train
    EXPECT_EQ(sink.trainEnds().front().sequence, 2001u);
    EXPECT_EQ(sink.sequences().missing, 0u);
    EXPECT_EQ(sink.sequences().duplicates, 0u);
    EXPECT_EQ(fixture->counts().edges_generated, 2000u);
    // With no fault plan, nothing to encode or decode: every report came as records. (The
    // fixture counts a packet once the sink has had it.)
    EXPECT_TRUE(eventually([&] {
        const auto [byte_packets, record_handovers] = sink.bytePacketsAndRecordHandovers();
        return byte_packets == 0 &&
               static_cast<std::uint64_t>(record_handovers) == fixture->counts().packets;
    }));
}

// The report thread sleeps in read() or ppoll() only when nobody has asked for it since it last
// looked, and a push writes the eventfd only when it sleeps: edges spaced around its waits (back
// to back, while it sleeps towards a delivery time, just past one, long after; on the ideal bus
// and behind a fixed delay) must each be delivered. A lost wake-up would leave records behind.
TEST(VirtualFixtureWakeUps, EveryEdgeIsDeliveredWhetherTheReportThreadSleepsOrWaitsAwake) {
    for (const char* bus : {"ideal", "fixed:50us"}) {
        SCOPED_TRACE(bus);
        RecordingSink edges;
        VirtualFixtureOptions options;
        options.bus = *parseBusModel(bus);
        VirtualFixture fixture(options);
        fixture.setReportSink(&edges);
        FixtureClient host(fixture);
        ASSERT_TRUE(host.setIrqEnable(true).ok());
        const std::vector<std::chrono::microseconds> gaps{0us, 5us, 59us, 61us, 100us, 2000us};
        constexpr std::size_t kRounds = 40;
        for (std::size_t round = 0; round < kRounds; ++round) {
            for (const auto gap : gaps) {
                std::this_thread::sleep_for(gap);
                fixture.model().pulseStimulusLine();
            }
        }
        const std::size_t pulsed = kRounds * gaps.size();
        EXPECT_EQ(edges.waitForRecords(pulsed, 30'000ms), pulsed);
        EXPECT_EQ(edges.sequences().missing, 0u);
        // Counted once the sink has had them.
        EXPECT_TRUE(eventually([&] { return fixture.counts().records_delivered == pulsed; }));
        fixture.setReportSink(nullptr);
    }
}

TEST_F(VirtualFixtureTest, RandomAndPeriodicTrainsRunOnTheFixturesTimeBase) {
    make();
    ASSERT_TRUE(client->startStimulus({wire::StimulusMode::Random, 300, 20'000, 42}).ok());
    ASSERT_EQ(sink.waitForRecords(300), 300u);
    while (fixture->stimulusRunning()) {
        std::this_thread::sleep_for(1ms);
    }
    ASSERT_TRUE(client->startStimulus({wire::StimulusMode::Periodic, 20, 1'000'000, 0}).ok());
    ASSERT_EQ(sink.waitForRecords(320), 320u);
    const auto records = sink.records();
    // Periodic edges sit on a 1 ms grid on the fixture's clock: a late wake-up makes one edge
    // late, not the train slower, so 20 edges span 19 ms less the first edge's lateness.
    const auto span = records[319].value - records[300].value;
    EXPECT_GE(span, 18'000'000u);
}

// A generator that loses its CPU for 20 ms in a 1 kHz train: the edges due meanwhile leave late
// (back to back, on the same timebase), so none is missing and each is counted late with the
// stall in its lateness. Lower bounds only: a busy host can only make them later.
TEST_F(VirtualFixtureTest, AStalledGeneratorSendsItsEdgesLateAndCountsThem) {
    make();
    ASSERT_TRUE(client->startStimulus({wire::StimulusMode::Periodic, 100, 1'000'000, 0}).ok());
    ASSERT_GE(sink.waitForRecords(20), 20u);  // the train goes on: one more may be in already
    fixture->stallGenerator(20'000'000);
    ASSERT_EQ(sink.waitForRecords(100), 100u);
    // The generator counts an edge once it has left (the report thread may deliver it first).
    EXPECT_TRUE(eventually([&] { return fixture->counts().edges_generated == 100; }));
    const VirtualFixtureCounts counts = fixture->counts();
    EXPECT_EQ(counts.edges_generated, 100u);
    EXPECT_GE(counts.late_edges, 19u);
    EXPECT_GE(counts.max_late_ns, 19'000'000);
    EXPECT_EQ(sink.sequences().missing, 0u);
    // Each late edge said when it was due, on the train's 1 ms grid, before it left.
    const auto plans = sink.plans();
    ASSERT_GE(plans.size(), 19u);
    const auto records = sink.records();
    for (const auto& plan : plans) {
        EXPECT_EQ((plan.value - plans.front().value) % 1'000'000, 0u);
        ASSERT_GE(plan.sequence, 1u);
        EXPECT_LT(plan.value, records.at(plan.sequence - 1).value);
    }
}

TEST_F(VirtualFixtureTest, ResponseCaptureReportsNErrorEdgesBothWays) {
    make();
    ASSERT_TRUE(client->setCapture(true).ok());
    ASSERT_TRUE(client->writeRegister(0, 0x01).ok());
    ASSERT_TRUE(client->writeRegister(0, 0x00).ok());
    ASSERT_EQ(sink.waitForRecords(2), 2u);
    const auto records = sink.records();
    EXPECT_EQ(records[0].line(), wire::Line::NError);
    EXPECT_TRUE(records[0].level());
    EXPECT_FALSE(records[1].level());
}

TEST_F(VirtualFixtureTest, AFixedDelayBusDeliversNoEarlierThanTheDelay) {
    VirtualFixtureOptions options;
    options.bus = *parseBusModel("fixed:2ms");
    make(options);
    burst(20, 100'000);
    ASSERT_EQ(sink.waitForRecords(20), 20u);
    const auto records = sink.records();
    const auto arrivals = sink.arrivals();
    const std::int64_t offset = options.model.clock_offset_ns;
    for (std::size_t i = 0; i < records.size(); ++i) {
        const std::int64_t edge_host = static_cast<std::int64_t>(records[i].value) - offset;
        EXPECT_GE(arrivals[i] - edge_host, 2'000'000);
    }
}

TEST_F(VirtualFixtureTest, AFullSpeedBusSendsAtMostOnePacketOfThreeRecordsPerFrame) {
    VirtualFixtureOptions options;
    options.bus = *parseBusModel("full-speed");
    make(options);
    burst(30, 10'000);  // 30 edges in 300 us: more than one frame's packet can hold
    ASSERT_EQ(sink.waitForRecords(30), 30u);
    const auto sizes = sink.packetSizes();
    EXPECT_TRUE(std::all_of(sizes.begin(), sizes.end(), [](auto s) { return s <= 3; }));
    const auto arrivals = sink.arrivals();
    EXPECT_GE(arrivals.back() - arrivals.front(), 8'000'000);  // 10 packets need 10 frames
}

TEST_F(VirtualFixtureTest, InjectedFaultsAreAllSeenByTheHost) {
    VirtualFixtureOptions options;
    options.faults = *parseFaultPlan("drop=0.02,duplicate=0.02,reorder=0.02,corrupt=0.02,seed=3");
    make(options);
    burst(3000, 5'000);
    while (fixture->stimulusRunning()) {
        std::this_thread::sleep_for(1ms);
    }
    std::this_thread::sleep_for(50ms);
    const auto injected = fixture->counts();
    const auto seen = sink.sequences();
    EXPECT_GT(injected.dropped_by_fault, 0u);
    EXPECT_GT(injected.duplicated_by_fault, 0u);
    EXPECT_GT(injected.corrupted_by_fault, 0u);
    EXPECT_EQ(sink.corrupt(), injected.corrupted_by_fault);
    // The faults act on the packet's bytes: every report came as the USB fixture's packet.
    EXPECT_TRUE(eventually([&] {
        const auto [byte_packets, record_handovers] = sink.bytePacketsAndRecordHandovers();
        return record_handovers == 0 &&
               static_cast<std::uint64_t>(byte_packets) == fixture->counts().packets;
    }));
    EXPECT_GE(seen.duplicates, 1u);
    // Every record is accounted for: received once, or missing (dropped or corrupted) - a gap
    // before the highest number seen, or lost at the tail, which only the count sent reveals.
    std::uint32_t highest = 0;
    for (const auto& record : sink.records()) {
        highest = std::max(highest, record.sequence);
    }
    for (const auto& record : sink.trainEnds()) {
        highest = std::max(highest, record.sequence);
    }
    EXPECT_EQ(seen.accepted + seen.missing + (3001u - highest), 3001u);  // 3000 edges, TRAIN_END
}

TEST_F(VirtualFixtureTest, AStalledEndpointIsReportedAndTheBacklogFollows) {
    make();
    fixture->stallReports(30'000'000);
    burst(50, 10'000);
    std::this_thread::sleep_for(10ms);
    EXPECT_EQ(sink.size(), 0u);
    ASSERT_EQ(sink.waitForRecords(50), 50u);
    ASSERT_FALSE(sink.errors().empty());
    EXPECT_EQ(sink.errors().front(), TransferStatus::Stall);
    EXPECT_EQ(sink.sequences().missing, 0u);
}

// The fixture's queue holds queue_capacity records waiting for the bus, no more; what did not fit
// is told in one OVERFLOW record as soon as there is room again.
TEST_F(VirtualFixtureTest, AFullQueueDropsWhatDoesNotFitAndSaysHowMuchOnceThereIsRoom) {
    make();
    fixture->stallReports(3'600'000'000'000);  // lifted below
    const std::size_t capacity = VirtualFixtureOptions{}.queue_capacity;
    burst(static_cast<std::uint32_t>(capacity + 100), 1'000);
    ASSERT_TRUE(eventually([&] { return !fixture->stimulusRunning(); }, 60'000ms));
    const VirtualFixtureCounts generated = fixture->counts();
    const std::uint64_t made = generated.edges_generated + generated.plan_records + 1;  // + end
    fixture->stallReports(0);
    ASSERT_TRUE(
        eventually([&] { return sink.size() + sink.plans().size() == capacity; }, 60'000ms));
    EXPECT_TRUE(sink.trainEnds().empty());  // it came after the queue was full
    const std::size_t edges = sink.size();

    burst(1, 1'000);  // with room again, the loss is told first
    ASSERT_EQ(sink.waitForRecords(edges + 2), edges + 2);
    const wire::EventRecord overflow = sink.records()[edges];
    ASSERT_EQ(overflow.type, wire::RecordType::Overflow);
    EXPECT_EQ(overflow.value, made - capacity);
    EXPECT_EQ(sink.sequences().missing, 0u);
}

TEST_F(VirtualFixtureTest, UnplugStopsEverythingAndReplugResumes) {
    make();
    burst(100, 10'000);
    ASSERT_EQ(sink.waitForRecords(100), 100u);
    fixture->unplug();
    EXPECT_EQ(sink.gone_.load(), 1);
    EXPECT_EQ(client->readRegister(0).error.transfer, TransferStatus::NoDevice);
    fixture->replug();
    EXPECT_EQ(sink.back_.load(), 1);
    ASSERT_TRUE(client->setIrqEnable(true).ok());
    burst(10, 10'000);
    ASSERT_EQ(sink.waitForRecords(110), 110u);
}

TEST(BusModel, ParsesEveryModelAndRefusesNonsense) {
    EXPECT_EQ(parseBusModel("ideal")->kind, BusKind::Ideal);
    EXPECT_EQ(parseBusModel("high-speed")->frameNs(), 125'000);
    EXPECT_EQ(parseBusModel("high-speed")->packetCapacity(), 31u);
    EXPECT_EQ(parseBusModel("fixed:250us")->delay_ns, 250'000);
    const auto jitter = parseBusModel("jitter:1ms:50us:uniform");
    ASSERT_TRUE(jitter.has_value());
    EXPECT_EQ(jitter->delay_ns, 1'000'000);
    EXPECT_EQ(jitter->jitter_ns, 50'000);
    EXPECT_EQ(jitter->shape, JitterShape::Uniform);
    EXPECT_EQ(jitter->name(), "jitter 1000us + uniform 50us");
    for (const char* bad : {"", "fast", "fixed", "fixed:", "fixed:-1us", "fixed:1parsec",
                            "jitter:1ms", "jitter:1ms:1us:gaussian", "fixed:1ms:2ms"}) {
        EXPECT_FALSE(parseBusModel(bad).has_value()) << bad;
    }
}

TEST(BusModel, FramesAlignDeliveryToTheNextBoundary) {
    BusClock full(*parseBusModel("full-speed"));
    EXPECT_EQ(full.deliveryTime(1'000'000), 2'000'000);
    EXPECT_EQ(full.deliveryTime(1'999'999), 2'000'000);
    BusClock jitter(*parseBusModel("jitter:100us:10us"));
    for (int i = 0; i < 1000; ++i) {
        EXPECT_GE(jitter.deliveryTime(0), 100'000);
    }
}

TEST(FaultPlan, ParsesProbabilitiesAndRefusesNonsense) {
    const auto plan = parseFaultPlan("drop=0.5,seed=9");
    ASSERT_TRUE(plan.has_value());
    EXPECT_EQ(plan->drop, 0.5);
    EXPECT_EQ(plan->seed, 9u);
    for (const char* bad : {"drop", "drop=2", "drop=-0.1", "explode=0.1", "drop=x"}) {
        EXPECT_FALSE(parseFaultPlan(bad).has_value()) << bad;
    }
}

}  // namespace
