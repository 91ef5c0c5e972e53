// The kernel module (driver/kmod) against hostile callers, run inside the QEMU guest by the qemu
// suite (tests/qemu/guest/full.sh); the host checks what it printed (tests/qemu/
// check_hardening.py). Every mode prints one line per check ("ok   ..." or "FAIL ...") and
// exits 1 if any failed.
//
//   hostile_caller probes DEVICE
//       each entry point with each kind of bad argument, once, with the exact answer expected
//       (errno or contract status) and proof that a refused call had no effect;
//   hostile_caller storm DEVICE OTHER_DEVICE [CALLS] [SEED]
//       CALLS (default 100000) random calls on two threads: random ioctl codes, sizes and
//       pointers, random fields in the real ioctls, reads of odd sizes, opens and closes, while
//       a third thread pulses the port and a fourth interrupts the callers with signals; the
//       results tallied by errno and status; then a clean life cycle on the device;
//   hostile_caller hold DEVICE kept|gone [--quiet] COMMAND
//       the device open, two clients connected, a reader blocked in read() and (unless --quiet)
//       interrupts flowing while COMMAND runs (/bin/sh -c): "kept" expects COMMAND refused and
//       the device working on; "gone" expects COMMAND to take the port away and the open file
//       to say so (DELETE_PENDING, end of file, POLLHUP) with every record delivered;
//   hostile_caller lifecycle DEVICE
//       the clean life cycle alone (connect, active, inactive, active, disconnect, 50 pulses
//       each, every one in its class);
//   hostile_caller permissions RULES DEVICE ISRBENCH
//       applies the udev rule's GROUP and MODE to DEVICE (the guest has no udev), then opens it
//       as a user outside that group (refused, and isrbench's message says why) and inside it;
//   hostile_caller as UID GID GROUPS PROGRAM [ARGS...]
//       runs PROGRAM as UID:GID with the supplementary GROUPS (comma-separated, "-" for none).
//
// The hostile calls go through syscall(2) directly: no libc wrapper and no sanitizer interceptor
// looks at the bad pointers, which are meant for the kernel alone. Bad pointers are never
// addresses this process could be using: NULL, kernel and non-canonical addresses, an address
// checked to be unmapped, a PROT_NONE page, a read-only page, and a buffer running into the
// PROT_NONE page.
#include <fcntl.h>
#include <fnmatch.h>
#include <grp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "isrbench_parport.h"

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr std::uint32_t kSuccess = 0x00000000;
constexpr std::uint32_t kUnsuccessful = 0xC0000001;
constexpr std::uint32_t kInvalidParameter = 0xC000000D;
constexpr std::uint32_t kBufferTooSmall = 0xC0000023;
constexpr std::uint32_t kDeletePending = 0xC0000056;
constexpr std::uint32_t kInsufficientResources = 0xC000009A;
constexpr std::uint32_t kNotSupported = 0xC00000BB;
constexpr std::size_t kPage = 4096;
constexpr std::size_t kRecord = sizeof(isrb_record);

// ---------------------------------------------------------------------------------------------
// Reporting.

int g_failures = 0;
std::mutex g_print;

void check(bool ok, const std::string& what, const std::string& detail = {}) {
    const std::lock_guard lock(g_print);
    if (ok) {
        std::printf("ok   %s\n", what.c_str());
    } else {
        ++g_failures;
        std::printf("FAIL %s%s%s\n", what.c_str(), detail.empty() ? "" : ": ", detail.c_str());
    }
    std::fflush(stdout);
}

std::string errnoName(int error) {
    if (error == 0) {
        return "0";
    }
    const char* name = strerrorname_np(error);
    return name != nullptr ? name : "errno " + std::to_string(error);
}

std::string statusName(std::uint32_t status) {
    switch (status) {
        case kSuccess:
            return "STATUS_SUCCESS";
        case kUnsuccessful:
            return "STATUS_UNSUCCESSFUL";
        case kInvalidParameter:
            return "STATUS_INVALID_PARAMETER";
        case kBufferTooSmall:
            return "STATUS_BUFFER_TOO_SMALL";
        case kDeletePending:
            return "STATUS_DELETE_PENDING";
        case kInsufficientResources:
            return "STATUS_INSUFFICIENT_RESOURCES";
        case kNotSupported:
            return "STATUS_NOT_SUPPORTED";
        default: {
            char text[32];
            std::snprintf(text, sizeof text, "0x%08X", status);
            return text;
        }
    }
}

// "EFAULT" for -EFAULT, "0" for success (or the byte count of a read).
std::string resultName(long result) {
    return result < 0 ? errnoName(static_cast<int>(-result)) : std::to_string(result);
}

void expectResult(long got, long wanted, const std::string& what) {
    check(got == wanted, what + " -> " + resultName(wanted), "got " + resultName(got));
}

void expectStatus(std::uint32_t got, std::uint32_t wanted, const std::string& what) {
    check(got == wanted, what + " -> " + statusName(wanted), "got " + statusName(got));
}

// ---------------------------------------------------------------------------------------------
// Raw system calls: 0 / a count, or -errno.

long sysIoctl(int fd, unsigned long code, std::uintptr_t argument) {
    const long result = syscall(SYS_ioctl, fd, code, argument);
    return result < 0 ? -errno : result;
}

long sysIoctl(int fd, unsigned long code, const void* argument) {
    return sysIoctl(fd, code, reinterpret_cast<std::uintptr_t>(argument));
}

long sysRead(int fd, std::uintptr_t buffer, std::size_t size) {
    const long result = syscall(SYS_read, fd, buffer, size);
    return result < 0 ? -errno : result;
}

long sysRead(int fd, void* buffer, std::size_t size) {
    return sysRead(fd, reinterpret_cast<std::uintptr_t>(buffer), size);
}

int openDevice(const std::string& path, int flags = O_RDWR | O_CLOEXEC) {
    const int fd = open(path.c_str(), flags);
    return fd < 0 ? -errno : fd;
}

// The known ioctls, their names, and their argument sizes.
struct KnownIoctl {
    unsigned long code;
    const char* name;
};
constexpr std::array<KnownIoctl, 8> kKnown = {{
    {ISRB_IOC_REQUEST, "REQUEST"},
    {ISRB_IOC_REPORT_ACTIVE, "REPORT_ACTIVE"},
    {ISRB_IOC_REPORT_INACTIVE, "REPORT_INACTIVE"},
    {ISRB_IOC_ALLOCATE, "ALLOCATE"},
    {ISRB_IOC_CONFIGURE, "CONFIGURE"},
    {ISRB_IOC_PULSE, "PULSE"},
    {ISRB_IOC_STATE, "STATE"},
    {ISRB_IOC_LOG, "LOG"},
}};

bool isKnown(unsigned long code) {
    return std::any_of(kKnown.begin(), kKnown.end(),
                       [code](const KnownIoctl& known) { return known.code == code; });
}

// ---------------------------------------------------------------------------------------------
// Memory the kernel is handed: good and bad.

struct Pages {
    unsigned char* writable = nullptr;  // kPage bytes, then `guard`
    unsigned char* guard = nullptr;     // PROT_NONE
    unsigned char* read_only = nullptr;
    std::uintptr_t unmapped = 0;

    // A buffer of `size` bytes whose end runs into the guard page.
    std::uintptr_t straddling(std::size_t size) const {
        return reinterpret_cast<std::uintptr_t>(guard) - std::max<std::size_t>(size / 2, 1);
    }
};

// Addresses no user mapping can be at.
constexpr std::uintptr_t kKernelDirectMap = 0xffff888000000000u;
constexpr std::uintptr_t kKernelText = 0xffffffff81000000u;
constexpr std::uintptr_t kNonCanonical = 0x8000000000000000u;
constexpr std::uintptr_t kAboveUserSpace = 0x0000800000000000u;

bool mapped(std::uintptr_t address) {
    unsigned char resident = 0;
    return mincore(reinterpret_cast<void*>(address & ~(kPage - 1)), kPage, &resident) == 0;
}

