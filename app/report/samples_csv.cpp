#include "samples_csv.h"

#include <cerrno>
#include <cinttypes>
#include <cstring>

#include "atomic_file.h"

namespace report {
namespace {

// An empty field for a time that was not taken.
void field(std::FILE* out, std::int64_t value, bool present) {
    if (present) {
        std::fprintf(out, ",%" PRId64, value);
    } else {
        std::fputs(",", out);
    }
}

}  // namespace

const char* SamplesCsv::header() {
    return "sequence,phase,phase_name,outcome,t_edge_ns,late_ns,latency_ns,bus_ns,dispatch_ns,"
           "round_trip_ns\n";
}

SamplesCsv::SamplesCsv(const std::filesystem::path& file, std::vector<engine::Phase> phases)
    : file_(file), phases_(std::move(phases)) {
    out_ = std::fopen(file.c_str(), "w");
    if (out_ == nullptr) {
        throw WriteError("cannot write " + file.string() + ": " + std::strerror(errno));
    }
    std::fputs(header(), out_);
}

SamplesCsv::~SamplesCsv() {
    if (out_ != nullptr) {
        std::fclose(out_);
    }
}

// Lost stimuli have no sequence number and no times: they are rows all the same, so that the
// file has one row per stimulus.
void SamplesCsv::add(const engine::Sample& s) {
    if (out_ == nullptr) {
        return;
    }
    const bool latency = s.hasLatency();
    const std::string& phase_name = s.phase < phases_.size() ? phases_[s.phase].name : "?";
    if (s.outcome == engine::Outcome::Lost) {
        std::fprintf(out_, ",%u,%s,lost", unsigned{s.phase}, phase_name.c_str());
    } else {
        std::fprintf(out_, "%" PRIu64 ",%u,%s,%s", s.sequence, unsigned{s.phase},
                     phase_name.c_str(), std::string(engine::outcomeName(s.outcome)).c_str());
    }
    field(out_, s.t_edge_ns - run_start_ns_, s.t_edge_ns != 0);
    field(out_, s.t_edge_ns - s.t_due_ns, s.t_due_ns != 0);  // left late: latency counts from due
    field(out_, s.latencyNs(), latency);
    field(out_, s.t_arrive_ns - s.t_edge_ns, latency && s.t_arrive_ns != 0);
    field(out_, s.t_isr_ns - s.t_arrive_ns, latency && s.t_arrive_ns != 0);
    field(out_, s.t_resp_ns - s.t_edge_ns, latency && s.t_resp_ns != 0);
    std::fputc('\n', out_);
}

void SamplesCsv::close() {
    if (out_ == nullptr) {
        return;
    }
    const bool failed = std::ferror(out_) != 0;
    const bool close_failed = std::fclose(out_) != 0;
    out_ = nullptr;
    if (failed || close_failed) {
        throw WriteError("cannot write " + file_.string() + ": " + std::strerror(errno));
    }
}

}  // namespace report
