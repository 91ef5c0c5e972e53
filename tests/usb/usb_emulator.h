// The fixture model served as an emulated USB device through umockdev, so that the production
// libusb code runs unchanged against it. The emulator answers the usbdevfs ioctls libusb issues
// (SUBMITURB, REAPURBNDELAY, DISCARDURB, CLEAR_HALT, claim/release) on umockdev's handler thread,
// completing at most one URB per reap so that runs are deterministic.
//
// The process must run with LD_PRELOAD=libumockdev-preload.so.0 and the emulator must exist
// before libusb_init (see usb_test_main.cpp).
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

#include "fixture_model.h"

struct _UMockdevTestbed;
struct _UMockdevIoctlBase;
struct _UMockdevIoctlClient;
struct _UMockdevIoctlData;

namespace usbtest {

struct EmulatorOptions {
    hwbridge::FixtureModelOptions model = defaultModel();
    std::uint16_t product_id = hwbridge::wire::kDefaultProductId;
    bool high_speed = true;

    static hwbridge::FixtureModelOptions defaultModel() {
        hwbridge::FixtureModelOptions options;
        options.serial = "EMU-0001";
        options.is_virtual = false;
        return options;
    }
};

struct EmulatorCounts {
    int control_urbs = 0;    // control URBs completed
    int interrupt_urbs = 0;  // interrupt-IN URBs completed with a report
    int clear_halts = 0;
    int urbs_discarded = 0;
    int urbs_failed_no_device = 0;
    int max_interrupt_urbs_in_flight = 0;
    std::uint64_t edges_sent = 0;  // nAck edge records delivered to the host
};

class UsbEmulator final : public hwbridge::EventQueue, public hwbridge::StimulusRunner {
public:
    explicit UsbEmulator(EmulatorOptions options = {});
    ~UsbEmulator();
    UsbEmulator(const UsbEmulator&) = delete;
    UsbEmulator& operator=(const UsbEmulator&) = delete;

    void plug();    // the device appears (hotplug "add"), freshly powered
    void unplug();  // URBs fail with ENODEV, then hotplug "remove"

    // Fault injection.
    void stallNextReport();              // the report endpoint halts until the host clears it
    void setControlSilent(bool silent);  // control URBs are taken but never answered

    hwbridge::FixtureModel& model() { return model_; }
    EmulatorCounts counts();
    std::uint64_t edgesSent() { return counts().edges_sent; }

    // hwbridge::EventQueue and StimulusRunner, called by the model.
    bool push(const hwbridge::wire::EventRecord& record, std::int64_t host_ns) noexcept override;
    bool start(const hwbridge::wire::StimulusBlock& stimulus) override;
    void stop() override;

    // The handle-ioctl signal handler (umockdev's thread).
    bool handleIoctl(_UMockdevIoctlClient* client);

private:
    void submit(_UMockdevIoctlClient* client);
    void reap(_UMockdevIoctlClient* client);
    void discard(_UMockdevIoctlClient* client);
    void answerControl(_UMockdevIoctlData* urb_data);
    bool fillReport(_UMockdevIoctlData* urb_data);
    _UMockdevIoctlData* nextToReap();
    std::vector<std::uint8_t> standardDescriptor(std::uint16_t value) const;
    std::string deviceNode() const;
    std::string sysPath() const;

    const EmulatorOptions options_;
    hwbridge::FixtureModel model_;
    _UMockdevTestbed* testbed_ = nullptr;
    _UMockdevIoctlBase* handler_ = nullptr;

    std::mutex mutex_;
    std::deque<hwbridge::wire::EventRecord> records_;
    std::deque<_UMockdevIoctlData*> answered_;         // control URBs ready to reap
    std::deque<_UMockdevIoctlData*> waiting_reports_;  // interrupt-IN URBs waiting for data
    std::deque<_UMockdevIoctlData*> silent_;           // control URBs never to be answered
    std::deque<_UMockdevIoctlData*> discarded_;
    std::uint64_t pending_edges_ = 0;
    bool present_ = false;
    bool halted_ = false;
    bool stall_next_ = false;
    bool control_silent_ = false;
    int device_number_ = 1;
    EmulatorCounts counts_;
};

}  // namespace usbtest