// The read-only page holds `content` (the valid request a refused call must not perform).
Pages makePages(const void* content = nullptr, std::size_t content_size = 0) {
    void* area =
        mmap(nullptr, 3 * kPage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (area == MAP_FAILED) {
        std::perror("mmap");
        std::exit(2);
    }
    Pages pages;
    pages.writable = static_cast<unsigned char*>(area);
    pages.guard = pages.writable + kPage;
    pages.read_only = pages.writable + 2 * kPage;
    if (content != nullptr) {
        std::memcpy(pages.read_only, content, content_size);
    }
    mprotect(pages.guard, kPage, PROT_NONE);
    mprotect(pages.read_only, kPage, PROT_READ);
    // Low addresses are below every mapping of a PIE process; take the first that is free.
    for (std::uintptr_t candidate = 0x10000; candidate < 0x40000000; candidate += 0x100000) {
        if (!mapped(candidate)) {
            pages.unmapped = candidate;
            break;
        }
    }
    return pages;
}

void freePages(const Pages& pages) {
    munmap(pages.writable, 3 * kPage);
}

struct BadPointer {
    const char* name;
    std::uintptr_t address;
};

// Every pointer an ioctl of `size` bytes must refuse with EFAULT, whatever its direction.
std::vector<BadPointer> badPointers(const Pages& pages, std::size_t size) {
    return {{"NULL", 0},
            {"a kernel direct-map address", kKernelDirectMap},
            {"the kernel text", kKernelText},
            {"a non-canonical address", kNonCanonical},
            {"the first address above user space", kAboveUserSpace},
            {"an unmapped address", pages.unmapped},
            {"a PROT_NONE page", reinterpret_cast<std::uintptr_t>(pages.guard)},
            {"a buffer running into a PROT_NONE page", pages.straddling(size)}};
}

// ---------------------------------------------------------------------------------------------
// The device through its ioctls (valid calls).

isrb_request request(std::uint32_t code, std::uint64_t routine, std::uint64_t context,
                     std::uint32_t input = 32, std::uint32_t output = 32,
                     std::uint64_t deferred = 0) {
    isrb_request r{};
    r.io_control_code = code;
    r.input_length = input;
    r.output_length = output;
    r.buffer.field[0] = routine;
    r.buffer.field[1] = context;
    r.buffer.field[2] = deferred;
    return r;
}

// The status of one request, or 0xFFFFFFFF when the ioctl itself failed.
std::uint32_t send(int fd, isrb_request& r) {
    return sysIoctl(fd, ISRB_IOC_REQUEST, &r) == 0 ? r.status : 0xFFFFFFFFu;
}

std::uint32_t connect(int fd, std::uint64_t routine, std::uint64_t context,
                      std::uint64_t* object = nullptr) {
    isrb_request r = request(ISRB_IOCTL_CONNECT_INTERRUPT, routine, context);
    const std::uint32_t status = send(fd, r);
    if (object != nullptr) {
        *object = r.buffer.field[0];
    }
    return status;
}

std::uint32_t disconnect(int fd, std::uint64_t routine, std::uint64_t context) {
    isrb_request r = request(ISRB_IOCTL_DISCONNECT_INTERRUPT, routine, context);
    return send(fd, r);
}

std::uint32_t report(int fd, bool active, std::uint64_t object,
                     std::uint32_t version = ISRB_CONNECT_LINE_BASED) {
    isrb_report r{};
    r.version = version;
    r.interrupt_object = object;
    const long result =
        sysIoctl(fd, active ? ISRB_IOC_REPORT_ACTIVE : ISRB_IOC_REPORT_INACTIVE, &r);
    return result == 0 ? r.status : 0xFFFFFFFFu;
}

std::unique_ptr<isrb_state> state(int fd) {
    auto s = std::make_unique<isrb_state>();
    if (sysIoctl(fd, ISRB_IOC_STATE, s.get()) != 0) {
        return nullptr;
    }
    return s;
}

long pulse(int fd, std::uint64_t* stimulus = nullptr) {
    isrb_pulse p{};
    const long result = sysIoctl(fd, ISRB_IOC_PULSE, &p);
    if (stimulus != nullptr) {
        *stimulus = p.stimulus;
    }
    return result;
}

// The next record, waiting up to `timeout` for it (the device is opened O_NONBLOCK or not).
std::optional<isrb_record> nextRecord(int fd, std::chrono::milliseconds timeout = 1000ms) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(timeout.count())) != 1 || (p.revents & POLLIN) == 0) {
        return std::nullopt;
    }
    isrb_record record{};
    if (sysRead(fd, &record, sizeof record) != static_cast<long>(kRecord)) {
        return std::nullopt;
    }
    return record;
}

void drain(int fd) {
    while (nextRecord(fd, 0ms)) {
    }
}

// Drains until no record has come for 100 ms: an interrupt of the open's own claim, or one
// QEMU raises again, can still be on its way to the other vCPU when the ring looks empty.
void drainUntilQuiet(int fd) {
    while (nextRecord(fd, 100ms)) {
    }
}

// One pulse and the first record its interrupt left (nullopt: none within a second).
std::optional<isrb_record> pulseAndRecord(int fd) {
    std::uint64_t stimulus = 0;
    if (pulse(fd, &stimulus) != 0) {
        return std::nullopt;
    }
    const auto deadline = Clock::now() + 1s;
    while (Clock::now() < deadline) {
        const auto record = nextRecord(fd, 100ms);
        if (record && record->stimulus == stimulus) {
            return record;
        }
    }
    return std::nullopt;
}

// The life cycle, clean: each phase's pulses end in that phase's class, nothing is lost or
// late, and the module's counters agree. Used after the probes and after the storm.
void cleanLifeCycle(int fd, const std::string& label) {
    constexpr int kPulses = 50;
    drain(fd);
    const auto before = state(fd);
    std::uint64_t object = 0;
    const bool connected = connect(fd, ISRB_ROUTINE_RESPONDER, 1, &object) == kSuccess &&
                           connect(fd, ISRB_ROUTINE_COUNTER, 2) == kSuccess;
    check(connected, label + ": two clients connect");
    struct Phase {
        const char* name;
        std::uint8_t outcome;
        std::uint8_t routines;
        std::function<std::uint32_t()> enter;
    };
    const std::vector<Phase> phases = {
        {"active", ISRB_OUTCOME_SERVICED, 2, nullptr},
        {"inactive", ISRB_OUTCOME_SUPPRESSED, 0, [&] { return report(fd, false, object); }},
        {"active again", ISRB_OUTCOME_SERVICED, 2, [&] { return report(fd, true, object); }},
        {"disconnected", ISRB_OUTCOME_UNCLAIMED, 0,
         [&] {
             const std::uint32_t first = disconnect(fd, ISRB_ROUTINE_RESPONDER, 1);
             const std::uint32_t second = disconnect(fd, ISRB_ROUTINE_COUNTER, 2);
             return first != kSuccess ? first : second;
         }},
    };
    for (const Phase& phase : phases) {
        if (phase.enter) {
            expectStatus(phase.enter(), kSuccess, label + ": enter the " + phase.name + " phase");
        }
        int right = 0;
        std::string wrong;
        for (int i = 0; i < kPulses; ++i) {
            const auto record = pulseAndRecord(fd);
            if (record && record->outcome == phase.outcome &&
                record->routines_called == phase.routines && record->violations == 0) {
                ++right;
            } else if (wrong.empty()) {
                wrong = record ? "outcome " + std::to_string(record->outcome) + ", " +
                                     std::to_string(record->routines_called) + " routines"
                               : "no record within a second";
            }
        }
        check(right == kPulses,
              label + ": " + std::to_string(kPulses) + " pulses " + phase.name +
                  ", each in its class",
              std::to_string(right) + " right; first wrong: " + wrong);
    }
    const auto after = state(fd);
    if (!before || !after) {
        check(false, label + ": STATE");
        return;
    }
    const isrb_counters& c = after->counters;
    std::uint64_t client_violations = 0;
    for (std::uint32_t i = 0; i < after->observation_count && i < ISRB_MAX_CLIENTS; ++i) {
        client_violations += after->observations[i].violations;
    }
    check(c.violations == 0 && client_violations == 0,
          label + ": no call after its DISCONNECT or REPORT INACTIVE returned",
          std::to_string(c.violations) + " seen by the driver, " +
              std::to_string(client_violations) + " by the routines");
    check(
        c.serviced + c.suppressed + c.unclaimed == c.interrupts && c.ring_overflow == 0,
        label + ": every interrupt in one class, no record lost",
        std::to_string(c.interrupts) + " interrupts, overflow " + std::to_string(c.ring_overflow));
    check(after->state == ISRB_STATE_NO_CLIENT && after->interrupt_object == 0,
          label + ": no client and no interrupt object at the end");
}

// ---------------------------------------------------------------------------------------------
// Signals: a handler that does nothing, installed without SA_RESTART, so that a signal ends a
// blocking call with EINTR.

void onSignal(int) {}

void installSignal(bool restart) {
    struct sigaction action {};
    action.sa_handler = onSignal;
    action.sa_flags = restart ? SA_RESTART : 0;
    sigemptyset(&action.sa_mask);
    sigaction(SIGUSR1, &action, nullptr);
}

// ---------------------------------------------------------------------------------------------
// probes

void probeOpen(const std::string& device) {
    const int fd = openDevice(device);
    check(fd >= 0, "open " + device, errnoName(-fd));
    expectResult(openDevice(device), -EBUSY, "a second open while the first is open");
    expectResult(openDevice(device, O_RDONLY | O_NONBLOCK), -EBUSY,
                 "a second open, read-only and non-blocking");
    close(fd);
    const int again = openDevice(device);
    check(again >= 0, "open again once closed", errnoName(-again));
    close(again);
}

void probeUnknownCodes(int fd) {
    struct Unknown {
        const char* name;
        unsigned long code;
    };
    const std::vector<Unknown> unknown = {
        {"code 0", 0},
        {"a random code", 0x1234ABCDu},
        {"REQUEST's number with one byte less", _IOWR(ISRB_IOC_MAGIC, 1, char[55])},
        {"REQUEST's number with one byte more", _IOWR(ISRB_IOC_MAGIC, 1, char[57])},
        {"REQUEST's number read-only", _IOR(ISRB_IOC_MAGIC, 1, isrb_request)},
        {"REQUEST's number write-only", _IOW(ISRB_IOC_MAGIC, 1, isrb_request)},
        {"REQUEST's number with no direction", _IO(ISRB_IOC_MAGIC, 1)},
        {"STATE's number with the largest size", _IOC(_IOC_READ, ISRB_IOC_MAGIC, 7, 16383)},
        {"CONFIGURE's number read-write", _IOWR(ISRB_IOC_MAGIC, 5, isrb_configure)},
        {"number 0", _IOWR(ISRB_IOC_MAGIC, 0, isrb_request)},
        {"number 9", _IOWR(ISRB_IOC_MAGIC, 9, isrb_request)},
        {"number 255", _IOWR(ISRB_IOC_MAGIC, 255, isrb_request)},
        {"another magic with REQUEST's number and size", _IOWR(0xB8, 1, isrb_request)},
        {"the contract's CONNECT code as an ioctl", ISRB_IOCTL_CONNECT_INTERRUPT},
    };
    std::array<unsigned char, 16384> buffer{};
    for (const Unknown& u : unknown) {
        expectResult(sysIoctl(fd, u.code, buffer.data()), -ENOTTY, std::string("ioctl ") + u.name);
    }
}

void probeBadPointers(int fd, const Pages& pages) {
    for (const KnownIoctl& known : kKnown) {
        const std::size_t size = _IOC_SIZE(known.code);
        for (const BadPointer& bad : badPointers(pages, size)) {
            expectResult(sysIoctl(fd, known.code, bad.address), -EFAULT,
                         std::string(known.name) + " with " + bad.name);
        }
        if (_IOC_DIR(known.code) & _IOC_READ) {
            expectResult(sysIoctl(fd, known.code, pages.read_only), -EFAULT,
                         std::string(known.name) + " answering into a read-only page");
        }
    }
    // An input-only ioctl may come from read-only memory.
    const isrb_configure keep{1, 0};
    const Pages with_configure = makePages(&keep, sizeof keep);
    expectResult(sysIoctl(fd, ISRB_IOC_CONFIGURE, with_configure.read_only), 0,
                 "CONFIGURE from a read-only page");
    freePages(with_configure);
}

