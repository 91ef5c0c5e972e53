// Fixture figures, each against a reference measured in the same run:
//  - events/s decoded by the codec (Google Benchmark), against copying the same bytes;
//  - a packet's arrival to the ISR through the fixture port and the driver (to a counting
//    routine, and to the responder with its register read and queued write), against a bare
//    indirect call;
//  - the virtual fixture's ideal-bus latency (edge to host wake-up) against a bare eventfd
//    ping-pong between two threads with the same cadence (goal: median <= 1.15x; the p99 beside
//    it), and against a one-way futex wake-up with the fixture's own pattern and primitive (a
//    timed waker ringing a Doorbell, a sleeper that never answers). The two references differ
//    where waking a thread on another, idle CPU is slow (virtual machines): a ping-pong pulls
//    both threads onto one CPU, a one-way wake does not. So the comparison is printed twice:
//    threads placed by the scheduler, then every thread on one CPU (threads inherit the affinity
//    of the thread that creates them).
#include <benchmark/benchmark.h>
#include <sched.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <vector>

#include "bench_isrs.h"
#include "codec.h"
#include "driver_harness.h"
#include "fixture_port.h"
#include "in_process_transport.h"
#include "monotonic_clock.h"
#include "port_driver.h"
#include "reference_call.h"
#include "reference_timings.h"
#include "virtual_fixture.h"

