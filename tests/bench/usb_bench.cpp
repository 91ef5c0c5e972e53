// Interrupt transfers per second through libusb under umockdev: a long burst of stimulus edges
// streamed from the fixture model, served as an emulated USB device (tests/usb/usb_emulator), and
//  - read through the production LibusbTransport: asynchronous interrupt-IN transfers, several in
//    flight, resubmitted from their completion callbacks on the transport's event thread;
//  - read, as the reference measured in the same run, with plain synchronous
//    libusb_interrupt_transfer calls, one in flight: the emulator's own ceiling through libusb.
// Each run gets a fresh emulator with the same options, so every stream starts at sequence 1.
// Rounds are interleaved (the order alternates) so that neither side gets the quieter part of the
// run. Every record must arrive in sequence (1, 2, 3, ... no gap, no duplicate, nothing after the
// last): any problem ends the run with a message and exit status 1.
//
// The emulator makes each edge when the host reaps a waiting report URB and nothing is queued
// (usb_emulator.cpp), so the figures are what libusb and umockdev can move, not the burst's own
// timing and not a USB bus: there is no microframe clock here.
//
// Like the USB test main, the program re-executes itself under libumockdev-preload (the emulator
// must exist before libusb_init), and works in a private TMPDIR made below the one it is given.
#include <libusb.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "codec.h"
#include "fixture_client.h"
#include "libusb_transport.h"
#include "monotonic_clock.h"
#include "preload.h"
#include "usb_emulator.h"

namespace {

namespace wire = hwbridge::wire;
namespace codec = hwbridge::codec;

constexpr unsigned kTransferTimeoutMs = 1000;
constexpr int kInterface = 0;

// CPU time of the whole process: the caller, libusb's event handling, umockdev's ioctl thread.
double processCpuSeconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const auto seconds = [](const timeval& tv) {
        return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6;
    };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

struct Options {
    std::uint32_t edges = 20'000;
    int rounds = 3;
    int in_flight = 4;
    bool drop_one = false;  // the host "loses" one decoded record: shows that the check fails
};

// What one path must see: `expected` rising nAck edges numbered 1 to `expected`, each once, in
// order, in well-formed packets. The first problem is kept, in words.
class StreamCheck {
public:
    StreamCheck(std::uint32_t expected, bool drop_one)
        : expected_(expected), dropped_(drop_one ? expected / 2 : 0) {}

    void packet(const codec::PacketSummary& summary, std::span<const wire::EventRecord> records) {
        ++transfers_;
        if (summary.error != codec::PacketError::None || summary.corrupt != 0 ||
            summary.unknown != 0) {
            fail("malformed packet in transfer " + std::to_string(transfers_));
            return;
        }
        if (records.empty()) {
            fail("transfer " + std::to_string(transfers_) + " carried no record");
        }
        for (const auto& record : records) {
            if (record.sequence == dropped_) {
                continue;
            }
            take(record);
        }
    }
    void fail(const std::string& problem) {
        if (problem_.empty()) {
            problem_ = problem;
        }
    }
    bool ok() const { return problem_.empty(); }
    bool complete() const { return records_ >= expected_; }
    const std::string& problem() const { return problem_; }
    std::uint64_t records() const { return records_; }
    std::uint64_t transfers() const { return transfers_; }
    std::uint32_t expected() const { return expected_; }

private:
    void take(const wire::EventRecord& record) {
        ++records_;
        const std::uint32_t wanted = next_++;
        if (record.sequence != wanted) {
            fail("GAP: expected sequence " + std::to_string(wanted) + ", got " +
                 std::to_string(record.sequence) + " (record " + std::to_string(records_) + ")");
        } else if (record.type != wire::RecordType::Edge || record.line() != wire::Line::NAck ||
                   !record.level()) {
            fail("record " + std::to_string(wanted) + " is not a rising nAck edge");
        } else if (records_ > expected_) {
            fail("record " + std::to_string(wanted) + " after the last of the burst");
        }
    }

    const std::uint32_t expected_;
    const std::uint32_t dropped_;  // 0: none (sequence numbers start at 1)
    std::uint32_t next_ = 1;
    std::uint64_t records_ = 0;
    std::uint64_t transfers_ = 0;
    std::string problem_;
};

struct RunResult {
    std::uint64_t transfers = 0;
    std::uint64_t records = 0;
    std::int64_t elapsed_ns = 0;   // START_STIMULUS sent -> last record decoded
    double cpu_s = 0;              // process CPU over the same span
    int device_max_in_flight = 0;  // interrupt URBs waiting at the emulator at once, at most
    std::string problem;           // empty: every record arrived, in sequence

