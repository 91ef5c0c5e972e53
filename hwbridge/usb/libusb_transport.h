// A real fixture over libusb-1.0: vendor control transfers on endpoint 0 (a caller waits for
// each; from interrupt level they are not waited for and come out of a fixed pool) and the report
// stream as several asynchronous interrupt-IN transfers kept in flight by an event thread. That
// thread alone handles libusb's events, so every completion, and with it every report and ISR,
// runs there: a waiting caller never handles events itself, as libusb's synchronous calls would.
// Recovers by itself from a stalled report endpoint; an unplug (NO_DEVICE, or hotplug LEFT) is told
// to the sink once, and the same fixture (same serial) plugged back is re-opened off the event
// thread and told to the sink as onDeviceBack.
#pragma once

#include <libusb.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>
#include <vector>

#include "interrupt_gate.h"
#include "transport.h"
#include "wire.h"

namespace hwbridge {

struct LibusbTransportOptions {
    std::uint16_t product_id = wire::kDefaultProductId;
    std::string serial;         // empty: the first fixture found
    int reports_in_flight = 4;  // interrupt-IN transfers queued at once
    unsigned control_timeout_ms = 500;
    int interrupt_level_controls = 16;  // control OUT transfers from interrupt level at once
};

struct LibusbTransportCounts {
    std::uint64_t reports = 0;         // interrupt-IN transfers completed with data
    std::uint64_t report_errors = 0;   // failed report transfers (stall, error), each resubmitted
    std::uint64_t stalls_cleared = 0;  // CLEAR_FEATURE(HALT) sent on the report endpoint
    std::uint64_t control_timeouts = 0;
    std::uint64_t removals = 0;          // the device went away
    std::uint64_t reattachments = 0;     // the same fixture came back and was re-opened
    std::uint64_t foreign_arrivals = 0;  // a fixture with another serial arrived: left alone
};

class LibusbTransport final : public Transport {
public:
    // Opens the fixture and starts the report stream; nullptr and `error` in words on failure.
    static std::unique_ptr<LibusbTransport> open(const LibusbTransportOptions& options,
                                                 std::string& error);
    ~LibusbTransport() override;
    LibusbTransport(const LibusbTransport&) = delete;
    LibusbTransport& operator=(const LibusbTransport&) = delete;

    DeviceIdentity identity() const override;
    TransferResult controlIn(wire::Request request, std::uint16_t value, std::uint16_t index,
                             std::span<std::uint8_t> data) override;
    TransferResult controlOut(wire::Request request, std::uint16_t value, std::uint16_t index,
                              std::span<const std::uint8_t> data) override;
    // From inside ReportSink::onReport only (the event thread); see Transport.
    bool submitControlOut(wire::Request request, std::uint16_t value,
                          std::uint16_t index) noexcept override;
    AsyncControlCounts asyncControlCounts() const override;
    // Not to be called from inside a sink callback.
    void setReportSink(ReportSink* sink) override;

    bool attached() const { return attached_.load(std::memory_order_acquire); }
    LibusbTransportCounts counts() const;

private:
    struct Stream;  // the in-flight transfers of one opened handle
    struct Tally;   // the counts, as atomics: the event thread counts without a lock
    enum class Attach : std::uint8_t { Failed, Attached, GoneAtOnce };

    // The stream whose report the event thread is handing to the sink right now: where control
    // transfers from interrupt level go, and proof that they are issued from there.
    static thread_local Stream* t_dispatching_;

    LibusbTransport(libusb_context* context, LibusbTransportOptions options);
    Attach attach(libusb_device* device, std::string& error);
    void detach();
    void waitForStreamIdle(Stream& stream);
    TransferResult control(std::uint8_t request_type, wire::Request request, std::uint16_t value,
                           std::uint16_t index, unsigned char* data, std::uint16_t length);

    static void LIBUSB_CALL onTransferDone(libusb_transfer* transfer);
    static void LIBUSB_CALL onControlDone(libusb_transfer* transfer);
    static void transferGivenUp(Stream& stream);
    static int LIBUSB_CALL onHotplug(libusb_context* context, libusb_device* device,
                                     libusb_hotplug_event event, void* self);
    bool handleReport(Stream& stream, libusb_transfer* transfer);  // true: resubmitted
    void tellSink(auto&& call);
    bool resubmit(libusb_transfer* transfer);
    void deviceGone();
    void runEvents();
    void runAttacher();

    const LibusbTransportOptions options_;
    libusb_context* const context_;

    // The opened device. Control transfers hold it shared; only the attacher replaces it.
    mutable std::shared_mutex handle_mutex_;
    libusb_device_handle* handle_ = nullptr;
    DeviceIdentity identity_;
    std::unique_ptr<Stream> stream_;

    std::atomic<libusb_device*> current_device_{nullptr};  // for hotplug LEFT, lock-free
    std::string serial_;  // the fixture this transport belongs to; re-attach only to it
    std::atomic<bool> attached_{false};
    std::atomic<bool> stopping_{false};     // no more re-attach, no more resubmits
    std::atomic<bool> events_stop_{false};  // the event thread's own stop, last of all

    // Sink calls come from two threads, the event thread (reports, errors, removal) and the
    // attacher (onDeviceBack, whose control transfers need the event thread to progress): one
    // gate for each, each with its one writer; setReportSink waits both out. No lock on the
    // report path that a caller of setReportSink could hold.
    std::atomic<ReportSink*> sink_{nullptr};
    InterruptGate event_gate_;
    InterruptGate attacher_gate_;

    // Work for the attacher thread: devices that arrived, a handle to close.
    std::mutex attacher_mutex_;
    std::condition_variable attacher_wake_;
    std::vector<libusb_device*> arrivals_;
    bool gone_pending_ = false;

    std::unique_ptr<Tally> tally_;

    libusb_hotplug_callback_handle hotplug_ = 0;
    bool has_hotplug_ = false;
    std::thread event_thread_;
    std::thread attacher_thread_;
};

}  // namespace hwbridge
