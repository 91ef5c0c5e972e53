#include "libusb_transport.h"

#include <time.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <utility>

#include "monotonic_clock.h"
#include "thread_name.h"
#include "usb_device_facts.h"

namespace hwbridge {
namespace {

constexpr int kInterface = 0;
constexpr auto kDrainLimit = std::chrono::seconds(2);

std::string vidPid(std::uint16_t product_id) {
    char text[16];
    std::snprintf(text, sizeof text, "%04x:%04x", wire::kVendorId, product_id);
    return text;
}

TransferStatus statusOf(libusb_transfer_status status) {
    switch (status) {
        case LIBUSB_TRANSFER_COMPLETED:
            return TransferStatus::Ok;
        case LIBUSB_TRANSFER_TIMED_OUT:
            return TransferStatus::Timeout;
        case LIBUSB_TRANSFER_STALL:
            return TransferStatus::Stall;
        case LIBUSB_TRANSFER_NO_DEVICE:
            return TransferStatus::NoDevice;
        default:
            return TransferStatus::Error;
    }
}

}  // namespace

struct LibusbTransport::Tally {
    std::atomic<std::uint64_t> reports{0};
    std::atomic<std::uint64_t> report_errors{0};
    std::atomic<std::uint64_t> stalls_cleared{0};
    std::atomic<std::uint64_t> control_timeouts{0};
    std::atomic<std::uint64_t> removals{0};
    std::atomic<std::uint64_t> reattachments{0};
    std::atomic<std::uint64_t> foreign_arrivals{0};
    std::atomic<std::uint64_t> controls_submitted{0};
    std::atomic<std::uint64_t> controls_completed{0};
    std::atomic<std::uint64_t> controls_failed{0};
    std::atomic<std::uint64_t> controls_refused{0};

    static void up(std::atomic<std::uint64_t>& counter) {
        counter.fetch_add(1, std::memory_order_relaxed);
    }
};

// The transfers of one opened handle. Each report transfer is resubmitted from its own
// completion callback; the control transfers for interrupt-level port access come from a fixed
// pool that only the event thread takes from and gives back to. `in_flight` counts both, and only
// falls when a transfer is done with (a control completed, a report given up: unplug, cancel,
// shutdown).
struct LibusbTransport::Stream {
    LibusbTransport* owner = nullptr;
    libusb_device_handle* handle = nullptr;
    std::vector<libusb_transfer*> transfers;
    std::vector<std::vector<unsigned char>> buffers;
    std::vector<libusb_transfer*> controls;
    std::vector<std::array<unsigned char, LIBUSB_CONTROL_SETUP_SIZE>> setups;
    std::vector<libusb_transfer*> idle_controls;  // event thread only
    std::atomic<int> in_flight{0};