    double transfersPerSecond() const { return static_cast<double>(transfers) * 1e9 / elapsed(); }
    double recordsPerSecond() const { return static_cast<double>(records) * 1e9 / elapsed(); }
    double recordsPerTransfer() const {
        return transfers == 0 ? 0 : static_cast<double>(records) / static_cast<double>(transfers);
    }
    double cpuMicrosecondsPerTransfer() const {
        return transfers == 0 ? 0 : cpu_s * 1e6 / static_cast<double>(transfers);
    }
    double cores() const { return cpu_s * 1e9 / elapsed(); }

private:
    double elapsed() const { return static_cast<double>(std::max<std::int64_t>(elapsed_ns, 1)); }
};

std::chrono::milliseconds streamDeadline(std::uint32_t edges) {
    return std::chrono::milliseconds(10'000 + edges / 2);  // far beyond any healthy run
}

wire::StimulusBlock burstOf(std::uint32_t edges) {
    return {wire::StimulusMode::Burst, edges, 10'000, 0};
}

// ---- the production transport: asynchronous, several transfers in flight ---------------------

// Decodes and checks on the transport's event thread; notes the time and CPU at the last record.
class CheckingSink final : public hwbridge::ReportSink {
public:
    explicit CheckingSink(StreamCheck& check) : check_(check) { decoded_.reserve(64); }

    void onReport(std::span<const std::uint8_t> packet,
                  std::int64_t t_arrive_ns) noexcept override {
        decoded_.clear();
        const auto summary = codec::decodePacket(packet, decoded_);
        std::lock_guard lock(mutex_);
        check_.packet(summary, decoded_);
        if (!finished_ && (check_.complete() || !check_.ok())) {
            finished_ = true;
            t_last_ns_ = t_arrive_ns;
            cpu_last_s_ = processCpuSeconds();
            done_.notify_all();
        }
    }
    void onRecords(std::span<const hwbridge::wire::EventRecord>, std::int64_t) noexcept override {
        failed("a USB transport handed over records, not bytes");
    }
    void onReportError(hwbridge::TransferStatus status) noexcept override {
        failed(std::string("report transfer failed: ") +
               std::string(hwbridge::transferStatusText(status)));
    }
    void onDeviceGone() noexcept override { failed("the device went away"); }
    void onDeviceBack() noexcept override {}

    // False if the stream neither completed nor failed within `limit`.
    bool waitUntilFinished(std::chrono::milliseconds limit) {
        std::unique_lock lock(mutex_);
        return done_.wait_for(lock, limit, [&] { return finished_; });
    }
    std::int64_t lastArrivalNs() {
        std::lock_guard lock(mutex_);
        return t_last_ns_;
    }
    double cpuAtLastArrival() {
        std::lock_guard lock(mutex_);
        return cpu_last_s_;
    }
    std::mutex& mutex() { return mutex_; }

private:
    void failed(const std::string& problem) {
        std::lock_guard lock(mutex_);
        check_.fail(problem);
        if (!finished_) {
            finished_ = true;
            t_last_ns_ = hwbridge::monotonicNowNs();
            cpu_last_s_ = processCpuSeconds();
            done_.notify_all();
        }
    }

    StreamCheck& check_;
    std::vector<wire::EventRecord> decoded_;  // event thread only
    std::mutex mutex_;
    std::condition_variable done_;
    bool finished_ = false;
    std::int64_t t_last_ns_ = 0;
    double cpu_last_s_ = 0;
};

RunResult runTransport(const Options& options) {
    RunResult result;
    StreamCheck check(options.edges, options.drop_one);
    CheckingSink sink(check);
    // Declared before the transport, so destroyed after it: the emulator exists before
    // libusb_init, and the sink outlives the last callback.
    usbtest::UsbEmulator emulator;
    emulator.plug();
    hwbridge::LibusbTransportOptions transport_options;
    transport_options.reports_in_flight = options.in_flight;
    std::string error;
    auto transport = hwbridge::LibusbTransport::open(transport_options, error);
    if (!transport) {
        result.problem = "cannot open the emulated fixture: " + error;
        return result;
    }
    transport->setReportSink(&sink);
    hwbridge::FixtureClient client(*transport);
    if (const auto irq = client.setIrqEnable(true); !irq.ok()) {
        result.problem = "SET_IRQ_ENABLE: " + irq.error.text();
        return result;
    }

    const double cpu_start = processCpuSeconds();
    const std::int64_t t_start = hwbridge::monotonicNowNs();
    if (const auto started = client.startStimulus(burstOf(options.edges)); !started.ok()) {
        result.problem = "START_STIMULUS: " + started.error.text();
        return result;
    }
    const bool finished = sink.waitUntilFinished(streamDeadline(options.edges));
    result.elapsed_ns = sink.lastArrivalNs() - t_start;
    result.cpu_s = sink.cpuAtLastArrival() - cpu_start;
    {
        std::lock_guard lock(sink.mutex());
        result.transfers = check.transfers();
        result.records = check.records();
    }
    const auto transport_counts = transport->counts();
    // Closing drains every transfer still in flight: whatever else arrives is checked too.
    transport.reset();
    std::lock_guard lock(sink.mutex());
    if (!finished) {
        check.fail("the stream stalled after " + std::to_string(check.records()) + " of " +
                   std::to_string(options.edges) + " records");
    } else if (transport_counts.report_errors != 0) {
        check.fail(std::to_string(transport_counts.report_errors) + " report transfers failed");
    } else if (check.records() != options.edges) {
        check.fail(std::to_string(check.records()) + " records arrived, not " +
                   std::to_string(options.edges));
    }
    result.problem = check.problem();
    result.device_max_in_flight = emulator.counts().max_interrupt_urbs_in_flight;
    return result;
}

// ---- the reference: plain synchronous libusb calls, one in flight -----------------------------

class SynchronousDevice {
public:
    ~SynchronousDevice() {
        if (handle_ != nullptr) {
            libusb_release_interface(handle_, kInterface);
            libusb_close(handle_);
        }
        if (context_ != nullptr) {
            libusb_exit(context_);
        }
    }
    std::string open() {
        if (const int rc = libusb_init(&context_); rc != 0) {
            context_ = nullptr;
            return std::string("libusb_init: ") + libusb_error_name(rc);
        }
        handle_ =
            libusb_open_device_with_vid_pid(context_, wire::kVendorId, wire::kDefaultProductId);
        if (handle_ == nullptr) {
            return "no emulated fixture to open";
        }
        if (const int rc = libusb_claim_interface(handle_, kInterface); rc != 0) {
            return std::string("libusb_claim_interface: ") + libusb_error_name(rc);
        }
        packet_size_ = libusb_get_max_packet_size(libusb_get_device(handle_), wire::kEventEndpoint);
        return packet_size_ > 0 ? "" : "no report endpoint";
    }
    int controlOut(wire::Request request, std::uint16_t value, std::span<std::uint8_t> data = {}) {
        return libusb_control_transfer(handle_, wire::kRequestTypeOut,
                                       static_cast<std::uint8_t>(request), value, 0, data.data(),
                                       static_cast<std::uint16_t>(data.size()), kTransferTimeoutMs);
    }
    int readReport(std::vector<std::uint8_t>& buffer, int& length, unsigned timeout_ms) {
        buffer.resize(static_cast<std::size_t>(packet_size_));
        return libusb_interrupt_transfer(handle_, wire::kEventEndpoint, buffer.data(), packet_size_,
                                         &length, timeout_ms);
    }

private:
    libusb_context* context_ = nullptr;
    libusb_device_handle* handle_ = nullptr;
    int packet_size_ = 0;
};

RunResult runSynchronous(const Options& options) {
    RunResult result;
    StreamCheck check(options.edges, options.drop_one);
    usbtest::UsbEmulator emulator;  // before libusb_init, destroyed after libusb_exit
    emulator.plug();
    {
        SynchronousDevice device;
        if (result.problem = device.open(); !result.problem.empty()) {
            return result;
        }
        if (const int rc = device.controlOut(wire::Request::SetIrqEnable, 1); rc != 0) {
            result.problem = std::string("SET_IRQ_ENABLE: ") + libusb_error_name(rc);
            return result;
        }
        auto stimulus = codec::encodeStimulus(burstOf(options.edges));
        std::vector<std::uint8_t> buffer;
        std::vector<wire::EventRecord> decoded;
        decoded.reserve(64);

        const double cpu_start = processCpuSeconds();
        const std::int64_t t_start = hwbridge::monotonicNowNs();
        if (const int rc = device.controlOut(wire::Request::StartStimulus, 0, stimulus); rc < 0) {
            result.problem = std::string("START_STIMULUS: ") + libusb_error_name(rc);
            return result;
        }
        while (!check.complete() && check.ok()) {
            int length = 0;
            if (const int rc = device.readReport(buffer, length, kTransferTimeoutMs); rc != 0) {
                check.fail(std::string("interrupt transfer failed after ") +
                           std::to_string(check.records()) + " records: " + libusb_error_name(rc));
                break;
            }
            decoded.clear();
            const auto summary = codec::decodePacket(
                std::span<const std::uint8_t>(buffer.data(), static_cast<std::size_t>(length)),
                decoded);
            check.packet(summary, decoded);
        }
        result.elapsed_ns = hwbridge::monotonicNowNs() - t_start;
        result.cpu_s = processCpuSeconds() - cpu_start;
        result.transfers = check.transfers();
        result.records = check.records();
        // The burst is spent: one more read must time out, not bring a record.
        int length = 0;
        if (check.ok()) {
            if (const int rc = device.readReport(buffer, length, 20); rc != LIBUSB_ERROR_TIMEOUT) {
                check.fail(std::string("a report after the last record: ") + libusb_error_name(rc));
            }
        }
    }
    result.problem = check.problem();
    result.device_max_in_flight = emulator.counts().max_interrupt_urbs_in_flight;
    return result;
}

// ---- the table ----------------------------------------------------------------------------------

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    return n == 0 ? 0 : n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

void printHeader() {
    std::printf("  %-5s %-44s %12s %12s %8s %9s %9s %6s %9s\n", "round", "path", "transfers/s",
                "records/s", "rec/xfer", "elapsed", "CPU us/x", "cores", "in flight");
}

void printRow(const std::string& round, const std::string& path, double transfers_per_s,
              double records_per_s, double records_per_transfer, double elapsed_ms,
              double cpu_us_per_transfer, double cores, int in_flight) {
    std::printf("  %-5s %-44s %12.0f %12.0f %8.2f %7.1f ms %9.2f %6.2f %9d\n", round.c_str(),
                path.c_str(), transfers_per_s, records_per_s, records_per_transfer, elapsed_ms,
                cpu_us_per_transfer, cores, in_flight);
}

void printRun(const std::string& round, const std::string& path, const RunResult& run) {
    printRow(round, path, run.transfersPerSecond(), run.recordsPerSecond(),
             run.recordsPerTransfer(), static_cast<double>(run.elapsed_ns) / 1e6,
             run.cpuMicrosecondsPerTransfer(), run.cores(), run.device_max_in_flight);
}

void printMedian(const std::string& path, const std::vector<RunResult>& runs) {
    std::vector<double> transfers, records, per_transfer, elapsed, cpu, cores;
    int in_flight = 0;
    for (const auto& run : runs) {
        transfers.push_back(run.transfersPerSecond());
        records.push_back(run.recordsPerSecond());
        per_transfer.push_back(run.recordsPerTransfer());
        elapsed.push_back(static_cast<double>(run.elapsed_ns) / 1e6);
        cpu.push_back(run.cpuMicrosecondsPerTransfer());
        cores.push_back(run.cores());
        in_flight = std::max(in_flight, run.device_max_in_flight);
    }
    printRow("med", path, median(transfers), median(records), median(per_transfer), median(elapsed),
             median(cpu), median(cores), in_flight);
}

bool parseOptions(int argc, char** argv, Options& options) {
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const bool has_value = i + 1 < argc;
        if (arg == "--edges" && has_value) {
            options.edges = static_cast<std::uint32_t>(std::strtoul(argv[++i], nullptr, 10));
        } else if (arg == "--rounds" && has_value) {
            options.rounds = std::atoi(argv[++i]);
        } else if (arg == "--in-flight" && has_value) {
            options.in_flight = std::atoi(argv[++i]);
        } else if (arg == "--drop-one") {
            options.drop_one = true;
        } else {
            std::fprintf(stderr,
                         "usage: %s [--edges N (20000)] [--rounds R (3)] [--in-flight K (4)]\n"
                         "          [--drop-one: the host drops one decoded record, to see the "
                         "gap check fail]\n",
                         argv[0]);
            return false;
        }
    }
    return options.edges > 0 && options.rounds > 0 && options.in_flight > 0;
}

// A directory of our own for umockdev's testbeds, removed on the way out.
class PrivateTmpdir {
public:
    PrivateTmpdir() {
        const char* base = std::getenv("TMPDIR");
        std::string pattern =
            std::string(base != nullptr && *base != '\0' ? base : "/tmp") + "/usb_bench.XXXXXX";
        if (mkdtemp(pattern.data()) != nullptr) {
            path_ = pattern;
            setenv("TMPDIR", path_.c_str(), 1);
        }
    }
    ~PrivateTmpdir() {
        if (!path_.empty()) {
            std::error_code ignored;
            std::filesystem::remove_all(path_, ignored);
        }
    }
    PrivateTmpdir(const PrivateTmpdir&) = delete;
    PrivateTmpdir& operator=(const PrivateTmpdir&) = delete;
    bool ok() const { return !path_.empty(); }

private:
    std::string path_;
};

int runBench(const Options& options) {
    const std::string async_path =
        "LibusbTransport, async, " + std::to_string(options.in_flight) + " in flight";
    const std::string sync_path = "libusb_interrupt_transfer, sync, 1 in flight";
    std::printf(
        "Interrupt-IN transfers through libusb under umockdev: a %u-edge burst per run, %d "
        "interleaved round%s\n(emulated high-speed fixture; the emulator makes each edge when the "
        "host reaps, so a transfer\ncarries one record and these are ceilings of libusb + umockdev "
        "on this host, not of a USB bus)\n\n",
        options.edges, options.rounds, options.rounds == 1 ? "" : "s");
    printHeader();
    std::vector<RunResult> async_runs, sync_runs;
    std::vector<double> ratios;
    for (int round = 0; round < options.rounds; ++round) {
        const bool async_first = round % 2 == 0;
        std::optional<RunResult> async_run, sync_run;
        for (int side = 0; side < 2; ++side) {
            const bool async_now = (side == 0) == async_first;
            RunResult run = async_now ? runTransport(options) : runSynchronous(options);
            const std::string& path = async_now ? async_path : sync_path;
            if (!run.problem.empty()) {
                std::fflush(stdout);
                std::fprintf(stderr, "\nusb_bench: FAILED in round %d, %s:\n  %s\n", round + 1,
                             path.c_str(), run.problem.c_str());
                return 1;
            }
            printRun(std::to_string(round + 1), path, run);
            (async_now ? async_run : sync_run) = run;
        }
        ratios.push_back(async_run->transfersPerSecond() / sync_run->transfersPerSecond());
        async_runs.push_back(*async_run);
        sync_runs.push_back(*sync_run);
    }
    std::printf("\n  Median of %d round%s (\"in flight\": the most the emulator saw at once)\n",
                options.rounds, options.rounds == 1 ? "" : "s");
    printHeader();
    printMedian(async_path, async_runs);
    printMedian(sync_path, sync_runs);
    const auto medianOf = [](const std::vector<RunResult>& runs,
                             double (RunResult::*figure)() const) {
        std::vector<double> values;
        for (const auto& run : runs) {
            values.push_back((run.*figure)());
        }
        return median(values);
    };
    std::printf(
        "\n  ratio async / sync (medians): transfers/s %.2fx, records/s %.2fx"
        "   (transfers/s per round: %.2fx .. %.2fx)\n",
        medianOf(async_runs, &RunResult::transfersPerSecond) /
            medianOf(sync_runs, &RunResult::transfersPerSecond),
        medianOf(async_runs, &RunResult::recordsPerSecond) /
            medianOf(sync_runs, &RunResult::recordsPerSecond),
        *std::min_element(ratios.begin(), ratios.end()),
        *std::max_element(ratios.begin(), ratios.end()));
    std::printf(
        "\nevery record of every run arrived in sequence: %d runs x %u records, no gap, no "
        "duplicate, nothing after the last\n",
        2 * options.rounds, options.edges);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    usbtest::runUnderUmockdevPreload(argv);
    Options options;
    if (!parseOptions(argc, argv, options)) {
        return 2;
    }
    PrivateTmpdir tmpdir;
    if (!tmpdir.ok()) {
        std::perror("usb_bench: cannot make a private TMPDIR");
        return 1;
    }
    return runBench(options);
}