// A call refused with EFAULT because its answer could not be delivered must not have happened.
void probeNoEffectOnFault(int fd) {
    const auto before = state(fd);
    isrb_request connect_request = request(ISRB_IOCTL_CONNECT_INTERRUPT, 1, 1);
    const Pages connect_pages = makePages(&connect_request, sizeof connect_request);
    expectResult(sysIoctl(fd, ISRB_IOC_REQUEST, connect_pages.read_only), -EFAULT,
                 "a valid CONNECT whose answer cannot be written");
    const auto after_connect = state(fd);
    check(after_connect && after_connect->client_count == 0 &&
              after_connect->counters.requests == before->counters.requests,
          "... and nothing was connected (the request never reached the driver)");
    freePages(connect_pages);

    const Pages pages = makePages();
    expectResult(sysIoctl(fd, ISRB_IOC_PULSE, pages.read_only), -EFAULT,
                 "PULSE answering into a read-only page");
    expectResult(sysIoctl(fd, ISRB_IOC_ALLOCATE, pages.read_only), -EFAULT,
                 "ALLOCATE answering into a read-only page");
    const auto after = state(fd);
    check(after && after->counters.stimuli == before->counters.stimuli &&
              after->port_allocated == before->port_allocated,
          "... and no pulse was made, no port allocated");

    std::uint64_t object = 0;
    expectStatus(connect(fd, 1, 1, &object), kSuccess, "CONNECT (1, 1)");
    isrb_report inactive{ISRB_CONNECT_LINE_BASED, 0, object};
    const Pages report_pages = makePages(&inactive, sizeof inactive);
    expectResult(sysIoctl(fd, ISRB_IOC_REPORT_INACTIVE, report_pages.read_only), -EFAULT,
                 "a valid REPORT INACTIVE whose answer cannot be written");
    const auto still = state(fd);
    check(still && still->state == ISRB_STATE_CONNECTED_ACTIVE,
          "... and the connection is still active");
    expectStatus(disconnect(fd, 1, 1), kSuccess, "DISCONNECT (1, 1)");
    freePages(report_pages);
    freePages(pages);
}

void probeConfigure(int fd) {
    for (const isrb_configure bad :
         {isrb_configure{2, 0}, isrb_configure{0, 2}, isrb_configure{0xFFFFFFFFu, 0}}) {
        isrb_configure c = bad;
        expectResult(sysIoctl(fd, ISRB_IOC_CONFIGURE, &c), -EINVAL,
                     "CONFIGURE {" + std::to_string(bad.connect_enabled) + ", " +
                         std::to_string(bad.removing) + "}");
    }
    const auto s = state(fd);
    check(s && s->connect_enabled == 1 && s->removing == 0,
          "... and connect stays enabled, no removal");
    isrb_configure off{0, 0};
    expectResult(sysIoctl(fd, ISRB_IOC_CONFIGURE, &off), 0, "CONFIGURE connect disabled");
    expectStatus(connect(fd, 1, 1), kUnsuccessful, "CONNECT while disabled (row 1)");
    isrb_configure removing{1, 1};
    expectResult(sysIoctl(fd, ISRB_IOC_CONFIGURE, &removing), 0, "CONFIGURE removing");
    expectStatus(connect(fd, 1, 1), kDeletePending, "CONNECT while removing (row 18)");
    isrb_configure normal{1, 0};
    expectResult(sysIoctl(fd, ISRB_IOC_CONFIGURE, &normal), 0, "CONFIGURE back to normal");
}

void probeRequests(int fd) {
    isrb_request unknown = request(0x12345678u, 1, 1);
    expectStatus(send(fd, unknown), kInvalidParameter, "an unknown request code (row 19)");
    check(unknown.information == 0, "... with Information 0");
    for (const auto& [input, output] : std::vector<std::pair<std::uint32_t, std::uint32_t>>{
             {31, 32}, {32, 31}, {0, 0}, {0, 0xFFFFFFFFu}}) {
        isrb_request r = request(ISRB_IOCTL_CONNECT_INTERRUPT, 1, 1, input, output);
        expectStatus(send(fd, r), kBufferTooSmall,
                     "CONNECT with lengths " + std::to_string(input) + "/" +
                         std::to_string(output) + " (row 2)");
    }
    struct BadConnect {
        const char* name;
        std::uint64_t routine;
        std::uint64_t deferred;
    };
    for (const BadConnect& bad :
         {BadConnect{"routine 0 (null)", 0, 0}, BadConnect{"routine 4 (unknown)", 4, 0},
          BadConnect{"routine 2^64-1", ~0ull, 0},
          BadConnect{"a kernel address as routine", kKernelText, 0},
          BadConnect{"deferred routine 2 (unknown)", 1, 2},
          BadConnect{"a kernel address as deferred routine", 1, kKernelText}}) {
        isrb_request r =
            request(ISRB_IOCTL_CONNECT_INTERRUPT, bad.routine, 1, 32, 32, bad.deferred);
        expectStatus(send(fd, r), kInvalidParameter, std::string("CONNECT with ") + bad.name);
    }
    isrb_request huge =
        request(ISRB_IOCTL_CONNECT_INTERRUPT, 1, kKernelDirectMap, 0xFFFFFFFFu, 0xFFFFFFFFu);
    expectStatus(send(fd, huge), kSuccess,
                 "CONNECT with 4 GiB lengths and a kernel address as context (a key only)");
    const auto serviced = pulseAndRecord(fd);
    check(serviced && serviced->outcome == ISRB_OUTCOME_SERVICED,
          "... and its routine is called on an interrupt");
    expectStatus(disconnect(fd, 1, kKernelDirectMap), kSuccess, "... and it disconnects");
    expectStatus(disconnect(fd, 1, 1), kInvalidParameter, "DISCONNECT with nothing connected");
    isrb_request short_disconnect = request(ISRB_IOCTL_DISCONNECT_INTERRUPT, 1, 1, 31);
    expectStatus(send(fd, short_disconnect), kBufferTooSmall, "DISCONNECT with 31 bytes (row 6)");

    // Row 4: the fixed client table. Duplicates are allowed, each needs its own disconnect.
    int connected = 0;
    while (connected < ISRB_MAX_CLIENTS + 1 && connect(fd, 2, 5) == kSuccess) {
        ++connected;
    }
    check(connected == ISRB_MAX_CLIENTS,
          std::to_string(ISRB_MAX_CLIENTS) + " connections, then INSUFFICIENT_RESOURCES",
          std::to_string(connected) + " connected");
    int disconnected = 0;
    while (disconnect(fd, 2, 5) == kSuccess) {
        ++disconnected;
    }
    check(disconnected == connected, "... and as many disconnects");

    // Row 13 [ours]: every report without the current object and version is refused.
    const auto before = state(fd);
    std::uint64_t stale = 0;
    expectStatus(connect(fd, 1, 1, &stale), kSuccess, "CONNECT");
    expectStatus(disconnect(fd, 1, 1), kSuccess, "DISCONNECT: its object is stale now");
    expectStatus(report(fd, false, stale), kInvalidParameter, "REPORT INACTIVE with no client");
    std::uint64_t object = 0;
    expectStatus(connect(fd, 1, 1, &object), kSuccess, "CONNECT again: a new object");
    check(object != stale, "... which differs from the stale one");
    expectStatus(report(fd, false, stale), kInvalidParameter, "REPORT INACTIVE, stale object");
    expectStatus(report(fd, false, 0), kInvalidParameter, "REPORT INACTIVE, object 0");
    expectStatus(report(fd, false, kKernelDirectMap), kInvalidParameter,
                 "REPORT INACTIVE, a kernel address as object");
    expectStatus(report(fd, false, object, 1), kInvalidParameter, "REPORT INACTIVE, version 1");
    expectStatus(report(fd, true, object, 0xFFFFFFFFu), kInvalidParameter,
                 "REPORT ACTIVE, version 2^32-1");
    expectStatus(report(fd, false, object), kSuccess, "REPORT INACTIVE, valid");
    const auto after = state(fd);
    check(after && after->counters.rejected_reports - before->counters.rejected_reports == 6,
          "... the 6 rejected reports are counted");
    expectStatus(disconnect(fd, 1, 1), kSuccess, "DISCONNECT while inactive");
}

