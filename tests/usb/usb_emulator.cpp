#include "usb_emulator.h"

#include <errno.h>
#include <linux/usbdevice_fs.h>
#include <sys/ioctl.h>
#include <umockdev.h>

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <limits>
#include <stdexcept>

#include "codec.h"

namespace usbtest {
namespace {

using hwbridge::TransferStatus;
namespace wire = hwbridge::wire;

constexpr std::size_t kSetupSize = 8;
constexpr std::uint64_t kEndless = std::numeric_limits<std::uint64_t>::max();

struct Setup {
    std::uint8_t request_type;
    std::uint8_t request;
    std::uint16_t value;
    std::uint16_t index;
    std::uint16_t length;
};

Setup readSetup(const unsigned char* bytes) {
    auto le16 = [&](int at) {
        return static_cast<std::uint16_t>(bytes[at] | (bytes[at + 1] << 8));
    };
    return {bytes[0], bytes[1], le16(2), le16(4), le16(6)};
}

std::string hex(const std::vector<std::uint8_t>& bytes) {
    std::string text;
    char pair[3];
    for (const std::uint8_t b : bytes) {
        std::snprintf(pair, sizeof pair, "%02x", b);
        text += pair;
    }
    return text;
}

gboolean onHandleIoctl(UMockdevIoctlBase*, UMockdevIoctlClient* client, gpointer self) {
    return static_cast<UsbEmulator*>(self)->handleIoctl(client) ? TRUE : FALSE;
}

usbdevfs_urb* urbOf(UMockdevIoctlData* data) {
    return reinterpret_cast<usbdevfs_urb*>(data->data);
}

}  // namespace

UsbEmulator::UsbEmulator(EmulatorOptions options)
    : options_(std::move(options)), model_(options_.model) {
    testbed_ = umockdev_testbed_new();
    handler_ = umockdev_ioctl_base_new();
    g_signal_connect_after(handler_, "handle-ioctl", G_CALLBACK(onHandleIoctl), this);
    model_.setEventQueue(this);
    model_.setStimulusRunner(this);
}

UsbEmulator::~UsbEmulator() {
    model_.setStimulusRunner(nullptr);
    model_.setEventQueue(nullptr);
    g_object_unref(handler_);
    g_object_unref(testbed_);
    std::lock_guard lock(mutex_);
    for (auto* list : {&answered_, &waiting_reports_, &silent_, &discarded_}) {
        for (UMockdevIoctlData* data : *list) {
            umockdev_ioctl_data_unref(data);
        }
    }
}

std::string UsbEmulator::deviceNode() const {
    char node[32];
    std::snprintf(node, sizeof node, "/dev/bus/usb/001/%03d", device_number_);
    return node;
}

std::string UsbEmulator::sysPath() const {
    return "/sys/devices/usb1/1-" + std::to_string(device_number_);
}

// Device, configuration, interface and endpoint descriptors as the kernel exposes them in sysfs.
void UsbEmulator::plug() {
    model_.powerOn();
    const std::uint16_t packet = options_.high_speed ? 512 : 64;
    const std::uint16_t bcd = options_.model.firmware_version;
    const std::vector<std::uint8_t> descriptors = {
        // device: USB 2.0, vendor class, EP0 64 bytes, VID/PID, bcdDevice, strings 1/2/3, 1 config
        18, 1, 0x00, 0x02, 0xFF, 0x00, 0x00, 64, wire::kVendorId & 0xFF, wire::kVendorId >> 8,
        static_cast<std::uint8_t>(options_.product_id & 0xFF),
        static_cast<std::uint8_t>(options_.product_id >> 8), static_cast<std::uint8_t>(bcd & 0xFF),
        static_cast<std::uint8_t>(bcd >> 8), 1, 2, 3, 1,
        // configuration: 1 interface, bus powered, 100 mA
        9, 2, 25, 0, 1, 1, 0, 0x80, 50,
        // interface 0: one endpoint, vendor class
        9, 4, 0, 0, 1, 0xFF, 0x00, 0x00, 0,
        // endpoint 0x81: interrupt IN, bInterval 1
        7, 5, wire::kEventEndpoint, 0x03, static_cast<std::uint8_t>(packet & 0xFF),
        static_cast<std::uint8_t>(packet >> 8), 1};
    {
        std::lock_guard lock(mutex_);
        present_ = true;
        halted_ = false;
        pending_edges_ = 0;  // a freshly powered fixture runs no train and holds no records
        records_.clear();
    }
    const std::string node = deviceNode();
    if (!umockdev_testbed_attach_ioctl(testbed_, node.c_str(), handler_, nullptr)) {
        throw std::runtime_error("umockdev: cannot attach the ioctl handler to " + node);
    }
    char number[8];
    std::snprintf(number, sizeof number, "%03d", device_number_);
    const std::string description =
        "P: /devices/usb1/1-" + std::to_string(device_number_) + "\n" + "N: bus/usb/001/" + number +
        "\n" + "E: SUBSYSTEM=usb\nE: DEVTYPE=usb_device\nE: DRIVER=usb\n" +
        "E: BUSNUM=001\nE: DEVNUM=" + number + "\nE: DEVNAME=" + node + "\n" +
        "A: busnum=1\\n\nA: devnum=" + std::to_string(device_number_) + "\\n\n" +
        "A: speed=" + (options_.high_speed ? "480" : "12") + "\\n\n" +
        "A: bConfigurationValue=1\\n\n" + "H: descriptors=" + hex(descriptors) + "\n";
    GError* error = nullptr;
    if (!umockdev_testbed_add_from_string(testbed_, description.c_str(), &error)) {
        const std::string message = error != nullptr ? error->message : "unknown error";
        g_clear_error(&error);
        throw std::runtime_error("umockdev: cannot add the fixture: " + message);
    }
}

void UsbEmulator::unplug() {
    {
        std::lock_guard lock(mutex_);
        present_ = false;  // from now on every URB fails with ENODEV
    }
    const std::string path = sysPath();
    umockdev_testbed_uevent(testbed_, path.c_str(), "remove");
    umockdev_testbed_remove_device(testbed_, path.c_str());
    umockdev_testbed_detach_ioctl(testbed_, deviceNode().c_str(), nullptr);
    ++device_number_;  // the next plug is a new device address, as on a real bus
}

void UsbEmulator::stallNextReport() {
    std::lock_guard lock(mutex_);
    stall_next_ = true;
}

void UsbEmulator::setControlSilent(bool silent) {
    std::lock_guard lock(mutex_);
    control_silent_ = silent;
}

EmulatorCounts UsbEmulator::counts() {
    std::lock_guard lock(mutex_);
    return counts_;
}

// ---- the device side of the model -----------------------------------------------------------

bool UsbEmulator::push(const wire::EventRecord& record, std::int64_t) noexcept {
    std::lock_guard lock(mutex_);
    if (records_.size() >= 4096) {
        return false;
    }
    records_.push_back(record);
    return true;
}

// Called by the model with its own lock held: only notes the train; edges are produced one per
// report the host asks for, which keeps the emulator deterministic.
bool UsbEmulator::start(const wire::StimulusBlock& stimulus) {
    std::lock_guard lock(mutex_);
    if (pending_edges_ != 0) {
        return false;
    }
    const bool endless = stimulus.mode != wire::StimulusMode::Single &&
                         stimulus.mode != wire::StimulusMode::Burst && stimulus.count == 0;
    pending_edges_ = endless                                       ? kEndless
                     : stimulus.mode == wire::StimulusMode::Single ? 1
                                                                   : stimulus.count;
    return true;
}

void UsbEmulator::stop() {
    std::lock_guard lock(mutex_);
    pending_edges_ = 0;
}

// ---- usbdevfs --------------------------------------------------------------------------------

bool UsbEmulator::handleIoctl(UMockdevIoctlClient* client) {
    const unsigned long request = umockdev_ioctl_client_get_request(client);
    switch (request) {
        case USBDEVFS_GET_CAPABILITIES: {
            UMockdevIoctlData* caps = umockdev_ioctl_data_resolve(
                umockdev_ioctl_client_get_arg(client), 0, sizeof(std::uint32_t), nullptr);
            const std::uint32_t value = USBDEVFS_CAP_ZERO_PACKET | USBDEVFS_CAP_BULK_CONTINUATION |
                                        USBDEVFS_CAP_NO_PACKET_SIZE_LIM |
                                        USBDEVFS_CAP_REAP_AFTER_DISCONNECT;
            std::memcpy(caps->data, &value, sizeof value);
            umockdev_ioctl_client_complete(client, 0, 0);
            umockdev_ioctl_data_unref(caps);
            return true;
        }
        case USBDEVFS_CLEAR_HALT: {
            std::lock_guard lock(mutex_);
            halted_ = false;
            ++counts_.clear_halts;
            umockdev_ioctl_client_complete(client, 0, 0);
            return true;
        }
        case USBDEVFS_CLAIMINTERFACE:
        case USBDEVFS_RELEASEINTERFACE:
        case USBDEVFS_SETINTERFACE:
        case USBDEVFS_SETCONFIGURATION:
        case USBDEVFS_RESET:
        case USBDEVFS_RESETEP:
        case USBDEVFS_DISCONNECT_CLAIM:
            umockdev_ioctl_client_complete(client, 0, 0);
            return true;
        case USBDEVFS_GETDRIVER:
        case USBDEVFS_IOCTL:
            umockdev_ioctl_client_complete(client, -1, ENODATA);  // no kernel driver bound
            return true;
        case USBDEVFS_SUBMITURB:
            submit(client);
            return true;
        case USBDEVFS_REAPURB:
        case USBDEVFS_REAPURBNDELAY:
            reap(client);
            return true;
        case USBDEVFS_DISCARDURB:
            discard(client);
            return true;
        default:
            return false;
    }
}

void UsbEmulator::submit(UMockdevIoctlClient* client) {
    UMockdevIoctlData* urb_data = umockdev_ioctl_data_resolve(umockdev_ioctl_client_get_arg(client),
                                                              0, sizeof(usbdevfs_urb), nullptr);
    usbdevfs_urb* urb = urbOf(urb_data);
    // Resolving the buffer makes umockdev copy it both ways; `urb->buffer` then points at the copy.
    UMockdevIoctlData* buffer = umockdev_ioctl_data_resolve(
        urb_data, offsetof(usbdevfs_urb, buffer), static_cast<gsize>(urb->buffer_length), nullptr);
    std::unique_lock lock(mutex_);
    if (!present_) {
        ++counts_.urbs_failed_no_device;
        lock.unlock();
        umockdev_ioctl_client_complete(client, -1, ENODEV);
        umockdev_ioctl_data_unref(buffer);
        umockdev_ioctl_data_unref(urb_data);
        return;
    }
    if (urb->type == USBDEVFS_URB_TYPE_CONTROL && !control_silent_) {
        lock.unlock();
        answerControl(urb_data);
        lock.lock();
        answered_.push_back(urb_data);
    } else if (urb->type == USBDEVFS_URB_TYPE_CONTROL) {
        silent_.push_back(urb_data);
    } else if (urb->type == USBDEVFS_URB_TYPE_INTERRUPT && urb->endpoint == wire::kEventEndpoint) {
        waiting_reports_.push_back(urb_data);
        counts_.max_interrupt_urbs_in_flight = std::max(counts_.max_interrupt_urbs_in_flight,
                                                        static_cast<int>(waiting_reports_.size()));
    } else {
        lock.unlock();
        umockdev_ioctl_client_complete(client, -1, EINVAL);
        umockdev_ioctl_data_unref(buffer);
        umockdev_ioctl_data_unref(urb_data);
        return;
    }
    lock.unlock();
    umockdev_ioctl_client_complete(client, 0, 0);
    umockdev_ioctl_data_unref(buffer);
}

// Standard requests the emulator serves itself; vendor requests go to the fixture model. A
// refused request completes with EPIPE, which is how usbfs reports a STALL.
void UsbEmulator::answerControl(UMockdevIoctlData* urb_data) {
    usbdevfs_urb* urb = urbOf(urb_data);
    auto* bytes = static_cast<unsigned char*>(urb->buffer);
    const Setup setup = readSetup(bytes);
    const std::size_t room = std::min<std::size_t>(
        setup.length, static_cast<std::size_t>(urb->buffer_length) - kSetupSize);
    std::span<std::uint8_t> data(bytes + kSetupSize, room);
    TransferStatus status = TransferStatus::Stall;
    std::size_t length = 0;
    if (setup.request_type == 0x80 && setup.request == 6) {  // GET_DESCRIPTOR
        const auto descriptor = standardDescriptor(setup.value);
        if (!descriptor.empty()) {
            length = std::min(room, descriptor.size());
            std::memcpy(data.data(), descriptor.data(), length);
            status = TransferStatus::Ok;
        }
    } else if (setup.request_type == wire::kRequestTypeIn) {
        const auto result = model_.controlIn(static_cast<wire::Request>(setup.request), setup.value,
                                             setup.index, data);
        status = result.status;
        length = result.length;
    } else if (setup.request_type == wire::kRequestTypeOut) {
        const auto result = model_.controlOut(static_cast<wire::Request>(setup.request),
                                              setup.value, setup.index, data);
        status = result.status;
    }
    urb->status = status == TransferStatus::Ok ? 0 : -EPIPE;
    urb->actual_length = status == TransferStatus::Ok ? static_cast<int>(length) : 0;
    std::lock_guard lock(mutex_);
    ++counts_.control_urbs;
}

std::vector<std::uint8_t> UsbEmulator::standardDescriptor(std::uint16_t value) const {
    const std::uint8_t type = static_cast<std::uint8_t>(value >> 8);
    const std::uint8_t index = static_cast<std::uint8_t>(value & 0xFF);
    if (type != 3) {
        return {};  // device and configuration descriptors come from sysfs
    }
    if (index == 0) {
        return {4, 3, 0x09, 0x04};  // one language: en-US
    }
    const std::string text = index == 1   ? "pid.codes test"
                             : index == 2 ? "ISR Bench loopback fixture"
                                          : options_.model.serial;
    std::vector<std::uint8_t> descriptor = {static_cast<std::uint8_t>(2 + 2 * text.size()), 3};
    for (const char c : text) {
        descriptor.push_back(static_cast<std::uint8_t>(c));
        descriptor.push_back(0);
    }
    return descriptor;
}

// Packs as many queued records as the URB and the endpoint take; false when there are none.
bool UsbEmulator::fillReport(UMockdevIoctlData* urb_data) {
    usbdevfs_urb* urb = urbOf(urb_data);
    const std::size_t endpoint_records = options_.high_speed ? 31 : 3;
    const std::size_t buffer_records =
        (static_cast<std::size_t>(urb->buffer_length) - wire::kPacketHeaderSize) /
        wire::kRecordSize;
    const std::size_t n = std::min({records_.size(), endpoint_records, buffer_records});
    if (n == 0) {
        return false;
    }
    std::vector<wire::EventRecord> batch(records_.begin(), records_.begin() + static_cast<long>(n));
    records_.erase(records_.begin(), records_.begin() + static_cast<long>(n));
    std::vector<std::uint8_t> packet;
    hwbridge::codec::encodePacket(batch, packet);
    std::memcpy(urb->buffer, packet.data(), packet.size());
    urb->actual_length = static_cast<int>(packet.size());
    urb->status = 0;
    for (const auto& record : batch) {
        const bool nack_rose = record.type == wire::RecordType::Edge &&
                               record.line() == wire::Line::NAck && record.level();
        counts_.edges_sent += nack_rose ? 1 : 0;
    }
    ++counts_.interrupt_urbs;
    return true;
}

// The next URB to hand back, in a fixed order: discarded, answered control, failed (unplugged or
// stalled) reports, then a report with data. Called with the lock held.
UMockdevIoctlData* UsbEmulator::nextToReap() {
    auto take = [](std::deque<UMockdevIoctlData*>& from) {
        UMockdevIoctlData* data = from.front();
        from.pop_front();
        return data;
    };
    if (!discarded_.empty()) {
        UMockdevIoctlData* data = take(discarded_);
        urbOf(data)->status = -ENOENT;
        return data;
    }
    if (!answered_.empty()) {
        return take(answered_);
    }
    if (!present_ && (!waiting_reports_.empty() || !silent_.empty())) {
        UMockdevIoctlData* data = take(!waiting_reports_.empty() ? waiting_reports_ : silent_);
        urbOf(data)->status = -ENODEV;
        urbOf(data)->actual_length = 0;
        ++counts_.urbs_failed_no_device;
        return data;
    }
    if (waiting_reports_.empty()) {
        return nullptr;
    }
    if (stall_next_ || halted_) {
        stall_next_ = false;
        halted_ = true;
        UMockdevIoctlData* data = take(waiting_reports_);
        urbOf(data)->status = -EPIPE;
        urbOf(data)->actual_length = 0;
        return data;
    }
    if (fillReport(waiting_reports_.front())) {
        return take(waiting_reports_);
    }
    return nullptr;
}

void UsbEmulator::reap(UMockdevIoctlClient* client) {
    std::unique_lock lock(mutex_);
    // A train with edges to go produces the next one when the host has nothing else to read.
    if (present_ && records_.empty() && pending_edges_ > 0 && !waiting_reports_.empty() &&
        !halted_ && !stall_next_) {
        if (pending_edges_ != kEndless) {
            --pending_edges_;
        }
        lock.unlock();
        model_.pulseStimulusLine();  // calls back into push()
        lock.lock();
    }
    UMockdevIoctlData* urb_data = nextToReap();
    lock.unlock();
    if (urb_data == nullptr) {
        umockdev_ioctl_client_complete(client, -1, EAGAIN);
        return;
    }
    UMockdevIoctlData* pointer = umockdev_ioctl_data_resolve(umockdev_ioctl_client_get_arg(client),
                                                             0, sizeof(void*), nullptr);
    umockdev_ioctl_data_set_ptr(pointer, 0, urb_data);
    umockdev_ioctl_client_complete(client, 0, 0);
    umockdev_ioctl_data_unref(pointer);
    umockdev_ioctl_data_unref(urb_data);
}

void UsbEmulator::discard(UMockdevIoctlClient* client) {
    const auto address = reinterpret_cast<gulong>(
        *reinterpret_cast<void**>(umockdev_ioctl_client_get_arg(client)->data));
    std::unique_lock lock(mutex_);
    for (auto* list : {&waiting_reports_, &silent_}) {
        const auto it = std::find_if(list->begin(), list->end(), [&](UMockdevIoctlData* data) {
            return data->client_addr == address;
        });
        if (it != list->end()) {
            discarded_.push_back(*it);
            list->erase(it);
            ++counts_.urbs_discarded;
            lock.unlock();
            umockdev_ioctl_client_complete(client, 0, 0);
            return;
        }
    }
    lock.unlock();
    umockdev_ioctl_client_complete(client, -1, EINVAL);
}

}  // namespace usbtest
