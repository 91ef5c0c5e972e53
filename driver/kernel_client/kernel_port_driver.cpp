#include "kernel_port_driver.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>

#include "isrbench_parport.h"
#include "thread_name.h"

namespace driver {
namespace {

static_assert(sizeof(isrb_system_buffer) == sizeof(contract::PARALLEL_INTERRUPT_SERVICE_ROUTINE));
static_assert(sizeof(isrb_system_buffer) == sizeof(contract::PARALLEL_INTERRUPT_INFORMATION));
static_assert(ISRB_IOCTL_CONNECT_INTERRUPT == contract::IOCTL_INTERNAL_PARALLEL_CONNECT_INTERRUPT);
static_assert(ISRB_IOCTL_DISCONNECT_INTERRUPT ==
              contract::IOCTL_INTERNAL_PARALLEL_DISCONNECT_INTERRUPT);
static_assert(ISRB_IOCTL_PORT_FREE == contract::IOCTL_INTERNAL_PARALLEL_PORT_FREE);
static_assert(ISRB_CONNECT_LINE_BASED == contract::CONNECT_LINE_BASED);
static_assert(ISRB_MAX_CLIENTS == kMaxClients);

std::string openFailure(const std::string& device, int error) {
    switch (error) {
        case ENOENT:
            return device +
                   " does not exist: the isrbench_parport module is not loaded (modprobe "
                   "isrbench_parport) or found no parallel port (isrbench devices lists them)";
        case EACCES:
        case EPERM:
            return device +
                   ": permission denied: the device is root:lp 0660 (udev rule "
                   "60-isrbench-parport.rules); add yourself to group lp and log in again";
        case EBUSY:
            return device +
                   " is busy: another process has it open, or another parport client (lp, "
                   "ppdev) has claimed the port";
        case ENODEV:
            return device + ": the parallel port went away";
        default:
            return device + ": " + std::strerror(error);
    }
}

contract::NtStatus statusOf(std::uint32_t value) {
    return static_cast<contract::NtStatus>(value);
}

ConnectionState connectionStateOf(std::uint32_t state) {
    switch (state) {
        case ISRB_STATE_CONNECTED_ACTIVE:
            return ConnectionState::ConnectedActive;
        case ISRB_STATE_CONNECTED_INACTIVE:
            return ConnectionState::ConnectedInactive;
        default:
            return ConnectionState::NoClient;
    }
}

InterruptClass classOf(std::uint8_t outcome) {
    switch (outcome) {
        case ISRB_OUTCOME_SERVICED:
            return InterruptClass::Serviced;
        case ISRB_OUTCOME_SUPPRESSED:
            return InterruptClass::Suppressed;
        default:
            return InterruptClass::Unclaimed;
    }
}

// The routine fields of a ClientRegistration carry ids, not addresses (see the header).
std::uint64_t fieldValue(const void* pointer) {
    return static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(pointer));
}

template <typename Pointer>
Pointer fieldPointer(std::uint64_t value) {
    return reinterpret_cast<Pointer>(static_cast<std::uintptr_t>(value));
}

}  // namespace

KernelPortDriver::KernelPortDriver(std::string device) : device_(std::move(device)) {
    fd_ = open(device_.c_str(), O_RDWR | O_CLOEXEC);
    if (fd_ < 0) {
        throw KernelDriverError(openFailure(device_, errno));
    }
    stop_fd_ = eventfd(0, EFD_CLOEXEC);
    if (stop_fd_ < 0) {
        const int error = errno;
        close(fd_);
        throw KernelDriverError(std::string("eventfd: ") + std::strerror(error));
    }
    reader_ = std::thread([this] { readerMain(); });
}

KernelPortDriver::~KernelPortDriver() {
    const std::uint64_t one = 1;
    [[maybe_unused]] const auto written = write(stop_fd_, &one, sizeof one);
    reader_.join();
    close(stop_fd_);
    close(fd_);  // the module disconnects every client synchronously and releases the port
}