void probeRead(int fd, const Pages& pages) {
    drainUntilQuiet(fd);
    expectResult(sysRead(fd, pages.writable, 4096), -EAGAIN, "read with nothing to read");
    // Three interrupts (QEMU may add a spurious one) left in the ring, then read back in every
    // odd way: each refused read leaves them all, each partial read takes whole records only.
    // One pulse at a time: an edge raised while the last one is still pending merges with it
    // (edge-triggered IRQ 7, threaded on PREEMPT_RT).
    const auto before = state(fd);
    std::unique_ptr<isrb_state> now = state(fd);
    for (int i = 0; i < 3 && now; ++i) {
        const std::uint64_t written = now->counters.records_written;
        pulse(fd);
        const auto deadline = Clock::now() + 2s;
        do {
            std::this_thread::sleep_for(1ms);
            now = state(fd);
        } while (now && now->counters.records_written == written && Clock::now() < deadline);
    }
    if (!before || !now || now->counters.records_written < before->counters.records_written + 3) {
        check(false, "three pulses leave three records");
        return;
    }
    std::uint64_t expected = before->counters.records_written + 1;  // the ring was drained
    for (const std::size_t size : {std::size_t{0}, std::size_t{1}, kRecord - 1}) {
        expectResult(sysRead(fd, pages.writable, size), -EINVAL,
                     "read of " + std::to_string(size) + " bytes (shorter than a record)");
    }
    for (const BadPointer& bad : badPointers(pages, kRecord)) {
        expectResult(sysRead(fd, bad.address, kRecord), -EFAULT,
                     std::string("read into ") + bad.name);
    }
    expectResult(sysRead(fd, pages.read_only, kRecord), -EFAULT, "read into a read-only page");
    const auto* record = reinterpret_cast<const isrb_record*>(pages.writable);
    expectResult(sysRead(fd, pages.writable, 2 * kRecord - 1), kRecord,
                 "read of 2 records less one byte: one whole record");
    check(record->sequence == expected, "... the first one, after every refused read",
          "sequence " + std::to_string(record->sequence) + ", not " + std::to_string(expected));
    ++expected;
    // Two records asked for, the second would cross into the guard page: only the first.
    const std::uintptr_t straddle = reinterpret_cast<std::uintptr_t>(pages.guard) - kRecord - 8;
    expectResult(sysRead(fd, straddle, 2 * kRecord), kRecord,
                 "read of 2 records into a buffer whose second one runs into a PROT_NONE page");
    check(reinterpret_cast<const isrb_record*>(straddle)->sequence == expected,
          "... the next record, none skipped");
    ++expected;
    // The rest, 7 bytes more than whole records: whole records only, gap-free, then none.
    const long rest = sysRead(fd, pages.writable, 8 * kRecord + 7);
    const long count = rest > 0 ? rest / static_cast<long>(kRecord) : 0;
    bool in_order = rest > 0 && rest % static_cast<long>(kRecord) == 0;
    for (long i = 0; i < count; ++i) {
        in_order = in_order && record[i].sequence == expected + static_cast<std::uint64_t>(i);
    }
    check(in_order, "read of 8 records and 7 bytes: the rest, whole and in order, none lost",
          resultName(rest) + " bytes");
    expectResult(sysRead(fd, pages.writable, kRecord), -EAGAIN, "and then nothing is left");

    char byte = 0;
    expectResult(syscall(SYS_pread64, fd, &byte, 1, 0) < 0 ? -errno : 0, -ESPIPE,
                 "pread (a stream)");
    expectResult(lseek(fd, 0, SEEK_SET) < 0 ? -errno : 0, -ESPIPE, "lseek");
    expectResult(syscall(SYS_write, fd, &byte, 1) < 0 ? -errno : 0, -EINVAL, "write");
    void* map = mmap(nullptr, kPage, PROT_READ, MAP_SHARED, fd, 0);
    expectResult(map == MAP_FAILED ? -errno : 0, -ENODEV, "mmap");
}

// A reader blocked in read() is ended by a signal (EINTR without SA_RESTART) or by a record.
void probeBlockedReader(const std::string& device) {
    const int fd = openDevice(device);  // blocking reads
    drainUntilQuiet(fd);
    installSignal(false);
    std::atomic<long> result{1};
    std::thread reader([&] {
        isrb_record r{};
        result = sysRead(fd, &r, sizeof r);
    });
    std::this_thread::sleep_for(200ms);
    check(result.load() == 1, "a read with nothing to read blocks");
    pthread_kill(reader.native_handle(), SIGUSR1);
    reader.join();
    expectResult(result.load(), -EINTR, "a signal ends it");

    installSignal(true);
    result = 1;
    std::thread restarted([&] {
        isrb_record r{};
        result = sysRead(fd, &r, sizeof r);
    });
    std::this_thread::sleep_for(100ms);
    pthread_kill(restarted.native_handle(), SIGUSR1);
    std::this_thread::sleep_for(100ms);
    check(result.load() == 1, "with SA_RESTART the read goes on waiting after the signal");
    pulse(fd);
    restarted.join();
    expectResult(result.load(), kRecord, "an interrupt ends it with one record");

    // close() from another thread while a read blocks: the file stays open until the read
    // ends, then release runs and the device can be opened again.
    installSignal(false);
    drainUntilQuiet(fd);
    result = 1;
    std::thread orphan([&] {
        isrb_record r{};
        result = sysRead(fd, &r, sizeof r);
    });
    std::this_thread::sleep_for(100ms);
    close(fd);
    expectResult(openDevice(device), -EBUSY,
                 "closing the descriptor under a blocked read keeps the device open");
    pthread_kill(orphan.native_handle(), SIGUSR1);
    orphan.join();
    expectResult(result.load(), -EINTR, "the orphaned read ends with the signal");
    const int again = openDevice(device);
    check(again >= 0, "then release has run: the device opens again", errnoName(-again));
    if (again >= 0) {
        close(again);
    }
}

void probeCloseWhileConnected(const std::string& device) {
    int fd = openDevice(device, O_RDWR | O_NONBLOCK);
    std::uint64_t object = 0;
    expectStatus(connect(fd, 1, 1, &object), kSuccess, "CONNECT, then close without DISCONNECT");
    expectStatus(connect(fd, 3, 2), kSuccess, "a second client");
    for (int i = 0; i < 20; ++i) {
        pulse(fd);
    }
    close(fd);
    fd = openDevice(device, O_RDWR | O_NONBLOCK);
    check(fd >= 0, "the device opens again at once", errnoName(-fd));
    const auto s = state(fd);
    check(s && s->state == ISRB_STATE_NO_CLIENT && s->client_count == 0 &&
              s->counters.requests == 0 && s->observation_count == 0,
          "a fresh instance: no client, no request, no observation");
    expectStatus(report(fd, true, object), kInvalidParameter,
                 "the last open's interrupt object is foreign to this one");
    close(fd);
}

int probes(const std::string& device) {
    probeOpen(device);
    probeCloseWhileConnected(device);
    probeBlockedReader(device);
    const int fd = openDevice(device, O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        check(false, "open " + device, errnoName(-fd));
        return 1;
    }
    const Pages pages = makePages();
    check(pages.unmapped != 0, "an unmapped address to hand out");
    probeUnknownCodes(fd);
    probeBadPointers(fd, pages);
    probeNoEffectOnFault(fd);
    probeConfigure(fd);
    probeRequests(fd);
    probeRead(fd, pages);
    cleanLifeCycle(fd, "after the probes");
    close(fd);
    freePages(pages);
    std::printf("probes: %d failed\n", g_failures);
    return g_failures == 0 ? 0 : 1;
}

// ---------------------------------------------------------------------------------------------
// storm

// Results by kind of call and errno or status, e.g. "ioctl REQUEST EFAULT", "status
// STATUS_SUCCESS"; one per thread, merged at the end.
using Tally = std::map<std::string, std::uint64_t>;

struct Shared {
    std::string device;
    std::string other;
    std::atomic<int> fd{-1};        // the device with the interrupt line, or -1
    std::atomic<int> other_fd{-1};  // the port without one
    std::atomic<std::uint64_t> object{0};
    std::atomic<std::uint64_t> calls{0};
    std::atomic<bool> stop{false};
    std::atomic<std::uint64_t> violations{0};
    std::atomic<std::uint64_t> bad_accounting{0};
    std::atomic<std::uint64_t> states_checked{0};
    std::atomic<std::uint64_t> interrupts_seen{0};
    std::atomic<std::uint64_t> unexpected{0};
    std::mutex unexpected_lock;
    std::vector<std::string> unexpected_examples;
};

void unexpectedResult(Shared& shared, const std::string& what) {
    shared.unexpected.fetch_add(1);
    const std::lock_guard lock(shared.unexpected_lock);
    if (shared.unexpected_examples.size() < 10) {
        shared.unexpected_examples.push_back(what);
    }
}

class Caller {
public:
    Caller(Shared& shared, std::uint64_t seed, const Pages& pages)
        : shared_(shared), random_(seed), pages_(pages) {}

    void run(std::uint64_t calls) {
        while (!shared_.stop.load() && shared_.calls.load() < calls) {
            step();
        }
    }
    const Tally& tally() const { return tally_; }

private:
    std::uint64_t below(std::uint64_t n) {
        return std::uniform_int_distribution<std::uint64_t>(0, n - 1)(random_);
    }
    bool chance(unsigned percent) { return below(100) < percent; }
    std::uint64_t any64() { return std::uniform_int_distribution<std::uint64_t>()(random_); }

    // Every tally but a request's status is one system call made.
    void count(const std::string& key) {
        ++tally_[key];
        if (key.rfind("status ", 0) != 0) {
            shared_.calls.fetch_add(1);
        }
    }

    int pickFd() {
        const std::uint64_t which = below(100);
        if (which < 88) {
            return shared_.fd.load();
        }
        if (which < 96) {
            return shared_.other_fd.load();
        }
        return static_cast<int>(900 + below(100));  // never opened: EBADF
    }

    // A pointer for an argument of `size` bytes: the valid buffer (filled by the caller) or
    // one of the bad ones.
    std::uintptr_t pickPointer(std::size_t size, bool* valid) {
        *valid = false;
        switch (below(12)) {
            case 0:
                return 0;
            case 1:
                return chance(50) ? kKernelDirectMap + below(1u << 30) : kKernelText;
            case 2:
                return kNonCanonical | any64();  // random, never a user address
            case 3:
                return pages_.unmapped + below(kPage);
            case 4:
                return reinterpret_cast<std::uintptr_t>(pages_.guard) + below(kPage);
            case 5:
                return reinterpret_cast<std::uintptr_t>(pages_.read_only);
            case 6:
                return size <= kPage ? pages_.straddling(size) : 0;
            default:
                *valid = true;
                return reinterpret_cast<std::uintptr_t>(buffer_.data());
        }
    }