    Stream(LibusbTransport* transport, libusb_device_handle* opened, int count, int packet_size,
           int control_count)
        : owner(transport), handle(opened), setups(static_cast<std::size_t>(control_count)) {
        for (int i = 0; i < count; ++i) {
            buffers.emplace_back(static_cast<std::size_t>(packet_size));
            libusb_transfer* transfer = libusb_alloc_transfer(0);
            libusb_fill_interrupt_transfer(transfer, handle, wire::kEventEndpoint,
                                           buffers.back().data(), packet_size,
                                           &LibusbTransport::onTransferDone, this, 0);
            transfers.push_back(transfer);
        }
        for (auto& setup : setups) {
            libusb_transfer* transfer = libusb_alloc_transfer(0);
            transfer->buffer = setup.data();
            controls.push_back(transfer);
        }
        idle_controls = controls;
    }
    ~Stream() {
        for (libusb_transfer* transfer : transfers) {
            libusb_free_transfer(transfer);
        }
        for (libusb_transfer* transfer : controls) {
            libusb_free_transfer(transfer);  // not its buffer: no FREE_BUFFER flag
        }
    }
    int submit(libusb_transfer* transfer) {
        in_flight.fetch_add(1);
        const int result = libusb_submit_transfer(transfer);
        if (result != 0) {
            in_flight.fetch_sub(1);
        }
        return result;
    }
};

// ---- opening and closing ----------------------------------------------------------------------

std::unique_ptr<LibusbTransport> LibusbTransport::open(const LibusbTransportOptions& options,
                                                       std::string& error) {
    libusb_context* context = nullptr;
    if (const int result = libusb_init(&context); result != 0) {
        error = std::string("libusb: ") + libusb_strerror(result);
        return nullptr;
    }
    std::unique_ptr<LibusbTransport> transport(new LibusbTransport(context, options));

    libusb_device** list = nullptr;
    const ssize_t count = libusb_get_device_list(context, &list);
    error = "no fixture " + vidPid(options.product_id) + " on any USB bus";
    bool found = false;
    for (ssize_t i = 0; i < count && !found; ++i) {
        libusb_device_descriptor descriptor{};
        if (libusb_get_device_descriptor(list[i], &descriptor) == 0 &&
            descriptor.idVendor == wire::kVendorId && descriptor.idProduct == options.product_id) {
            const Attach attached = transport->attach(list[i], error);
            if (attached == Attach::GoneAtOnce) {
                transport->detach();
                error = "the fixture went away while it was being opened";
            }
            found = attached == Attach::Attached;
        }
    }
    if (count >= 0) {
        libusb_free_device_list(list, 1);
    }
    if (!found) {
        return nullptr;
    }
    error.clear();

    transport->has_hotplug_ = libusb_has_capability(LIBUSB_CAP_HAS_HOTPLUG) != 0;
    if (transport->has_hotplug_) {
        const int result = libusb_hotplug_register_callback(
            context, LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED | LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT,
            LIBUSB_HOTPLUG_NO_FLAGS, wire::kVendorId, options.product_id, LIBUSB_HOTPLUG_MATCH_ANY,
            &LibusbTransport::onHotplug, transport.get(), &transport->hotplug_);
        transport->has_hotplug_ = result == 0;
    }
    return transport;
}

LibusbTransport::LibusbTransport(libusb_context* context, LibusbTransportOptions options)
    : options_(std::move(options)),
      context_(context),
      serial_(options_.serial),
      tally_(std::make_unique<Tally>()) {
    event_thread_ = std::thread([this] { runEvents(); });
    attacher_thread_ = std::thread([this] { runAttacher(); });
}

// Order matters: no more re-attach, no more hotplug, then the transfers drained while the event
// thread still runs, then the event thread, then libusb.
LibusbTransport::~LibusbTransport() {
    stopping_.store(true);
    {
        std::lock_guard lock(attacher_mutex_);
        attacher_wake_.notify_all();
    }
    attacher_thread_.join();
    if (has_hotplug_) {
        libusb_hotplug_deregister_callback(context_, hotplug_);
    }
    detach();
    {
        // A hotplug callback already running on the event thread may still be adding one.
        std::lock_guard lock(attacher_mutex_);
        for (libusb_device* device : arrivals_) {
            libusb_unref_device(device);
        }
        arrivals_.clear();
    }
    events_stop_.store(true);
    libusb_interrupt_event_handler(context_);
    event_thread_.join();
    libusb_exit(context_);
}

// Opens `device` and starts its report stream. GoneAtOnce: it was unplugged before the stream
// could start; the caller detaches it (no sink is told: it never came back).
LibusbTransport::Attach LibusbTransport::attach(libusb_device* device, std::string& error) {
    libusb_device_handle* handle = nullptr;
    if (const int result = libusb_open(device, &handle); result != 0) {
        error = usbOpenProblem(result);
        return Attach::Failed;
    }
    libusb_set_auto_detach_kernel_driver(handle, 1);  // not supported everywhere: best effort
    libusb_device_descriptor descriptor{};
    libusb_get_device_descriptor(device, &descriptor);
    DeviceIdentity identity = usbIdentity(handle, descriptor);
    const int packet_size = libusb_get_max_packet_size(device, wire::kEventEndpoint);
    if (!serial_.empty() && identity.serial != serial_) {
        error = "fixture serial '" + identity.serial + "' is not '" + serial_ + "'";
        libusb_close(handle);
        Tally::up(tally_->foreign_arrivals);
        return Attach::Failed;
    }
    if (packet_size <= 0) {
        error = "the device has no report endpoint 0x81: not a fixture";
        libusb_close(handle);
        return Attach::Failed;
    }
    if (const int result = libusb_claim_interface(handle, kInterface); result != 0) {
        error = std::string("cannot claim the fixture's interface: ") + libusb_strerror(result);
        libusb_close(handle);
        return Attach::Failed;
    }
    auto stream = std::make_unique<Stream>(this, handle, options_.reports_in_flight, packet_size,
                                           options_.interrupt_level_controls);
    Stream* const started = stream.get();
    {
        std::unique_lock lock(handle_mutex_);
        handle_ = handle;
        identity_ = std::move(identity);
        serial_ = identity_.serial;
        stream_ = std::move(stream);
        current_device_.store(device);
    }
    attached_.store(true, std::memory_order_release);
    for (libusb_transfer* transfer : started->transfers) {
        if (const int result = started->submit(transfer); result == LIBUSB_ERROR_NO_DEVICE) {
            attached_.store(false, std::memory_order_release);
            return Attach::GoneAtOnce;
        }
    }
    return Attach::Attached;
}

// Gives up the opened handle: cancels what is in flight, waits for the last completion (the event
// thread is still running), then releases and closes.
void LibusbTransport::detach() {
    std::unique_ptr<Stream> stream;
    libusb_device_handle* handle = nullptr;
    {
        std::unique_lock lock(handle_mutex_);
        stream = std::move(stream_);
        handle = std::exchange(handle_, nullptr);
        current_device_.store(nullptr);
    }
    attached_.store(false, std::memory_order_release);
    if (handle == nullptr) {
        return;
    }
    for (auto* transfers : {&stream->transfers, &stream->controls}) {
        for (libusb_transfer* transfer : *transfers) {
            libusb_cancel_transfer(transfer);  // NOT_FOUND for those not in flight: fine
        }
    }
    waitForStreamIdle(*stream);
    if (stream->in_flight.load() != 0) {
        // A transfer libusb never completed: freeing it would be a use after free. Keep it.
        static_cast<void>(stream.release());
    }
    libusb_release_interface(handle, kInterface);
    libusb_close(handle);
}

void LibusbTransport::waitForStreamIdle(Stream& stream) {
    std::unique_lock lock(attacher_mutex_);
    attacher_wake_.wait_for(lock, kDrainLimit, [&] { return stream.in_flight.load() == 0; });
}

// ---- endpoint 0 -------------------------------------------------------------------------------

DeviceIdentity LibusbTransport::identity() const {
    std::shared_lock lock(handle_mutex_);
    return identity_;
}

TransferResult LibusbTransport::controlIn(wire::Request request, std::uint16_t value,
                                          std::uint16_t index, std::span<std::uint8_t> data) {
    return control(wire::kRequestTypeIn, request, value, index, data.data(),
                   static_cast<std::uint16_t>(data.size()));
}

TransferResult LibusbTransport::controlOut(wire::Request request, std::uint16_t value,
                                           std::uint16_t index,
                                           std::span<const std::uint8_t> data) {
    // libusb takes a non-const buffer for both directions; an OUT transfer only reads it.
    return control(wire::kRequestTypeOut, request, value, index,
                   const_cast<std::uint8_t*>(data.data()), static_cast<std::uint16_t>(data.size()));
}

namespace {

// One control transfer a caller waits for. Not libusb's synchronous call: that one lets the
// waiting thread handle events itself, and the report callbacks (and with them the ISRs) would
// then run on whatever thread asked for a register, not on the event thread. Here only the
// event thread completes it; a caller that gives up leaves it to the callback to free.
struct WaitedControl {
    std::mutex mutex;
    std::condition_variable done_cv;
    bool done = false;
    bool abandoned = false;
    libusb_transfer* transfer = nullptr;
    std::vector<unsigned char> buffer;  // setup packet, then the data stage