void KernelPortDriver::ioctlOrThrow(unsigned long request, void* argument, const char* what) const {
    int result;
    do {
        result = ioctl(fd_, request, argument);
    } while (result < 0 && errno == EINTR);
    if (result < 0) {
        throw KernelDriverError(device_ + ": " + what + ": " + std::strerror(errno));
    }
}

void KernelPortDriver::dispatch(contract::InternalDeviceControlRequest& request) {
    isrb_request carried{};
    carried.io_control_code = request.ioControlCode();
    carried.input_length = request.inputBufferLength();
    carried.output_length = request.outputBufferLength();
    const auto buffer = request.systemBuffer();
    const std::size_t input = std::min<std::size_t>(
        {sizeof carried.buffer, buffer.size(), std::size_t{request.inputBufferLength()}});
    std::memcpy(&carried.buffer, buffer.data(), input);
    ioctlOrThrow(ISRB_IOC_REQUEST, &carried, "request");
    const std::size_t output = std::min<std::size_t>(
        {sizeof carried.buffer, buffer.size(), std::size_t{request.outputBufferLength()}});
    if (carried.information > 0) {
        std::memcpy(buffer.data(), &carried.buffer, output);
    }
    request.complete(statusOf(carried.status), carried.information);
}

contract::NtStatus KernelPortDriver::reportInterruptActive(
    const contract::IO_REPORT_INTERRUPT_ACTIVE_STATE_PARAMETERS& parameters) {
    isrb_report report{parameters.Version, 0,
                       fieldValue(parameters.ConnectionContext.InterruptObject)};
    ioctlOrThrow(ISRB_IOC_REPORT_ACTIVE, &report, "report active");
    return statusOf(report.status);
}

contract::NtStatus KernelPortDriver::reportInterruptInactive(
    const contract::IO_REPORT_INTERRUPT_ACTIVE_STATE_PARAMETERS& parameters) {
    isrb_report report{parameters.Version, 0,
                       fieldValue(parameters.ConnectionContext.InterruptObject)};
    ioctlOrThrow(ISRB_IOC_REPORT_INACTIVE, &report, "report inactive");
    return statusOf(report.status);
}

std::optional<PortAllocator::AllocateResult> KernelPortDriver::allocatePort() {
    isrb_allocate result{};
    ioctlOrThrow(ISRB_IOC_ALLOCATE, &result, "allocate");
    if (statusOf(result.status) != contract::NtStatus::Success) {
        return std::nullopt;
    }
    return PortAllocator::AllocateResult{result.granted != 0,
                                         static_cast<int>(result.queue_position)};
}

std::unique_ptr<isrb_state> KernelPortDriver::readState() const {
    auto state = std::make_unique<isrb_state>();
    ioctlOrThrow(ISRB_IOC_STATE, state.get(), "state");
    return state;
}

void KernelPortDriver::configure(std::optional<bool> connect_enabled,
                                 std::optional<bool> removing) {
    const auto state = readState();
    isrb_configure settings{connect_enabled.value_or(state->connect_enabled != 0) ? 1u : 0u,
                            removing.value_or(state->removing != 0) ? 1u : 0u};
    ioctlOrThrow(ISRB_IOC_CONFIGURE, &settings, "configure");
}

void KernelPortDriver::setConnectEnabled(bool enabled) {
    configure(enabled, std::nullopt);
}

bool KernelPortDriver::connectEnabled() const {
    return readState()->connect_enabled != 0;
}

void KernelPortDriver::beginRemoval() {
    configure(std::nullopt, true);
}

void KernelPortDriver::endRemoval() {
    configure(std::nullopt, false);
}

bool KernelPortDriver::removing() const {
    return readState()->removing != 0;
}

ConnectionState KernelPortDriver::state() const {
    return connectionStateOf(readState()->state);
}