    unsigned long pickCode() {
        const KnownIoctl& known = kKnown[below(kKnown.size())];
        switch (below(10)) {
            case 0:
            case 1:
            case 2:
            case 3:
                return known.code;
            case 4:  // the right number and direction, a wrong size
                return _IOC(_IOC_DIR(known.code), ISRB_IOC_MAGIC, _IOC_NR(known.code),
                            (_IOC_SIZE(known.code) + 1 + below(64)) & 0x3FFF);
            case 5:  // the right number and size, another direction
                return _IOC((_IOC_DIR(known.code) + 1 + below(3)) & 3, ISRB_IOC_MAGIC,
                            _IOC_NR(known.code), _IOC_SIZE(known.code));
            case 6:  // our magic, anything else
                return _IOC(below(4), ISRB_IOC_MAGIC, below(256), below(1 << 14));
            default: {
                // Any code at all, except the few the VFS answers itself for every file (they
                // act on the file or its file system, not on the module): 'T' (FIONBIO,
                // FIOASYNC, FIOCLEX...), 'X' (FIFREEZE...), 'f' (FS_IOC_*) and 0x94 (FICLONE).
                for (;;) {
                    const auto code =
                        static_cast<unsigned long>(static_cast<std::uint32_t>(any64()));
                    const unsigned type = _IOC_TYPE(code);
                    if (type != 'T' && type != 'X' && type != 'f' && type != 0x94) {
                        return code;
                    }
                }
            }
        }
    }

    // Random, often valid, contents for a known ioctl's argument.
    void fillKnown(unsigned long code) {
        std::fill(buffer_.begin(), buffer_.end(), static_cast<unsigned char>(below(256)));
        if (code == ISRB_IOC_REQUEST) {
            isrb_request r{};
            constexpr std::array<std::uint32_t, 3> kCodes = {ISRB_IOCTL_CONNECT_INTERRUPT,
                                                             ISRB_IOCTL_DISCONNECT_INTERRUPT,
                                                             ISRB_IOCTL_PORT_FREE};
            r.io_control_code = chance(85) ? kCodes[below(3)] : static_cast<std::uint32_t>(any64());
            constexpr std::array<std::uint32_t, 6> kLengths = {0, 31, 32, 33, 4096, 0xFFFFFFFFu};
            r.input_length = chance(80) ? 32 : kLengths[below(kLengths.size())];
            r.output_length = chance(80) ? 32 : kLengths[below(kLengths.size())];
            r.buffer.field[0] = chance(85) ? below(6) : any64();
            r.buffer.field[1] = chance(85) ? below(4) : any64();
            r.buffer.field[2] = chance(85) ? below(3) : any64();
            r.buffer.field[3] = any64();
            r.status = static_cast<std::uint32_t>(any64());
            r.information = any64();
            std::memcpy(buffer_.data(), &r, sizeof r);
        } else if (code == ISRB_IOC_REPORT_ACTIVE || code == ISRB_IOC_REPORT_INACTIVE) {
            isrb_report r{};
            r.version = chance(85) ? ISRB_CONNECT_LINE_BASED : static_cast<std::uint32_t>(below(4));
            const std::uint64_t pick = below(10);
            r.interrupt_object = pick < 7 ? shared_.object.load() : pick < 8 ? 0 : any64();
            std::memcpy(buffer_.data(), &r, sizeof r);
        } else if (code == ISRB_IOC_CONFIGURE) {
            // Mostly connect enabled and no removal, or the storm would mostly see row 1 and 18.
            isrb_configure c{};
            c.connect_enabled =
                chance(80) ? 1 : static_cast<std::uint32_t>(chance(50) ? 0 : any64());
            c.removing = chance(90) ? 0 : static_cast<std::uint32_t>(chance(50) ? 1 : any64());
            std::memcpy(buffer_.data(), &c, sizeof c);
        }
    }

    void afterKnown(unsigned long code, long result, bool valid) {
        const char* name = "?";
        for (const KnownIoctl& known : kKnown) {
            if (known.code == code) {
                name = known.name;
            }
        }
        count(std::string("ioctl ") + name + " " + resultName(result));
        // Documented: 0, EFAULT, EBADF (a closed descriptor), EINTR/ERESTARTSYS (our signals),
        // EINVAL for a configure value other than 0 or 1, ENOMEM.
        const bool allowed = result == 0 || result == -EFAULT || result == -EBADF ||
                             result == -EINTR || result == -ENOMEM ||
                             (result == -EINVAL && code == ISRB_IOC_CONFIGURE);
        if (!allowed || (result == -EFAULT && valid)) {
            unexpectedResult(shared_, std::string("ioctl ") + name + ": " + resultName(result) +
                                          (valid ? " (valid buffer)" : ""));
        }
        if (result != 0 || !valid) {
            return;
        }
        if (code == ISRB_IOC_REQUEST) {
            isrb_request r{};
            std::memcpy(&r, buffer_.data(), sizeof r);
            count("status " + statusName(r.status));
            if (r.status == kSuccess && r.io_control_code == ISRB_IOCTL_CONNECT_INTERRUPT) {
                shared_.object.store(r.buffer.field[0]);
            }
            checkStatus(r.status);
        } else if (code == ISRB_IOC_REPORT_ACTIVE || code == ISRB_IOC_REPORT_INACTIVE) {
            isrb_report r{};
            std::memcpy(&r, buffer_.data(), sizeof r);
            count("status " + statusName(r.status));
            checkStatus(r.status);
        } else if (code == ISRB_IOC_STATE) {
            checkState(*reinterpret_cast<const isrb_state*>(buffer_.data()));
        }
    }

    void checkStatus(std::uint32_t status) {
        constexpr std::array<std::uint32_t, 7> kContract = {
            kSuccess,       kUnsuccessful,          kInvalidParameter, kBufferTooSmall,
            kDeletePending, kInsufficientResources, kNotSupported};
        if (std::find(kContract.begin(), kContract.end(), status) == kContract.end()) {
            unexpectedResult(shared_, "a status outside the contract: " + statusName(status));
        }
    }

    // Whatever the storm did, the module's own checks stay at zero and its books balance (an
    // interrupt in flight may have its class counted and not yet its total).
    void checkState(const isrb_state& s) {
        shared_.states_checked.fetch_add(1);
        std::uint64_t violations = s.counters.violations;
        for (std::uint32_t i = 0;
             i < std::min<std::uint32_t>(s.observation_count, ISRB_MAX_CLIENTS); ++i) {
            violations += s.observations[i].violations;
        }
        shared_.violations.fetch_add(violations);
        const isrb_counters& c = s.counters;
        const std::uint64_t classes = c.serviced + c.suppressed + c.unclaimed;
        if (classes < c.interrupts || classes > c.interrupts + 1) {
            shared_.bad_accounting.fetch_add(1);
        }
        shared_.interrupts_seen.store(
            std::max<std::uint64_t>(shared_.interrupts_seen.load(), c.interrupts));
        if (s.interrupt_object != 0) {
            shared_.object.store(s.interrupt_object);
        }
    }

    void ioctlStep() {
        const int fd = pickFd();
        const unsigned long code = pickCode();
        const bool known = isKnown(code);
        if (known) {
            fillKnown(code);
        } else {
            std::fill(buffer_.begin(), buffer_.end(), static_cast<unsigned char>(below(256)));
        }
        bool valid = false;
        const std::uintptr_t pointer = pickPointer(_IOC_SIZE(code), &valid);
        const long result = sysIoctl(fd, code, pointer);
        if (known) {
            afterKnown(code, result, valid);
            return;
        }
        const bool ours = _IOC_TYPE(code) == ISRB_IOC_MAGIC;
        count(std::string(ours ? "ioctl unknown 0xB7 code " : "ioctl random code ") +
              resultName(result));
        // Our magic reaches the module, which must say ENOTTY; other codes may be answered by
        // the VFS first (tallied, not judged).
        if (ours && result != -ENOTTY && result != -EBADF) {
            unexpectedResult(shared_,
                             "unknown code " + std::to_string(code) + ": " + resultName(result));
        }
    }

    void readStep() {
        const int fd = shared_.fd.load();
        constexpr std::array<std::size_t, 9> kSizes = {
            0, 1, kRecord - 1, kRecord, kRecord + 1, 2 * kRecord - 1, 3 * kRecord, 4096, 65536};
        std::size_t size = chance(90) ? kSizes[below(kSizes.size())] : below(70000);
        bool valid = false;
        const std::uintptr_t pointer = pickPointer(size, &valid);
        if (valid) {
            size = std::min(size, buffer_.size());
        }
        if (chance(80)) {  // mostly without waiting; a blocked read is ended by the signaller
            pollfd p{fd, POLLIN, 0};
            if (fd >= 0 && poll(&p, 1, 0) == 0) {
                count("read skipped (nothing to read)");
                return;
            }
        }
        const long result = sysRead(fd, pointer, size);
        count("read " + std::string(result > 0 ? "records" : resultName(result).c_str()));
        const bool allowed =
            (result > 0 && result % static_cast<long>(kRecord) == 0 && size >= kRecord) ||
            (result == -EINVAL && size < kRecord) || result == -EFAULT || result == -EAGAIN ||
            result == -EINTR || result == -EBADF;
        if (!allowed || (result == -EFAULT && valid)) {
            unexpectedResult(shared_,
                             "read of " + std::to_string(size) + " bytes: " + resultName(result));
        }
    }

    std::atomic<int>& pickSlot() { return chance(75) ? shared_.fd : shared_.other_fd; }
    const std::string& pathOf(const std::atomic<int>& slot) const {
        return &slot == &shared_.fd ? shared_.device : shared_.other;
    }

    void closeStep() {
        const int current = pickSlot().exchange(-1);
        if (current >= 0) {
            count("close " + resultName(close(current) == 0 ? 0 : -errno));
        }
    }

    // Opens the slot's device; if the slot was filled meanwhile (or was never empty: a second
    // open, EBUSY by design) the new descriptor is closed again.
    void openStep(std::atomic<int>& slot) {
        constexpr std::array<int, 4> kFlags = {O_RDWR, O_RDWR | O_NONBLOCK, O_RDONLY | O_NONBLOCK,
                                               O_WRONLY | O_NONBLOCK};
        const int fd = openDevice(pathOf(slot), kFlags[below(kFlags.size())] | O_CLOEXEC);
        count("open " + std::string(fd >= 0 ? "0" : errnoName(-fd).c_str()));
        if (fd < 0 && fd != -EBUSY && fd != -EINTR) {
            unexpectedResult(shared_, "open: " + errnoName(-fd));
        }
        if (fd >= 0) {
            int expected = -1;
            if (!slot.compare_exchange_strong(expected, fd)) {
                close(fd);
            }
        }
    }