    static void LIBUSB_CALL onDone(libusb_transfer* transfer) {
        auto* call = static_cast<WaitedControl*>(transfer->user_data);
        bool abandoned = false;
        {
            std::lock_guard lock(call->mutex);
            call->done = true;
            abandoned = call->abandoned;
            call->done_cv.notify_all();
        }
        if (abandoned) {
            libusb_free_transfer(transfer);
            delete call;
        }
    }
};

// How long past the transfer's own timeout a caller waits for the event thread to report it.
constexpr auto kEventThreadGrace = std::chrono::seconds(2);

}  // namespace

// An unplug seen here is not acted on: the report stream and hotplug tell it from the event
// thread, never from inside a caller that may hold locks of its own.
TransferResult LibusbTransport::control(std::uint8_t request_type, wire::Request request,
                                        std::uint16_t value, std::uint16_t index,
                                        unsigned char* data, std::uint16_t length) {
    std::shared_lock lock(handle_mutex_);
    if (handle_ == nullptr || !attached()) {
        return {TransferStatus::NoDevice, 0};
    }
    auto call = std::make_unique<WaitedControl>();
    call->buffer.resize(LIBUSB_CONTROL_SETUP_SIZE + length);
    libusb_fill_control_setup(call->buffer.data(), request_type, static_cast<std::uint8_t>(request),
                              value, index, length);
    const bool in = (request_type & LIBUSB_ENDPOINT_IN) != 0;
    if (!in && length > 0) {
        std::memcpy(call->buffer.data() + LIBUSB_CONTROL_SETUP_SIZE, data, length);
    }
    call->transfer = libusb_alloc_transfer(0);
    libusb_fill_control_transfer(call->transfer, handle_, call->buffer.data(),
                                 &WaitedControl::onDone, call.get(), options_.control_timeout_ms);
    if (const int result = libusb_submit_transfer(call->transfer); result != 0) {
        libusb_free_transfer(call->transfer);
        return {transferStatusFromLibusbError(result), 0};
    }
    std::unique_lock wait(call->mutex);
    const auto limit = std::chrono::milliseconds(options_.control_timeout_ms) + kEventThreadGrace;
    if (!call->done_cv.wait_for(wait, limit, [&] { return call->done; })) {
        // The event thread is stuck: cancel (completed later, by that thread) and let go.
        libusb_cancel_transfer(call->transfer);
        call->abandoned = true;
        static_cast<void>(call.release());  // the callback frees it, after this unlocks
        Tally::up(tally_->control_timeouts);
        return {TransferStatus::Timeout, 0};
    }
    const TransferStatus status = statusOf(call->transfer->status);
    const auto transferred = static_cast<std::size_t>(call->transfer->actual_length);
    if (status == TransferStatus::Ok && in && transferred > 0) {
        std::memcpy(data, call->buffer.data() + LIBUSB_CONTROL_SETUP_SIZE, transferred);
    }
    wait.unlock();
    libusb_free_transfer(call->transfer);
    if (status == TransferStatus::Timeout) {
        Tally::up(tally_->control_timeouts);
    }
    return {status, status == TransferStatus::Ok ? transferred : 0};
}

// ---- the report stream (event thread) ---------------------------------------------------------

thread_local LibusbTransport::Stream* LibusbTransport::t_dispatching_ = nullptr;

void LibusbTransport::transferGivenUp(Stream& stream) {
    std::lock_guard lock(stream.owner->attacher_mutex_);
    stream.in_flight.fetch_sub(1);
    stream.owner->attacher_wake_.notify_all();
}

void LIBUSB_CALL LibusbTransport::onTransferDone(libusb_transfer* transfer) {
    auto* stream = static_cast<Stream*>(transfer->user_data);
    if (!stream->owner->handleReport(*stream, transfer)) {
        transferGivenUp(*stream);
    }
}

// Event thread only: the sink's gate for this thread.
void LibusbTransport::tellSink(auto&& call) {
    event_gate_.enter();
    if (ReportSink* sink = sink_.load(std::memory_order_acquire)) {
        call(*sink);
    }
    event_gate_.exit();
}

bool LibusbTransport::handleReport(Stream& stream, libusb_transfer* transfer) {
    switch (transfer->status) {
        case LIBUSB_TRANSFER_COMPLETED: {
            const std::int64_t t_arrive_ns = monotonicNowNs();
            Tally::up(tally_->reports);
            t_dispatching_ = &stream;
            tellSink([&](ReportSink& sink) {
                sink.onReport({transfer->buffer, static_cast<std::size_t>(transfer->actual_length)},
                              t_arrive_ns);
            });
            t_dispatching_ = nullptr;
            break;
        }
        case LIBUSB_TRANSFER_NO_DEVICE:
            deviceGone();
            return false;
        case LIBUSB_TRANSFER_CANCELLED:
            return false;
        default: {
            Tally::up(tally_->report_errors);
            tellSink([&](ReportSink& sink) { sink.onReportError(statusOf(transfer->status)); });
            // A halted endpoint stays halted until the host clears it; this is a plain ioctl on
            // Linux, not a transfer, so it is safe from the event thread.
            if (transfer->status == LIBUSB_TRANSFER_STALL &&
                libusb_clear_halt(transfer->dev_handle, wire::kEventEndpoint) == 0) {
                Tally::up(tally_->stalls_cleared);
            }
            break;
        }
    }
    return resubmit(transfer);
}

bool LibusbTransport::resubmit(libusb_transfer* transfer) {
    if (stopping_.load() || !attached()) {
        return false;
    }
    const int result = libusb_submit_transfer(transfer);
    if (result == LIBUSB_ERROR_NO_DEVICE) {
        deviceGone();
    } else if (result != 0) {
        Tally::up(tally_->report_errors);
    }
    return result == 0;
}

// Once per unplug, from whichever of NO_DEVICE or hotplug LEFT comes first (event thread).
void LibusbTransport::deviceGone() {
    if (!attached_.exchange(false)) {
        return;
    }
    Tally::up(tally_->removals);
    tellSink([](ReportSink& sink) { sink.onDeviceGone(); });
    std::lock_guard lock(attacher_mutex_);
    gone_pending_ = true;
    attacher_wake_.notify_all();
}

// ---- port access from interrupt level (event thread) ------------------------------------------

// Takes a control transfer from the pool and submits it; the pool is the event thread's alone,
// so no lock. The kernel queues control URBs on endpoint 0 in order of submission.
bool LibusbTransport::submitControlOut(wire::Request request, std::uint16_t value,
                                       std::uint16_t index) noexcept {
    Stream* stream = t_dispatching_;
    if (stream == nullptr || stream->owner != this || stream->idle_controls.empty() ||
        stopping_.load() || !attached()) {
        Tally::up(tally_->controls_refused);
        return false;
    }
    libusb_transfer* transfer = stream->idle_controls.back();
    stream->idle_controls.pop_back();
    libusb_fill_control_setup(transfer->buffer, wire::kRequestTypeOut,
                              static_cast<std::uint8_t>(request), value, index, 0);
    libusb_fill_control_transfer(transfer, stream->handle, transfer->buffer,
                                 &LibusbTransport::onControlDone, stream,
                                 options_.control_timeout_ms);
    if (stream->submit(transfer) != 0) {
        stream->idle_controls.push_back(transfer);  // an unplug: the report stream tells it
        Tally::up(tally_->controls_refused);
        return false;
    }
    Tally::up(tally_->controls_submitted);
    return true;
}

void LIBUSB_CALL LibusbTransport::onControlDone(libusb_transfer* transfer) {
    auto* stream = static_cast<Stream*>(transfer->user_data);
    Tally& tally = *stream->owner->tally_;
    Tally::up(transfer->status == LIBUSB_TRANSFER_COMPLETED ? tally.controls_completed
                                                            : tally.controls_failed);
    stream->idle_controls.push_back(transfer);
    transferGivenUp(*stream);
}

AsyncControlCounts LibusbTransport::asyncControlCounts() const {
    return {tally_->controls_submitted.load(std::memory_order_relaxed),
            tally_->controls_completed.load(std::memory_order_relaxed),
            tally_->controls_failed.load(std::memory_order_relaxed),
            tally_->controls_refused.load(std::memory_order_relaxed)};
}

int LIBUSB_CALL LibusbTransport::onHotplug(libusb_context*, libusb_device* device,
                                           libusb_hotplug_event event, void* user_data) {
    auto* self = static_cast<LibusbTransport*>(user_data);
    if (event == LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT) {
        if (device == self->current_device_.load()) {
            self->deviceGone();
        }
        return 0;
    }
    // Opening is not done here: libusb_open and the control transfers that follow must not run
    // inside the event handler. The attacher thread does it.
    std::lock_guard lock(self->attacher_mutex_);
    self->arrivals_.push_back(libusb_ref_device(device));
    self->attacher_wake_.notify_all();
    return 0;
}

void LibusbTransport::runEvents() {
    hwbridge::nameThisThread("usb-events");
    while (!events_stop_.load()) {
        timeval timeout{0, 100'000};
        libusb_handle_events_timeout_completed(context_, &timeout, nullptr);
    }
}

// ---- re-attach (attacher thread) --------------------------------------------------------------

void LibusbTransport::runAttacher() {
    hwbridge::nameThisThread("usb-attacher");
    std::unique_lock lock(attacher_mutex_);
    while (true) {
        attacher_wake_.wait(
            lock, [&] { return stopping_.load() || gone_pending_ || !arrivals_.empty(); });
        if (stopping_.load()) {
            return;
        }
        if (gone_pending_) {
            gone_pending_ = false;
            lock.unlock();
            detach();
            lock.lock();
            continue;
        }
        libusb_device* device = arrivals_.front();
        arrivals_.erase(arrivals_.begin());
        lock.unlock();
        std::string error;
        const Attach attached_now = attached() ? Attach::Failed : attach(device, error);
        if (attached_now == Attach::Attached) {
            Tally::up(tally_->reattachments);
            attacher_gate_.enter();
            if (ReportSink* sink = sink_.load(std::memory_order_acquire)) {
                sink->onDeviceBack();
            }
            attacher_gate_.exit();
        } else if (attached_now == Attach::GoneAtOnce) {
            detach();
        }
        libusb_unref_device(device);
        lock.lock();
    }
}

// ---- sink and counts ----------------------------------------------------------------------------

void LibusbTransport::setReportSink(ReportSink* sink) {
    sink_.store(sink, std::memory_order_release);
    event_gate_.synchronize();
    attacher_gate_.synchronize();
}

LibusbTransportCounts LibusbTransport::counts() const {
    const auto read = [](const std::atomic<std::uint64_t>& counter) {
        return counter.load(std::memory_order_relaxed);
    };
    return {read(tally_->reports),         read(tally_->report_errors),
            read(tally_->stalls_cleared),  read(tally_->control_timeouts),
            read(tally_->removals),        read(tally_->reattachments),
            read(tally_->foreign_arrivals)};
}

}  // namespace hwbridge