std::vector<ClientInfo> KernelPortDriver::clients() const {
    const auto state = readState();
    std::vector<ClientInfo> clients;
    for (std::uint32_t i = 0; i < state->client_count && i < ISRB_MAX_CLIENTS; ++i) {
        const isrb_client_info& c = state->clients[i];
        ClientInfo info;
        info.registration.routine = fieldPointer<contract::PPARALLEL_INTERRUPT_ROUTINE>(c.routine);
        info.registration.context = fieldPointer<void*>(c.context);
        info.registration.deferred_routine =
            fieldPointer<contract::PPARALLEL_DEFERRED_ROUTINE>(c.has_deferred);
        info.calls = c.calls;
        info.returned_true = c.returned_true;
        clients.push_back(info);
    }
    return clients;
}

contract::KINTERRUPT* KernelPortDriver::currentInterruptObject() const {
    return fieldPointer<contract::KINTERRUPT*>(readState()->interrupt_object);
}

DriverCounters KernelPortDriver::counters() const {
    const auto state = readState();
    const isrb_counters& k = state->counters;
    DriverCounters counters;
    counters.interrupts.interrupts = k.interrupts;
    counters.interrupts.serviced = k.serviced;
    counters.interrupts.suppressed = k.suppressed;
    counters.interrupts.unclaimed = k.unclaimed;
    counters.interrupts.violations = k.violations;
    counters.interrupts.declined = k.declined;
    counters.requests = k.requests;
    counters.rejected_reports = k.rejected_reports;
    counters.deferred_routine_calls = k.deferred_routine_calls;
    return counters;
}

std::vector<RequestLogEntry> KernelPortDriver::requestLog(std::size_t count) const {
    auto log = std::make_unique<isrb_log>();
    ioctlOrThrow(ISRB_IOC_LOG, log.get(), "log");
    std::vector<RequestLogEntry> entries;
    const std::size_t available = std::min<std::size_t>(log->count, ISRB_LOG_ENTRIES);
    for (std::size_t i = available - std::min(count, available); i < available; ++i) {
        const isrb_log_entry& e = log->entries[i];
        RequestLogEntry entry;
        entry.number = e.number;
        entry.time_ns = e.time_ns;
        entry.code = e.kind == ISRB_LOG_REQUEST ? e.io_control_code : 0;
        entry.request = e.kind == ISRB_LOG_REPORT_ACTIVE     ? "IoReportInterruptActive"
                        : e.kind == ISRB_LOG_REPORT_INACTIVE ? "IoReportInterruptInactive"
                                                             : requestName(e.io_control_code);
        entry.status = statusOf(e.status);
        entry.information = static_cast<std::uintptr_t>(e.information);
        entries.push_back(entry);
    }
    return entries;
}

int KernelPortDriver::allocationsWaiting() const {
    return static_cast<int>(readState()->allocations_waiting);
}

bool KernelPortDriver::portAllocated() const {
    return readState()->port_allocated != 0;
}

void KernelPortDriver::setObserver(InterruptObserver* observer) {
    observer_.store(observer, std::memory_order_release);
    observer_gate_.synchronize();
}

Pulse KernelPortDriver::pulseStimulus(std::int64_t t_due_ns) {
    pulse_due_ns_.store(t_due_ns, std::memory_order_release);
    isrb_pulse pulse{};
    ioctlOrThrow(ISRB_IOC_PULSE, &pulse, "pulse");
    return {pulse.stimulus, pulse.t_edge_ns};
}

std::optional<std::uint64_t> KernelPortDriver::routineId(std::string_view name) {
    if (name == "responder") {
        return ISRB_ROUTINE_RESPONDER;
    }
    if (name == "counter") {
        return ISRB_ROUTINE_COUNTER;
    }
    if (name == "decliner") {
        return ISRB_ROUTINE_DECLINER;
    }
    return std::nullopt;
}

contract::PARALLEL_INTERRUPT_SERVICE_ROUTINE KernelPortDriver::routineServiceFields(
    std::uint64_t routine, std::int64_t context, bool with_deferred) {
    const auto context_value = static_cast<std::uint64_t>(context);
    return {fieldPointer<contract::PPARALLEL_INTERRUPT_ROUTINE>(routine),
            fieldPointer<void*>(context_value),
            with_deferred
                ? fieldPointer<contract::PPARALLEL_DEFERRED_ROUTINE>(ISRB_DEFERRED_PORT_CHECK)
                : nullptr,
            with_deferred ? fieldPointer<void*>(context_value) : nullptr};
}