    void pollStep() {
        const int fd = shared_.fd.load();
        pollfd p{fd, POLLIN | POLLOUT | POLLPRI, 0};
        const int result = poll(&p, 1, static_cast<int>(below(3)));
        count(result < 0 ? "poll " + errnoName(errno)
                         : "poll revents " + std::to_string(p.revents));
        if (result > 0 && (p.revents & (POLLHUP | POLLERR | POLLOUT)) != 0 &&
            (p.revents & POLLNVAL) == 0) {
            unexpectedResult(shared_, "poll revents " + std::to_string(p.revents));
        }
    }

    void step() {
        // A closed device is soon opened again, so that most calls reach an open file; closes
        // stay frequent enough to race with every other kind of call.
        for (std::atomic<int>* slot : {&shared_.fd, &shared_.other_fd}) {
            if (slot->load() < 0 && chance(30)) {
                openStep(*slot);
                return;
            }
        }
        const std::uint64_t kind = below(1000);
        if (kind < 800) {
            ioctlStep();
        } else if (kind < 920) {
            readStep();
        } else if (kind < 970) {
            pollStep();
        } else if (kind < 990) {
            closeStep();
        } else {
            openStep(pickSlot());
        }
    }

    Shared& shared_;
    std::mt19937_64 random_;
    const Pages& pages_;
    // Room for the largest size an ioctl code can name (14 bits), aligned for any structure.
    alignas(8) std::array<unsigned char, 1 << 14> buffer_{};
    Tally tally_;
};

void printTally(const Tally& tally) {
    for (const auto& [key, value] : tally) {
        std::printf("  %-52s %10llu\n", key.c_str(), static_cast<unsigned long long>(value));
    }
}

int storm(const std::string& device, const std::string& other, std::uint64_t calls,
          std::uint64_t seed) {
    Shared shared;
    shared.device = device;
    shared.other = other;
    shared.fd = openDevice(device, O_RDWR | O_NONBLOCK | O_CLOEXEC);
    shared.other_fd = openDevice(other, O_RDWR | O_NONBLOCK | O_CLOEXEC);
    check(shared.fd >= 0 && shared.other_fd >= 0, "open both devices");
    const Pages pages = makePages();
    installSignal(false);
    const auto started = Clock::now();

    std::vector<std::unique_ptr<Caller>> callers;
    for (int i = 0; i < 2; ++i) {
        callers.push_back(std::make_unique<Caller>(shared, seed + i, pages));
    }
    std::vector<std::thread> threads;
    std::atomic<int> finished{0};
    for (auto& caller : callers) {
        threads.emplace_back([&caller, &finished, calls] {
            caller->run(calls);
            finished.fetch_add(1);
        });
    }
    // Interrupts flowing: pulses on whichever file is open.
    std::atomic<std::uint64_t> pulses{0};
    std::atomic<bool> done{false};
    std::thread pulser([&] {
        while (!done.load()) {
            const int fd = shared.fd.load();
            if (fd >= 0 && pulse(fd) == 0) {
                pulses.fetch_add(1);
            }
            std::this_thread::sleep_for(20us);
        }
    });
    // Signals: end blocked reads and waits for the request lock.
    std::atomic<std::uint64_t> signals{0};
    std::thread signaller([&] {
        while (!done.load()) {
            std::this_thread::sleep_for(5ms);
            for (std::thread& t : threads) {
                if (pthread_kill(t.native_handle(), SIGUSR1) == 0) {
                    signals.fetch_add(1);
                }
            }
        }
    });
    std::thread watchdog([&] {
        const auto limit = started + 600s;
        while (!done.load() && Clock::now() < limit) {
            std::this_thread::sleep_for(100ms);
        }
        shared.stop = true;
    });
    // The signaller may only name threads that are not joined yet.
    while (finished.load() < static_cast<int>(threads.size())) {
        std::this_thread::sleep_for(10ms);
    }
    done = true;
    pulser.join();
    signaller.join();
    watchdog.join();
    for (std::thread& t : threads) {
        t.join();
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - started).count();

    Tally total;
    std::uint64_t made = 0;
    std::array<std::uint64_t, 2> per_thread{};
    for (std::size_t i = 0; i < callers.size(); ++i) {
        for (const auto& [key, value] : callers[i]->tally()) {
            total[key] += value;
            if (key.rfind("status ", 0) != 0) {  // a call, not the status a call answered
                per_thread[i] += value;
                made += value;
            }
        }
    }
    const int fd = shared.fd.exchange(-1);
    if (fd >= 0) {
        close(fd);
    }
    const int other_fd = shared.other_fd.exchange(-1);
    if (other_fd >= 0) {
        close(other_fd);
    }

    std::printf(
        "storm: %llu calls in %.1f s on 2 threads (%llu + %llu), seed %llu; %llu pulses "
        "beside them, %llu signals\n",
        static_cast<unsigned long long>(made), seconds,
        static_cast<unsigned long long>(per_thread[0]),
        static_cast<unsigned long long>(per_thread[1]), static_cast<unsigned long long>(seed),
        static_cast<unsigned long long>(pulses.load()),
        static_cast<unsigned long long>(signals.load()));
    std::printf(
        "results by call and errno (ioctl, read, open, close, poll); \"status\": the "
        "NTSTATUS of the valid requests and reports that reached the driver:\n");
    printTally(total);
    auto sum = [&total](const std::string& prefix, const std::string& suffix = {}) {
        std::uint64_t n = 0;
        for (const auto& [key, value] : total) {
            if (key.rfind(prefix, 0) == 0 &&
                (suffix.empty() ||
                 (key.size() >= suffix.size() &&
                  key.compare(key.size() - suffix.size(), suffix.size(), suffix) == 0))) {
                n += value;
            }
        }
        return n;
    };
    check(made >= calls, "at least " + std::to_string(calls) + " calls",
          std::to_string(made) + " made (600 s limit)");
    check(per_thread[0] > calls / 4 && per_thread[1] > calls / 4, "both threads made calls");
    check(shared.unexpected.load() == 0, "every result one the module documents",
          std::to_string(shared.unexpected.load()) + " others, e.g. " +
              (shared.unexpected_examples.empty() ? "" : shared.unexpected_examples[0]));
    for (const std::string& example : shared.unexpected_examples) {
        std::printf("  unexpected: %s\n", example.c_str());
    }
    check(shared.violations.load() == 0, "no contract violation in any STATE read",
          std::to_string(shared.violations.load()));
    check(shared.bad_accounting.load() == 0 && shared.states_checked.load() > 0,
          "interrupt accounting balanced in every STATE read (" +
              std::to_string(shared.states_checked.load()) + " read)");
    check(pulses.load() > 0 && shared.interrupts_seen.load() > 0, "interrupts were flowing");
    // The kinds of hostility the storm is for all happened.
    check(sum("ioctl", " EFAULT") > 0 && sum("ioctl unknown 0xB7", " ENOTTY") > 0 &&
              sum("ioctl random code", " ENOTTY") > 0,
          "bad pointers (EFAULT) and unknown codes (ENOTTY) were refused");
    check(sum("status STATUS_SUCCESS") > 0 && sum("status STATUS_INVALID_PARAMETER") > 0 &&
              sum("status STATUS_BUFFER_TOO_SMALL") > 0,
          "valid requests were answered by the contract");
    check(sum("open 0") > 0 && sum("open EBUSY") > 0 && sum("close 0") > 0,
          "opens and closes interleaved (EBUSY while open)");
    check(sum("read records") > 0 && sum("read EINVAL") > 0 && sum("read EFAULT") > 0,
          "reads of whole records, short reads refused, bad buffers refused");
    std::printf(
        "summary {\"calls\": %llu, \"threads\": 2, \"unexpected\": %llu, \"violations\": %llu, "
        "\"pulses\": %llu, \"states_checked\": %llu, \"seconds\": %.1f}\n",
        static_cast<unsigned long long>(made),
        static_cast<unsigned long long>(shared.unexpected.load()),
        static_cast<unsigned long long>(shared.violations.load()),
        static_cast<unsigned long long>(pulses.load()),
        static_cast<unsigned long long>(shared.states_checked.load()), seconds);

    // And a clean caller gets a working device afterwards.
    int clean = -EBUSY;
    for (int i = 0; i < 100 && clean == -EBUSY; ++i) {
        clean = openDevice(device, O_RDWR | O_NONBLOCK | O_CLOEXEC);
        if (clean == -EBUSY) {
            std::this_thread::sleep_for(20ms);
        }
    }
    check(clean >= 0, "the device opens after the storm", errnoName(-clean));
    if (clean >= 0) {
        const auto s = state(clean);
        check(s && s->state == ISRB_STATE_NO_CLIENT && s->counters.requests == 0 &&
                  s->observation_count == 0,
              "a fresh instance after the storm");
        cleanLifeCycle(clean, "after the storm");
        close(clean);
    }
    freePages(pages);
    return g_failures == 0 ? 0 : 1;
}

// ---------------------------------------------------------------------------------------------
// hold

