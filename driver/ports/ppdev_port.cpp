#include "ppdev_port.h"

#include <fcntl.h>
#include <linux/parport.h>
#include <linux/ppdev.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "monotonic_clock.h"
#include "thread_name.h"

namespace driver {
namespace {

std::string openFailure(const std::string& device, int error) {
    switch (error) {
        case ENOENT:
            return device +
                   " does not exist: no parallel port there, or ppdev is not loaded "
                   "(modprobe ppdev; isrbench devices lists the ports found)";
        case ENXIO:
        case ENODEV:
            return device + ": no parallel port behind it (parport_pc found none)";
        case EACCES:
        case EPERM:
            return device +
                   ": permission denied: the device is root:lp 0660; add yourself to "
                   "group lp and log in again";
        default:
            return device + ": " + std::strerror(error);
    }
}

std::string readFirstLine(const std::string& path) {
    std::ifstream file(path);
    std::string line;
    std::getline(file, line);
    return line;
}

}  // namespace

std::string PpdevPort::parportProcFile(const std::string& device, const std::string& name) {
    const std::string prefix = "/dev/parport";
    if (device.rfind(prefix, 0) != 0 || device.size() == prefix.size()) {
        return {};
    }
    return "/proc/sys/dev/parport/parport" + device.substr(prefix.size()) + "/" + name;
}

PpdevPort::PpdevPort(std::string device, PpdevOptions options)
    : device_(std::move(device)), options_(options) {
    const std::string active = readFirstLine(parportProcFile(device_, "devices/active"));
    if (!active.empty() && active != "none") {
        throw PortOpenError(device_ + " is busy: the port is claimed by " + active +
                            " (another parport client; close it or unload it first)");
    }
    fd_ = open(device_.c_str(), O_RDWR | O_CLOEXEC);
    if (fd_ < 0) {
        throw PortOpenError(openFailure(device_, errno));
    }
    if (ioctl(fd_, PPCLAIM) < 0) {
        const int error = errno;
        close(fd_);
        throw PortOpenError(device_ + ": cannot claim the port: " + std::strerror(error));
    }
    const std::string irq = readFirstLine(parportProcFile(device_, "irq"));
    irq_ = irq.empty() ? 0 : std::atoi(irq.c_str());  // unknown: assume the line is there
    std::uint8_t zero = 0;
    ioctlOk(PPWDATA, &zero);
    // Whatever claiming raised (QEMU's port interrupts on the claim's own control write) is
    // acknowledged and cleared: it is no stimulus of ours.
    std::uint8_t status = 0;
    ioctlOk(PPRSTATUS, &status);
    int stale = 0;
    ioctlOk(PPCLRIRQ, &stale);
    if (options_.respond_on_interrupt) {
        armResponse();
    }
    stop_fd_ = eventfd(0, EFD_CLOEXEC);
    if (stop_fd_ < 0) {
        const int error = errno;
        ioctl(fd_, PPRELEASE);
        close(fd_);
        throw PortOpenError(std::string("eventfd: ") + std::strerror(error));
    }
    interrupt_thread_ = std::thread([this] { interruptThreadMain(); });
}

PpdevPort::~PpdevPort() {
    const std::uint64_t one = 1;
    [[maybe_unused]] const auto written = write(stop_fd_, &one, sizeof one);
    interrupt_thread_.join();
    ioctl(fd_, PPRELEASE);
    close(fd_);
    close(stop_fd_);
}

bool PpdevPort::ioctlOk(unsigned long request, void* argument) noexcept {
    int result;
    do {
        result = ioctl(fd_, request, argument);
    } while (result < 0 && errno == EINTR);
    if (result < 0) {
        io_errors_.fetch_add(1, std::memory_order_relaxed);
        return false;
    }
    return true;
}

std::uint8_t PpdevPort::readRegister(SppRegister reg) {
    const unsigned long request = reg == SppRegister::Data     ? PPRDATA
                                  : reg == SppRegister::Status ? PPRSTATUS
                                                               : PPRCONTROL;
    std::uint8_t value = 0xFF;
    return ioctlOk(request, &value) ? value : std::uint8_t{0xFF};
}

// parport_pc keeps IRQ enable (control bit 4) as ppdev set it: only the four line bits change.
void PpdevPort::writeRegister(SppRegister reg, std::uint8_t value) {
    if (reg == SppRegister::Status) {
        return;  // read-only
    }
    ioctlOk(reg == SppRegister::Data ? PPWDATA : PPWCONTROL, &value);
}

void PpdevPort::setInterruptSink(InterruptSink* sink) {
    sink_.store(sink, std::memory_order_release);
    sink_gate_.synchronize();
}

// The edge time is published before the pulse's number, the number before the rising write: the
// interrupt thread that sees the number sees its edge time (pulses come one at a time, each
// after the previous one was handled: PulseTrain and the console wait for it).
Pulse PpdevPort::pulseStimulus(std::int64_t t_due_ns) {
    const std::uint8_t control = readRegister(SppRegister::Control);
    writeRegister(SppRegister::Control, control & static_cast<std::uint8_t>(~PARPORT_CONTROL_INIT));
    const std::uint64_t stimulus = last_pulse_.load(std::memory_order_relaxed) + 1;
    const std::int64_t t_edge = hwbridge::monotonicNowNs();
    last_pulse_edge_ns_.store(t_edge, std::memory_order_relaxed);
    last_pulse_due_ns_.store(dueIfLate(t_due_ns, t_edge), std::memory_order_relaxed);
    last_pulse_.store(stimulus, std::memory_order_release);
    pulses_.fetch_add(1, std::memory_order_relaxed);
    writeRegister(SppRegister::Control, control | PARPORT_CONTROL_INIT);
    return {stimulus, t_edge};
}

void PpdevPort::armResponse() noexcept {
    std::uint8_t control = 0;
    if (ioctlOk(PPRCONTROL, &control)) {
        std::uint8_t response = control ^ PARPORT_CONTROL_AUTOFD;
        ioctlOk(PPWCTLONIRQ, &response);
    }
}

PpdevCounts PpdevPort::counts() const {
    PpdevCounts c;
    c.wakeups = wakeups_.load(std::memory_order_relaxed);
    c.interrupts = interrupts_.load(std::memory_order_relaxed);
    c.coalesced = coalesced_.load(std::memory_order_relaxed);
    c.spurious = spurious_.load(std::memory_order_relaxed);
    c.delivered = delivered_.load(std::memory_order_relaxed);
    c.pulses = pulses_.load(std::memory_order_relaxed);
    c.io_errors = io_errors_.load(std::memory_order_relaxed);
    return c;
}

void PpdevPort::interruptThreadMain() {
    hwbridge::nameThisThread("ppdev-irq");
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
        if (fds[0].revents & (POLLERR | POLLHUP | POLLNVAL)) {
            io_errors_.fetch_add(1, std::memory_order_relaxed);
            return;
        }
        handleWakeup();
    }
}

