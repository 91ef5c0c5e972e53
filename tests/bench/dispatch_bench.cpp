// Interrupt dispatch to one connected, active routine against a bare indirect call to the same
// routine, measured in the same binary and run. Prints the ratio (goal: <= 2x). For figures on a
// noisy machine: --benchmark_repetitions=10 --benchmark_enable_random_interleaving=true (the
// ratio then uses the medians).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <map>
#include <set>
#include <string>

#include "driver_harness.h"
#include "fake_port.h"

namespace {

using namespace testing_support;

// The routine under test: what a minimal client ISR does (count, claim).
struct CountingContext {
    std::uint64_t calls = 0;
};
bool countingRoutine(contract::KINTERRUPT*, void* context) {
    ++static_cast<CountingContext*>(context)->calls;
    return true;
}

void BM_BareIndirectCall(benchmark::State& state) {
    CountingContext context;
    contract::PPARALLEL_INTERRUPT_ROUTINE volatile routine = &countingRoutine;
    for (auto _ : state) {
        benchmark::DoNotOptimize(routine(nullptr, &context));
    }
    benchmark::DoNotOptimize(context.calls);
}
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

// Prints the usual table, then the ratios against the bare call measured in this run.
class RatioReporter : public benchmark::ConsoleReporter {
public:
    void ReportRuns(const std::vector<Run>& runs) override {
        ConsoleReporter::ReportRuns(runs);
        // With --benchmark_repetitions the median of the repetitions is used; without, the run.
        for (const auto& run : runs) {
            if (run.error_occurred) {
                continue;
            }
            const std::string name = run.run_name.str();
            if (run.run_type == Run::RT_Aggregate && run.aggregate_name == "median") {
                ns_[name] = run.GetAdjustedCPUTime();
                from_median_.insert(name);
            } else if (run.run_type == Run::RT_Iteration && !from_median_.count(name)) {
                ns_[name] = run.GetAdjustedCPUTime();
            }
        }
    }
    void Finalize() override {
        ConsoleReporter::Finalize();
        const auto bare = ns_.find("BM_BareIndirectCall");
        if (bare == ns_.end() || bare->second <= 0) {
            return;
        }
        std::printf("\nRatio to a bare indirect call (%.2f ns), same run:\n", bare->second);
        for (const auto& [name, ns] : ns_) {
            if (name != bare->first) {
                std::printf("  %-45s %6.2f ns  %5.2fx\n", name.c_str(), ns, ns / bare->second);
            }
        }
        std::printf("Goal for dispatchBench/ToOneActiveRoutine: <= 2.00x\n");
    }

private:
    std::map<std::string, double> ns_;
    std::set<std::string> from_median_;
};

}  // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) {
        return 1;
    }
    RatioReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    return 0;
}
