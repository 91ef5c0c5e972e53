// The reference the dispatch figures are measured against, in the same binary and run: a bare
// indirect call to a minimal client ISR (count, claim), and a console reporter that prints each
// benchmark's time as a ratio to it.
#pragma once

#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "contract/parallel.h"

namespace bench_support {

struct CountingContext {
    std::uint64_t calls = 0;
};

inline bool countingRoutine(contract::KINTERRUPT*, void* context) {
    ++static_cast<CountingContext*>(context)->calls;
    return true;
}

inline void BM_BareIndirectCall(benchmark::State& state) {
    CountingContext context;
    contract::PPARALLEL_INTERRUPT_ROUTINE volatile routine = &countingRoutine;
    for (auto _ : state) {
        benchmark::DoNotOptimize(routine(nullptr, &context));
    }
    benchmark::DoNotOptimize(context.calls);
}

// Prints the usual table, then every benchmark's time as a ratio to BM_BareIndirectCall's from
// this run, and `goal` under them.
class RatioReporter : public benchmark::ConsoleReporter {
public:
    explicit RatioReporter(std::string goal) : goal_(std::move(goal)) {}

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
                std::printf("  %-45s %8.2f ns  %7.2fx\n", name.c_str(), ns, ns / bare->second);
            }
        }
        std::printf("%s\n", goal_.c_str());
    }

private:
    std::string goal_;
    std::map<std::string, double> ns_;
    std::set<std::string> from_median_;
};

}  // namespace bench_support
