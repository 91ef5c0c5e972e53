// Interrupt dispatch to one connected, active routine against a bare indirect call to the same
// routine, measured in the same binary and run. Prints the ratio (goal: <= 2x). For figures on a
// noisy machine: --benchmark_repetitions=10 --benchmark_enable_random_interleaving=true (the
// ratio then uses the medians).
//
// Where the time goes (issue 13 part 5; medians, Zen 4 VM, GCC 12 -O2; each line: that operation
// alone left out of a scratch copy, the rest kept). ToOneActiveRoutine 3.71 ns = 2.7x a bare call
// of 1.37 ns, of which:
//   the FakePort's virtual hop into the driver      1.40 ns  (BM_PortToEmptySink; any port's cost)
//   the routine's own call                          1.37 ns  (the reference itself)
//   contract bookkeeping, all together              0.93 ns, each alone:
//     gate enter/exit (synchronous DISCONNECT)      0.42     per-client tally (calls, true)  0.42
//     retired / inactive-confirmed check (monitor)  0.29     serviced/declined counter       0.11
//     observer check                                0.05     (they overlap: sum > together)
// With all five left out (hop, call, and the list/count/active reads that classify) it is 2.78 ns
// = 2.0x already, so the goal is out of reach through a port while every count the contract asks
// for is kept; the driver's own share, (3.71 - 1.40) / 1.37, is 1.7x.
#include <benchmark/benchmark.h>

#include "driver_harness.h"
#include "fake_port.h"
#include "reference_call.h"

namespace {

using namespace testing_support;

using bench_support::BM_BareIndirectCall;
using bench_support::CountingContext;
using bench_support::countingRoutine;
BENCHMARK(BM_BareIndirectCall);

struct NullObserver final : driver::InterruptObserver {
    std::int64_t last = 0;
    void onInterruptHandled(const driver::InterruptRecord& record) noexcept override {
        last = record.t_isr_ns - record.edge.t_edge_ns;
    }
};

enum class Setup { Active, ActiveObserved, Inactive, NoClient };

void dispatchBench(benchmark::State& state, Setup setup) {
    FakePort port;
    driver::PortDriver driver(port);
    CountingContext context;
    NullObserver observer;
    if (setup != Setup::NoClient) {
        connect(driver, {&countingRoutine, &context, nullptr, nullptr});
    }
    if (setup == Setup::Inactive) {
        reportInactive(driver);
    }
    if (setup == Setup::ActiveObserved) {
        driver.setObserver(&observer);  // adds the t_isr timestamp and the record hand-off
    }
    // The same edge every time: what is measured is the driver, not the making of edges.
    const driver::InterruptEdge edge{1, 0, 0};
    for (auto _ : state) {
        port.deliver(edge);
    }
    benchmark::DoNotOptimize(context.calls);
    state.counters["membarrier"] = driver.usesMembarrier() ? 1 : 0;
    if (setup == Setup::Active && context.calls != static_cast<std::uint64_t>(state.iterations())) {
        state.SkipWithError("the routine was not called once per interrupt");
    }
}
BENCHMARK_CAPTURE(dispatchBench, ToOneActiveRoutine, Setup::Active);
BENCHMARK_CAPTURE(dispatchBench, ToOneActiveRoutineObserved, Setup::ActiveObserved);
BENCHMARK_CAPTURE(dispatchBench, Suppressed, Setup::Inactive);
BENCHMARK_CAPTURE(dispatchBench, Unclaimed, Setup::NoClient);

// The FakePort's own share, the floor under every dispatch figure above: the port's virtual call
// into a sink that does nothing (the driver's sink is reached the same way).
struct EmptySink final : driver::InterruptSink {
    void onInterrupt(const driver::InterruptEdge&) noexcept override {}
};
void BM_PortToEmptySink(benchmark::State& state) {
    FakePort port;
    EmptySink sink;
    port.setInterruptSink(&sink);
    const driver::InterruptEdge edge{1, 0, 0};
    for (auto _ : state) {
        port.deliver(edge);
    }
    port.setInterruptSink(nullptr);
}
BENCHMARK(BM_PortToEmptySink);

}  // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) {
        return 1;
    }
    bench_support::RatioReporter reporter(
        "Goal for dispatchBench/ToOneActiveRoutine: <= 2.00x (BM_PortToEmptySink is the port's "
        "share)");
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    return 0;
}