// One wake-up: how many interrupts it stands for, the acknowledge, then the driver.
void PpdevPort::handleWakeup() noexcept {
    const std::int64_t t_arrive = hwbridge::monotonicNowNs();
    int count = 0;
    if (!ioctlOk(PPCLRIRQ, &count) || count <= 0) {
        return;
    }
    std::uint8_t status = 0;
    ioctlOk(PPRSTATUS, &status);
    if (options_.respond_on_interrupt) {
        armResponse();
    }
    auto bump = [](std::atomic<std::uint64_t>& counter, std::uint64_t by) {
        counter.store(counter.load(std::memory_order_relaxed) + by, std::memory_order_relaxed);
    };
    bump(wakeups_, 1);
    bump(interrupts_, static_cast<std::uint64_t>(count));
    bump(coalesced_, static_cast<std::uint64_t>(count - 1));

    const std::uint64_t stimulus = last_pulse_.load(std::memory_order_acquire);
    const bool fresh = stimulus > last_handled_.load(std::memory_order_relaxed);
    InterruptEdge edge;
    edge.sequence = fresh ? stimulus : 0;
    edge.t_edge_ns = fresh ? last_pulse_edge_ns_.load(std::memory_order_relaxed) : 0;
    edge.t_due_ns = fresh ? last_pulse_due_ns_.load(std::memory_order_relaxed) : 0;
    edge.t_arrive_ns = t_arrive;
    sink_gate_.enter();
    if (InterruptSink* sink = sink_.load(std::memory_order_acquire)) {
        sink->onInterrupt(edge);
        bump(delivered_, 1);
    }
    sink_gate_.exit();
    if (fresh) {
        last_handled_.store(stimulus, std::memory_order_release);
    } else {
        bump(spurious_, 1);
    }
}

}  // namespace driver