KernelObservation KernelPortDriver::observation(std::uint64_t routine, std::int64_t context) const {
    const auto state = readState();
    for (std::uint32_t i = 0; i < state->observation_count && i < ISRB_MAX_CLIENTS; ++i) {
        const isrb_observation& o = state->observations[i];
        if (o.routine == routine && o.context == static_cast<std::uint64_t>(context)) {
            return {o.calls, o.deferred_calls, o.violations};
        }
    }
    return {};
}

bool KernelPortDriver::synchronizeRecords(int timeout_ms) {
    const std::uint64_t written = readState()->counters.records_written;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (records_.load(std::memory_order_acquire) < written && !portGone()) {
        if (std::chrono::steady_clock::now() > deadline) {
            return false;
        }
        std::this_thread::sleep_for(std::chrono::microseconds(100));
    }
    return true;
}

std::string KernelPortDriver::label() const {
    const std::string prefix = "/dev/" ISRB_DEVICE_PREFIX;
    const std::string port =
        device_.rfind(prefix, 0) == 0 ? "parport" + device_.substr(prefix.size()) : device_;
    return "kernel module on " + port;
}

int KernelPortDriver::irq() const {
    return readState()->irq;
}

KernelRecordCounts KernelPortDriver::recordCounts() const {
    return {records_.load(std::memory_order_acquire), spurious_.load(std::memory_order_acquire),
            missing_.load(std::memory_order_acquire)};
}

std::uint64_t KernelPortDriver::moduleRingOverflow() const {
    return readState()->counters.ring_overflow;
}

// ---- the reader thread -----------------------------------------------------------------------

void KernelPortDriver::deliver(const isrb_record& record) {
    if (record.sequence > last_sequence_ + 1) {
        missing_.fetch_add(record.sequence - last_sequence_ - 1, std::memory_order_relaxed);
    }
    last_sequence_ = record.sequence;
    const std::uint64_t previous = last_stimulus_.load(std::memory_order_relaxed);
    const bool fresh = record.stimulus > previous;
    InterruptRecord handled;
    handled.edge.sequence = fresh ? record.stimulus : 0;
    handled.edge.t_edge_ns = fresh ? record.t_edge_ns : 0;
    handled.edge.t_due_ns =
        fresh ? dueIfLate(pulse_due_ns_.load(std::memory_order_acquire), record.t_edge_ns) : 0;
    handled.edge.t_arrive_ns = record.t_arrive_ns;
    handled.t_isr_ns = record.t_isr_ns;
    handled.outcome = classOf(record.outcome);
    handled.routines_called = record.routines_called;
    handled.routines_returned_true = record.routines_returned_true;
    handled.violations = record.violations;

    observer_gate_.enter();
    if (InterruptObserver* observer = observer_.load(std::memory_order_acquire)) {
        observer->onInterruptHandled(handled);
    }
    observer_gate_.exit();
    if (!fresh) {
        spurious_.fetch_add(1, std::memory_order_relaxed);
    } else {
        last_stimulus_.store(record.stimulus, std::memory_order_release);
    }
    records_.fetch_add(1, std::memory_order_release);
}

void KernelPortDriver::readerMain() {
    hwbridge::nameThisThread("kmod-reader");
    std::array<isrb_record, 64> batch{};
    while (true) {
        pollfd fds[2] = {{fd_, POLLIN, 0}, {stop_fd_, POLLIN, 0}};
        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            return;
        }
        if (fds[1].revents != 0) {
            return;
        }
        const ssize_t got = read(fd_, batch.data(), sizeof batch);
        if (got == 0 || (got < 0 && errno != EINTR && errno != EAGAIN)) {
            gone_.store(true, std::memory_order_release);  // the port went away
            return;
        }
        for (ssize_t i = 0; i < got / static_cast<ssize_t>(sizeof(isrb_record)); ++i) {
            deliver(batch[static_cast<std::size_t>(i)]);
        }
    }
}

}  // namespace driver
