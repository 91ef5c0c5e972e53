// samples.csv: one row per stimulus, written while the run goes on (from the engine thread) so
// that a long run never holds its samples in memory. Times in ns; empty where not measured.
#pragma once

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "sample.h"
#include "scenario.h"

namespace report {

class SamplesCsv {
public:
    // Throws WriteError if the file cannot be created.
    SamplesCsv(const std::filesystem::path& file, std::vector<engine::Phase> phases);
    ~SamplesCsv();

    SamplesCsv(const SamplesCsv&) = delete;
    SamplesCsv& operator=(const SamplesCsv&) = delete;

    // Edge times are written from here on (host CLOCK_MONOTONIC ns).
    void setTimeZero(std::int64_t run_start_ns) { run_start_ns_ = run_start_ns; }
    void add(const engine::Sample& sample);
    // Flushes and closes; throws WriteError if anything written was not stored (disk full).
    void close();

    static const char* header();

private:
    std::filesystem::path file_;
    std::vector<engine::Phase> phases_;
    std::int64_t run_start_ns_ = 0;
    std::FILE* out_ = nullptr;
};

}  // namespace report