int runCommand(const std::string& command) {
    std::printf("running: %s\n", command.c_str());
    std::fflush(stdout);
    const pid_t child = fork();
    if (child == 0) {
        execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    int status = 0;
    waitpid(child, &status, 0);
    const int rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    std::printf("exit status %d\n", rc);
    return rc;
}

int hold(const std::string& device, bool expect_gone, bool quiet, const std::string& command) {
    installSignal(false);
    const int fd = openDevice(device);  // blocking: the reader waits in read()
    if (fd < 0) {
        check(false, "open " + device, errnoName(-fd));
        return 1;
    }
    std::uint64_t object = 0;
    expectStatus(connect(fd, ISRB_ROUTINE_RESPONDER, 7, &object), kSuccess, "CONNECT responder");
    expectStatus(connect(fd, ISRB_ROUTINE_COUNTER, 8), kSuccess, "CONNECT counter");

    // The reader: every record, in order, until end of file or an error.
    std::atomic<std::uint64_t> records{0};
    std::atomic<std::uint64_t> gaps{0};
    std::atomic<std::uint64_t> last_sequence{0};
    std::atomic<long> reader_end{1};
    std::atomic<bool> reader_waiting{false};
    std::thread reader([&] {
        std::array<isrb_record, 64> batch{};
        for (;;) {
            reader_waiting = true;
            const long got = sysRead(fd, batch.data(), sizeof batch);
            reader_waiting = false;
            if (got <= 0) {
                reader_end = got;
                return;
            }
            for (long i = 0; i < got / static_cast<long>(kRecord); ++i) {
                const std::uint64_t sequence = batch[static_cast<std::size_t>(i)].sequence;
                if (sequence != last_sequence.load() + 1) {
                    gaps.fetch_add(1);
                }
                last_sequence = sequence;
                records.fetch_add(1);
            }
        }
    });
    std::atomic<bool> stop{false};
    std::atomic<std::uint64_t> pulses{0};
    std::atomic<long> pulse_end{0};
    std::thread pulser([&] {
        while (!quiet && !stop.load()) {
            const long result = pulse(fd);
            if (result != 0) {
                pulse_end = result;
                return;
            }
            pulses.fetch_add(1);
            std::this_thread::sleep_for(200us);
        }
    });
    const auto deadline = Clock::now() + 5s;
    while (!quiet && records.load() < 200 && Clock::now() < deadline) {
        std::this_thread::sleep_for(10ms);
    }
    if (quiet) {
        pulse(fd);  // one record, so that the reader is known to wait for the next one
        while (records.load() < 1 && Clock::now() < deadline) {
            std::this_thread::sleep_for(10ms);
        }
        std::this_thread::sleep_for(100ms);
    }
    const auto serving = state(fd);
    check(serving && serving->state == ISRB_STATE_CONNECTED_ACTIVE && records.load() > 0,
          std::string(quiet ? "one interrupt read, the reader blocked for the next"
                            : "interrupts flowing and read") +
              " (" + std::to_string(records.load()) + " records)");
    if (quiet) {
        check(reader_waiting.load(), "the reader waits in read()");
    }

    const int rc = runCommand(command);
    if (!expect_gone) {
        check(rc != 0, "refused: " + command);
        const std::uint64_t at = records.load();
        if (quiet) {
            pulse(fd);
        }
        const auto until = Clock::now() + 3s;
        while (records.load() < at + (quiet ? 1 : 100) && Clock::now() < until) {
            std::this_thread::sleep_for(10ms);
        }
        check(records.load() > at, "the device works on: interrupts still read");
        stop = true;
        pulser.join();
        const auto after = state(fd);
        check(after && after->state == ISRB_STATE_CONNECTED_ACTIVE && after->client_count == 2 &&
                  after->counters.violations == 0,
              "both clients still connected and active, no violation");
        expectStatus(disconnect(fd, ISRB_ROUTINE_RESPONDER, 7), kSuccess, "DISCONNECT responder");
        expectStatus(disconnect(fd, ISRB_ROUTINE_COUNTER, 8), kSuccess, "DISCONNECT counter");
        // Signals until the reader's read ends (EINTR): it may be between two reads.
        while (reader_end.load() == 1) {
            pthread_kill(reader.native_handle(), SIGUSR1);
            std::this_thread::sleep_for(20ms);
        }
        reader.join();
        check(gaps.load() == 0, "every record read in order, none missing",
              std::to_string(gaps.load()) + " gaps");
    } else {
        check(rc == 0, "done: " + command);
        const auto until = Clock::now() + 5s;
        while (reader_end.load() == 1 && Clock::now() < until) {
            std::this_thread::sleep_for(10ms);
        }
        expectResult(reader_end.load(), 0, "the blocked reader gets end of file");
        stop = true;
        pulser.join();
        if (!quiet) {
            check(pulse_end.load() == -ENODEV, "the pulses end with ENODEV",
                  resultName(pulse_end.load()));
        }
        reader.join();
        pollfd p{fd, POLLIN, 0};
        const int polled = poll(&p, 1, 1000);
        check(polled == 1 && (p.revents & POLLHUP) != 0 && (p.revents & POLLIN) == 0,
              "poll says POLLHUP (and nothing to read)", "revents " + std::to_string(p.revents));
        isrb_record r{};
        expectResult(sysRead(fd, &r, sizeof r), 0, "read again: end of file");
        expectResult(pulse(fd), -ENODEV, "PULSE");
        expectStatus(connect(fd, ISRB_ROUTINE_COUNTER, 9), kDeletePending, "CONNECT (row 18)");
        expectStatus(disconnect(fd, ISRB_ROUTINE_RESPONDER, 7), kDeletePending,
                     "DISCONNECT (row 18)");
        isrb_request free_port = request(ISRB_IOCTL_PORT_FREE, 0, 0);
        expectStatus(send(fd, free_port), kDeletePending, "PORT_FREE (row 18)");
        expectStatus(report(fd, false, object), kDeletePending, "REPORT INACTIVE (row 18)");
        isrb_allocate allocation{};
        expectResult(sysIoctl(fd, ISRB_IOC_ALLOCATE, &allocation), 0, "ALLOCATE");
        expectStatus(allocation.status, kDeletePending, "... answered (row 18)");
        const auto gone = state(fd);
        check(gone && gone->removing == 1 && gone->client_count == 0 &&
                  gone->counters.violations == 0,
              "STATE: removing, the clients disconnected by the removal, no violation");
        if (gone) {
            check(gaps.load() == 0 && last_sequence.load() == gone->counters.records_written &&
                      gone->counters.ring_overflow == 0,
                  "every record written before the port went away was read, in order",
                  std::to_string(last_sequence.load()) + " read of " +
                      std::to_string(gone->counters.records_written) + ", " +
                      std::to_string(gaps.load()) + " gaps");
        }
        std::printf("the port went away after %llu records, %llu pulses\n",
                    static_cast<unsigned long long>(last_sequence.load()),
                    static_cast<unsigned long long>(pulses.load()));
    }
    expectResult(close(fd) == 0 ? 0 : -errno, 0, "close");
    if (expect_gone) {
        expectResult(openDevice(device), -ENOENT, "the device node is gone");
    } else {
        const int again = openDevice(device);
        check(again >= 0, "the device opens again", errnoName(-again));
        if (again >= 0) {
            close(again);
        }
    }
    return g_failures == 0 ? 0 : 1;
}

// ---------------------------------------------------------------------------------------------
// permissions

bool parseIds(const std::string& text, std::vector<gid_t>* ids) {
    if (text == "-") {
        return true;
    }
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) {
        char* end = nullptr;
        const unsigned long value = std::strtoul(item.c_str(), &end, 10);
        if (item.empty() || *end != '\0') {
            return false;
        }
        ids->push_back(static_cast<gid_t>(value));
    }
    return true;
}

// Drops to uid:gid with `groups` for good (the saved ids too), or exits.
void becomeUser(uid_t uid, gid_t gid, const std::vector<gid_t>& groups) {
    if (setgroups(groups.size(), groups.data()) != 0 || setresgid(gid, gid, gid) != 0 ||
        setresuid(uid, uid, uid) != 0) {
        std::perror("hostile_caller as: cannot change identity");
        _exit(126);
    }
}

int runAs(int argc, char** argv) {
    std::vector<gid_t> uid_list;
    std::vector<gid_t> gid_list;
    std::vector<gid_t> groups;
    if (argc < 6 || !parseIds(argv[2], &uid_list) || !parseIds(argv[3], &gid_list) ||
        !parseIds(argv[4], &groups) || uid_list.size() != 1 || gid_list.size() != 1) {
        std::fprintf(stderr, "usage: hostile_caller as UID GID GROUPS|- PROGRAM [ARGS...]\n");
        return 2;
    }
    becomeUser(uid_list[0], gid_list[0], groups);
    execvp(argv[5], argv + 5);
    std::perror(argv[5]);
    return 127;
}

struct Output {
    int rc = -1;
    std::string text;  // stdout and stderr
};

