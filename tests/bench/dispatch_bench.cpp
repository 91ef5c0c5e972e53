// Interrupt dispatch to one connected, active routine against a bare indirect call to the same
// routine, measured in the same binary and run. Prints the ratio (goal: <= 2x). For figures on a
// noisy machine: --benchmark_repetitions=10 --benchmark_enable_random_interleaving=true (the
// ratio then uses the medians).
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
    bench_support::RatioReporter reporter("Goal for dispatchBench/ToOneActiveRoutine: <= 2.00x");
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    return 0;
}