namespace {

using namespace hwbridge;

std::vector<std::uint8_t> fullHighSpeedPacket() {
    std::vector<wire::EventRecord> records;
    for (std::uint32_t i = 0; i < 31; ++i) {
        records.push_back(wire::EventRecord::edge(i + 1, wire::Line::NAck, true, 1000 + i));
    }
    std::vector<std::uint8_t> packet;
    codec::encodePacket(records, packet);
    return packet;
}

void BM_DecodeHighSpeedPacket(benchmark::State& state) {
    const auto packet = fullHighSpeedPacket();
    std::vector<wire::EventRecord> out;
    out.reserve(64);
    for (auto _ : state) {
        out.clear();
        benchmark::DoNotOptimize(codec::decodePacket(packet, out));
        benchmark::DoNotOptimize(out.data());
    }
    state.SetItemsProcessed(state.iterations() * 31);
}
BENCHMARK(BM_DecodeHighSpeedPacket);

void BM_CopyHighSpeedPacket(benchmark::State& state) {
    const auto packet = fullHighSpeedPacket();
    std::vector<std::uint8_t> out(packet.size());
    for (auto _ : state) {
        std::memcpy(out.data(), packet.data(), packet.size());
        benchmark::DoNotOptimize(out.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(state.iterations() * 31);
}
BENCHMARK(BM_CopyHighSpeedPacket);

using bench::Percentiles;
using bench::percentilesOf;

// The product's own reference (isrbench bench): an eventfd ping-pong paced like the stimulus.
Percentiles eventfdPingPong(int count, std::int64_t gap_ns) {
    return percentilesOf(bench::eventfdPingPong(count, gap_ns));
}

// The fixture's pattern without the fixture (a timed waker, a reader that never answers).
Percentiles doorbellOneWay(int count, std::int64_t gap_ns) {
    return percentilesOf(bench::doorbellOneWay(count, gap_ns));
}

class ArrivalSink final : public ReportSink {
public:
    explicit ArrivalSink(std::int64_t offset) : offset_(offset) {}
    void onReport(std::span<const std::uint8_t> packet, std::int64_t t_arrive) noexcept override {
        decoded_.clear();
        codec::decodePacket(packet, decoded_);
        onRecords(decoded_, t_arrive);
    }
    void onRecords(std::span<const wire::EventRecord> records,
                   std::int64_t t_arrive) noexcept override {
        std::lock_guard lock(mutex_);
        for (const auto& r : records) {
            latencies_.push_back(t_arrive - (static_cast<std::int64_t>(r.value) - offset_));
        }
    }
    void onReportError(TransferStatus) noexcept override {}
    void onDeviceGone() noexcept override {}
    void onDeviceBack() noexcept override {}
    std::vector<std::int64_t> take() {
        std::lock_guard lock(mutex_);
        return latencies_;
    }
    std::size_t size() {
        std::lock_guard lock(mutex_);
        return latencies_.size();
    }

private:
    const std::int64_t offset_;
    std::vector<wire::EventRecord> decoded_;
    std::mutex mutex_;
    std::vector<std::int64_t> latencies_;
};

// The virtual fixture on the ideal bus: a periodic train, edge time to host wake-up.
Percentiles virtualFixtureIdealBus(int count, std::int64_t gap_ns) {
    VirtualFixtureOptions options;
    ArrivalSink sink(options.model.clock_offset_ns);
    VirtualFixture fixture(options);
    fixture.setReportSink(&sink);
    fixture.controlOut(wire::Request::SetIrqEnable, 1, 0, {});
    const auto block =
        codec::encodeStimulus({wire::StimulusMode::Periodic, static_cast<std::uint32_t>(count),
                               static_cast<std::uint64_t>(gap_ns), 0});
    fixture.controlOut(wire::Request::StartStimulus, 0, 0, block);
    while (sink.size() < static_cast<std::size_t>(count) && fixture.stimulusRunning()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    fixture.setReportSink(nullptr);
    return percentilesOf(sink.take());
}

// ---- dispatch: a packet's arrival to the ISR, through the fixture port and the driver --------

using bench_support::BM_BareIndirectCall;
BENCHMARK(BM_BareIndirectCall);

constexpr std::size_t kDispatchPackets = 1 << 18;

void packetToIsr(benchmark::State& state, bool answers) {
    static const auto packets = bench::edgePackets(kDispatchPackets);
    InProcessTransport transport;
    driver::FixturePort port(transport);
    driver::PortDriver port_driver(port);
    bench::BenchIsr context{&port, 0};
    bench::BenchIsr counting;
    testing_support::connect(
        port_driver, answers
                         ? contract::PARALLEL_INTERRUPT_SERVICE_ROUTINE{&bench::answeringIsr,
                                                                        &context, nullptr, nullptr}
                         : contract::PARALLEL_INTERRUPT_SERVICE_ROUTINE{
                               &bench::countingIsr, &counting, nullptr, nullptr});
    std::size_t next = 0;
    for (auto _ : state) {
        transport.deliver(packets[next++], monotonicNowNs());
    }
    const std::uint64_t calls = answers ? context.calls : counting.calls;
    if (calls != static_cast<std::uint64_t>(state.iterations())) {
        state.SkipWithError("the routine was not called once per packet");
    }
    if (answers && port.counts().interrupt_level_transfers.completed != calls) {
        state.SkipWithError("a write from interrupt level did not complete");
    }
}
BENCHMARK_CAPTURE(packetToIsr, ToACountingRoutine, false)->Iterations(kDispatchPackets);
BENCHMARK_CAPTURE(packetToIsr, ToTheResponder, true)->Iterations(kDispatchPackets);

void printLatencyComparison(const char* placement) {
    constexpr int kCount = 20'000;
    constexpr std::int64_t kGap = 50'000;
    // Interleaved, twice, so that no side gets the quieter part of the run.
    Percentiles bare[2], one_way[2], fixture[2];
    for (int round = 0; round < 2; ++round) {
        bare[round] = eventfdPingPong(kCount, kGap);
        one_way[round] = doorbellOneWay(kCount, kGap);
        fixture[round] = virtualFixtureIdealBus(kCount, kGap);
    }
    const auto mean = [](const Percentiles* p, std::int64_t Percentiles::*f) {
        return (p[0].*f + p[1].*f) / 2;
    };
    const auto row = [&](const char* name, const Percentiles* p) {
        std::printf("  %-44s p50 %7.2f us   p99 %7.2f us   (%zu + %zu samples)\n", name,
                    mean(p, &Percentiles::p50_ns) / 1000.0, mean(p, &Percentiles::p99_ns) / 1000.0,
                    p[0].samples, p[1].samples);
    };
    const auto ratio = [&](const char* name, const Percentiles* reference) {
        std::printf("  %-44s p50 %7.2fx        p99 %7.2fx\n", name,
                    static_cast<double>(mean(fixture, &Percentiles::p50_ns)) /
                        static_cast<double>(mean(reference, &Percentiles::p50_ns)),
                    static_cast<double>(mean(fixture, &Percentiles::p99_ns)) /
                        static_cast<double>(mean(reference, &Percentiles::p99_ns)));
    };
    std::printf("\nWake-up latency, %d events at %lld us spacing, two interleaved rounds, %s:\n",
                kCount, static_cast<long long>(kGap / 1000), placement);
    row("bare eventfd ping-pong, two threads", bare);
    row("one-way futex wake, two threads", one_way);
    row("virtual fixture, ideal bus", fixture);
    ratio("ratio to the ping-pong (goal: p50 <= 1.15x)", bare);
    ratio("ratio to the one-way wake", one_way);
}

}  // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) {
        return 1;
    }
    bench_support::RatioReporter reporter(
        "packetToIsr: a packet's arrival to the ISR's return through the fixture port and the "
        "driver (the dispatch part of a run's latency, with the ISR's own work)");
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    printLatencyComparison("threads placed by the scheduler");
    cpu_set_t everywhere;
    sched_getaffinity(0, sizeof everywhere, &everywhere);
    cpu_set_t one_cpu;
    CPU_ZERO(&one_cpu);
    CPU_SET(sched_getcpu(), &one_cpu);
    if (CPU_COUNT(&everywhere) > 1 && sched_setaffinity(0, sizeof one_cpu, &one_cpu) == 0) {
        printLatencyComparison("every thread on one CPU");
        sched_setaffinity(0, sizeof everywhere, &everywhere);
    }
    return 0;
}
