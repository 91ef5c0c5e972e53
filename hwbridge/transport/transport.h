// How the host side reaches a fixture: vendor control transfers on endpoint 0 and a stream of
// interrupt-IN reports. Implemented by the libusb transport and by the virtual fixture, so that
// everything above it runs unchanged on either.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "wire.h"

namespace hwbridge {

enum class TransferStatus : std::uint8_t { Ok, Timeout, Stall, NoDevice, Error };

constexpr std::string_view transferStatusText(TransferStatus status) {
    switch (status) {
        case TransferStatus::Ok:
            return "ok";
        case TransferStatus::Timeout:
            return "timed out";
        case TransferStatus::Stall:
            return "stalled";
        case TransferStatus::NoDevice:
            return "no device (unplugged)";
        case TransferStatus::Error:
            return "transfer error";
    }
    return "?";
}

struct TransferResult {
    TransferStatus status = TransferStatus::Error;
    std::size_t length = 0;  // bytes transferred in the data stage
};

struct DeviceIdentity {
    std::string serial;
    std::uint16_t vendor_id = 0;
    std::uint16_t product_id = 0;
    std::string bus_speed;  // "full", "high", or the virtual fixture's bus model
    bool is_virtual = false;
    std::string location;  // "bus 1 port 3", or "virtual"
};

// What became of the control OUT requests issued from interrupt level (submitControlOut).
struct AsyncControlCounts {
    std::uint64_t submitted = 0;  // handed to the bus
    std::uint64_t completed = 0;  // acknowledged by the fixture
    std::uint64_t failed = 0;     // stalled, timed out or cut off by an unplug
    std::uint64_t refused = 0;    // never issued: no room for another, no device, or (libusb)
                                  // not called from the report thread
};

// Receives the report stream, on the transport's event thread.
class ReportSink {
public:
    // One interrupt-IN transfer's bytes, and the host time its completion was seen.
    virtual void onReport(std::span<const std::uint8_t> packet,
                          std::int64_t t_arrive_ns) noexcept = 0;
    // The records such a packet decodes to, from a transport whose device is a model in this
    // process with no bytes in between (the virtual fixture without a fault plan). Decoding is the
    // USB link's work, not the interrupt's: a host that is told of an edge by a wake-up alone does
    // none, and neither does this path.
    virtual void onRecords(std::span<const wire::EventRecord> records,
                           std::int64_t t_arrive_ns) noexcept = 0;
    // A transfer on the report endpoint failed (timeout, stall). The transport recovers by itself.
    virtual void onReportError(TransferStatus status) noexcept = 0;
    // The device went away (unplug) / came back (re-attach, same serial).
    virtual void onDeviceGone() noexcept = 0;
    virtual void onDeviceBack() noexcept = 0;

protected:
    ~ReportSink() = default;
};

class Transport {
public:
    virtual ~Transport() = default;

    virtual DeviceIdentity identity() const = 0;
    virtual TransferResult controlIn(wire::Request request, std::uint16_t value,
                                     std::uint16_t index, std::span<std::uint8_t> data) = 0;
    virtual TransferResult controlOut(wire::Request request, std::uint16_t value,
                                      std::uint16_t index, std::span<const std::uint8_t> data) = 0;
    // Port access from interrupt level (a USB bridge's way, uss720's async register writes): a
    // control OUT request with no data stage, issued without waiting for it, only from inside
    // ReportSink::onReport or onRecords (the report thread). The transport completes it from its
    // own event loop, in the order issued; false if it was refused. Never waits for the bus.
    virtual bool submitControlOut(wire::Request request, std::uint16_t value,
                                  std::uint16_t index) noexcept = 0;
    virtual AsyncControlCounts asyncControlCounts() const = 0;
    // Reports go to `sink` from now on (nullptr: nowhere). Returns when no call into the previous
    // sink is in flight.
    virtual void setReportSink(ReportSink* sink) = 0;
};

}  // namespace hwbridge