// Runs `program` as uid:gid(+groups) with `input` on its standard input.
Output runProgramAs(uid_t uid, gid_t gid, const std::vector<gid_t>& groups,
                    const std::vector<std::string>& program, const std::string& input) {
    int in[2];
    int out[2];
    if (pipe(in) != 0 || pipe(out) != 0) {
        return {};
    }
    const pid_t child = fork();
    if (child == 0) {
        dup2(in[0], STDIN_FILENO);
        dup2(out[1], STDOUT_FILENO);
        dup2(out[1], STDERR_FILENO);
        close(in[1]);
        close(out[0]);
        becomeUser(uid, gid, groups);
        std::vector<char*> args;
        for (const std::string& arg : program) {
            args.push_back(const_cast<char*>(arg.c_str()));
        }
        args.push_back(nullptr);
        execv(args[0], args.data());
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    [[maybe_unused]] const auto written = write(in[1], input.data(), input.size());
    close(in[1]);
    Output result;
    char chunk[4096];
    ssize_t got = 0;
    while ((got = read(out[0], chunk, sizeof chunk)) > 0) {
        result.text.append(chunk, static_cast<std::size_t>(got));
    }
    close(out[0]);
    int status = 0;
    waitpid(child, &status, 0);
    result.rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return result;
}

// Opens `device` as uid:gid(+groups) in a child: 0 or -errno (ENOTDIR: the path was not even
// reachable; EPROTO: opened, but CONNECT failed).
int openAs(uid_t uid, gid_t gid, const std::vector<gid_t>& groups, const std::string& device) {
    int report_pipe[2];
    if (pipe(report_pipe) != 0) {
        return -EPIPE;
    }
    const pid_t child = fork();
    if (child == 0) {
        close(report_pipe[0]);
        becomeUser(uid, gid, groups);
        // The path must be reachable, so that a refusal is the node's own mode speaking.
        struct stat node {};
        int result = stat(device.c_str(), &node) == 0 ? openDevice(device) : -ENOTDIR;
        if (result >= 0) {
            // A member can drive it, not only open it.
            result = connect(result, ISRB_ROUTINE_COUNTER, 1) == kSuccess ? 0 : -EPROTO;
        }
        [[maybe_unused]] const auto written = write(report_pipe[1], &result, sizeof result);
        _exit(0);
    }
    close(report_pipe[1]);
    int result = -EPIPE;
    [[maybe_unused]] const auto got = read(report_pipe[0], &result, sizeof result);
    close(report_pipe[0]);
    waitpid(child, nullptr, 0);
    return result;
}

// The group's id from /etc/group (read here: no NSS module in the guest).
std::optional<gid_t> groupId(const std::string& name) {
    std::ifstream in("/etc/group");
    std::string line;
    while (std::getline(in, line)) {
        std::stringstream fields(line);
        std::string group;
        std::string password;
        std::string id;
        if (std::getline(fields, group, ':') && std::getline(fields, password, ':') &&
            std::getline(fields, id, ':') && group == name) {
            return static_cast<gid_t>(std::strtoul(id.c_str(), nullptr, 10));
        }
    }
    return std::nullopt;
}

struct Rule {
    int line = 0;
    std::map<std::string, std::string> match;   // KERNEL, SUBSYSTEM: the value after ==
    std::map<std::string, std::string> assign;  // GROUP, MODE, OWNER: the value after =
};

// The rules of a udev rules file: comma-separated KEY=="value" (match) and KEY="value"
// (assignment) pairs, one rule per line.
std::vector<Rule> parseRules(const std::string& path) {
    std::vector<Rule> rules;
    std::ifstream in(path);
    std::string text;
    int number = 0;
    while (std::getline(in, text)) {
        ++number;
        const auto start = text.find_first_not_of(" \t");
        if (start == std::string::npos || text[start] == '#') {
            continue;
        }
        Rule rule;
        rule.line = number;
        std::size_t at = start;
        while (at < text.size()) {
            const auto op = text.find_first_of("=!+:", at);
            const auto open_quote = text.find('"', op);
            const auto close_quote = text.find('"', open_quote + 1);
            if (op == std::string::npos || open_quote == std::string::npos ||
                close_quote == std::string::npos) {
                break;
            }
            std::string key = text.substr(at, op - at);
            key.erase(0, key.find_first_not_of(" \t,"));
            key.erase(key.find_last_not_of(" \t") + 1);
            const std::string operation = text.substr(op, open_quote - op);
            const std::string value = text.substr(open_quote + 1, close_quote - open_quote - 1);
            // "!=" and "+=" are kept with their operator, so that the checks below refuse them.
            if (operation == "==" || operation == "!=") {
                rule.match[operation == "==" ? key : key + " !="] = value;
            } else {
                rule.assign[operation == "=" || operation == ":=" ? key : key + " " + operation] =
                    value;
            }
            at = close_quote + 1;
        }
        rules.push_back(rule);
    }
    return rules;
}

int permissions(const std::string& rules_path, const std::string& device,
                const std::string& isrbench) {
    const std::string name = device.substr(device.rfind('/') + 1);
    const Rule* rule = nullptr;
    const std::vector<Rule> rules = parseRules(rules_path);
    for (const Rule& candidate : rules) {
        const auto kernel = candidate.match.find("KERNEL");
        if (kernel != candidate.match.end() &&
            fnmatch(kernel->second.c_str(), name.c_str(), 0) == 0) {
            rule = &candidate;
        }
    }
    check(rule != nullptr, rules_path + " has a rule whose KERNEL matches " + name);
    if (rule == nullptr) {
        return 1;
    }
    // Every match key is one the test can check here; every assignment one it can apply.
    for (const auto& [key, value] : rule->match) {
        if (key == "SUBSYSTEM") {
            char target[256] = {};
            const std::string link = "/sys/class/misc/" + name + "/subsystem";
            const ssize_t got = readlink(link.c_str(), target, sizeof target - 1);
            const std::string subsystem =
                got > 0 ? std::string(target).substr(std::string(target).rfind('/') + 1) : "";
            check(
                fnmatch(value.c_str(), subsystem.c_str(), 0) == 0,
                "the rule's SUBSYSTEM==\"" + value + "\" matches the device's (" + subsystem + ")");
        } else if (key != "KERNEL") {
            check(false, "the rule matches on " + key + ", which this test cannot check");
        }
    }
    const auto group_name = rule->assign.find("GROUP");
    const auto mode_text = rule->assign.find("MODE");
    check(group_name != rule->assign.end() && mode_text != rule->assign.end(),
          "the rule sets GROUP and MODE");
    for (const auto& [key, value] : rule->assign) {
        check(key == "GROUP" || key == "MODE" || key == "OWNER",
              "the rule assigns " + key + "=\"" + value + "\", which this test can apply");
    }
    if (group_name == rule->assign.end() || mode_text == rule->assign.end()) {
        return 1;
    }
    const auto gid = groupId(group_name->second);
    check(gid.has_value(), "group " + group_name->second + " is in /etc/group");
    const auto mode = static_cast<mode_t>(std::strtoul(mode_text->second.c_str(), nullptr, 8));
    check(mode == 0660, "the rule's MODE is 0660 (owner and group only)",
          "MODE=\"" + mode_text->second + "\"");
    if (!gid) {
        return 1;
    }
    struct stat before {};
    stat(device.c_str(), &before);
    std::printf(
        "%s before the rule: %04o %u:%u; the rule (%s line %d): GROUP=\"%s\" (gid %u) "
        "MODE=\"%s\"\n",
        device.c_str(), static_cast<unsigned>(before.st_mode & 07777), before.st_uid, before.st_gid,
        rules_path.c_str(), rule->line, group_name->second.c_str(), *gid,
        mode_text->second.c_str());
    check((before.st_mode & 0007) == 0, "the module creates the node with no access for others",
          std::to_string(before.st_mode & 07777));
    check(chown(device.c_str(), 0, *gid) == 0 && chmod(device.c_str(), mode) == 0,
          "applied the rule to " + device);

    constexpr uid_t kOutsider = 1000;
    constexpr uid_t kMember = 1001;
    const std::vector<gid_t> member_groups = {*gid};
    expectResult(openAs(kOutsider, kOutsider, {}, device), -EACCES,
                 "open as uid 1000, not in " + group_name->second);
    expectResult(openAs(kMember, kMember, member_groups, device), 0,
                 "open (and CONNECT) as uid 1001, in " + group_name->second);

    const std::string session =
        "{\"op\":\"connect\",\"isr\":\"responder\",\"context\":1}\n"
        "{\"op\":\"stimulate\",\"count\":20}\n"
        "{\"op\":\"disconnect\",\"isr\":\"responder\",\"context\":1}\n";
    const std::vector<std::string> console = {isrbench, "console",  "--port",
                                              "kernel", "--device", device};
    const Output refused = runProgramAs(kOutsider, kOutsider, {}, console, session);
    std::printf("isrbench console as uid 1000 (exit status %d) said:\n%s", refused.rc,
                refused.text.c_str());
    check(refused.rc != 0 && refused.text.find("permission denied") != std::string::npos &&
              refused.text.find("group " + group_name->second) != std::string::npos,
          "isrbench console as an outsider fails saying \"permission denied\" and \"group " +
              group_name->second + "\"");
    const Output worked = runProgramAs(kMember, kMember, member_groups, console, session);
    std::printf("isrbench console as uid 1001 in %s (exit status %d) said:\n%s",
                group_name->second.c_str(), worked.rc, worked.text.c_str());
    std::size_t successes = 0;
    for (std::size_t at = 0; (at = worked.text.find("\"STATUS_SUCCESS\"", at)) != std::string::npos;
         ++at) {
        ++successes;
    }
    check(worked.rc == 0 && successes == 3 &&
              worked.text.find("\"serviced\":20") != std::string::npos,
          "isrbench console as a member: connect, 20 stimuli serviced, disconnect");
    return g_failures == 0 ? 0 : 1;
}

int usage() {
    std::fprintf(stderr,
                 "usage: hostile_caller probes DEVICE\n"
                 "       hostile_caller storm DEVICE OTHER_DEVICE [CALLS] [SEED]\n"
                 "       hostile_caller hold DEVICE kept|gone [--quiet] COMMAND\n"
                 "       hostile_caller lifecycle DEVICE\n"
                 "       hostile_caller permissions RULES DEVICE ISRBENCH\n"
                 "       hostile_caller as UID GID GROUPS|- PROGRAM [ARGS...]\n");
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty()) {
        return usage();
    }
    const std::string& mode = args[0];
    if (mode == "probes" && args.size() == 2) {
        return probes(args[1]);
    }
    if (mode == "storm" && (args.size() >= 3 && args.size() <= 5)) {
        const std::uint64_t calls = args.size() > 3 ? std::stoull(args[3]) : 100000;
        const std::uint64_t seed = args.size() > 4 ? std::stoull(args[4]) : 16;
        return storm(args[1], args[2], calls, seed);
    }
    if (mode == "hold" && (args.size() == 4 || (args.size() == 5 && args[3] == "--quiet")) &&
        (args[2] == "kept" || args[2] == "gone")) {
        return hold(args[1], args[2] == "gone", args.size() == 5, args.back());
    }
    if (mode == "lifecycle" && args.size() == 2) {
        const int fd = openDevice(args[1], O_RDWR | O_NONBLOCK | O_CLOEXEC);
        check(fd >= 0, "open " + args[1], errnoName(-fd));
        if (fd >= 0) {
            cleanLifeCycle(fd, args[1]);
            close(fd);
        }
        return g_failures == 0 ? 0 : 1;
    }
    if (mode == "permissions" && args.size() == 4) {
        return permissions(args[1], args[2], args[3]);
    }
    if (mode == "as") {
        return runAs(argc, argv);
    }
    return usage();
}
