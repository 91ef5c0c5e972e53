// Keeps the list of plugged fixtures up to date on its own thread, with its own libusb context, so
// that a window can show fixtures coming and going without ever touching USB on its UI thread.
// With hotplug (Linux), arrivals and departures come from libusb's hotplug callback; without it,
// the buses are listed again every second. A UI polls generation() cheaply and takes a
// snapshot() only when it moved.
#pragma once

#include <libusb.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "usb_discovery.h"
#include "wire.h"

namespace hwbridge {

struct FixtureWatcherOptions {
    std::uint16_t product_id = wire::kDefaultProductId;
    // false: list the buses every poll_interval even where libusb has hotplug. The fallback for
    // platforms without it, selectable so that it can be tested where hotplug exists.
    bool use_hotplug = true;
    std::chrono::milliseconds poll_interval{1000};
};

struct WatchedFixtures {
    std::uint64_t generation = 0;
    std::vector<FoundFixture> fixtures;  // in the order they arrived
    std::string error;                   // libusb unusable (no USB here): the list stays empty
};

class FixtureWatcher {
public:
    explicit FixtureWatcher(FixtureWatcherOptions options = {});
    // Stops and joins promptly: the hotplug callback is deregistered, which wakes the event wait.
    ~FixtureWatcher();
    FixtureWatcher(const FixtureWatcher&) = delete;
    FixtureWatcher& operator=(const FixtureWatcher&) = delete;

    // Bumped on every change of the list or of the error. Lock-free: for a UI timer.
    std::uint64_t generation() const { return generation_.load(std::memory_order_acquire); }
    WatchedFixtures snapshot() const;
    // true once the watcher runs on hotplug events, false when it polls (or libusb is unusable).
    bool usesHotplug() const { return hotplug_registered_; }

private:
    struct Arrival {
        libusb_device* device;  // referenced while listed: LEFT names the same device
        FoundFixture fixture;
    };
    struct HotplugEvent {
        libusb_hotplug_event event;
        libusb_device* device;  // referenced by the callback, unreferenced once handled
    };

    bool registerHotplug();
    static int LIBUSB_CALL onHotplug(libusb_context* context, libusb_device* device,
                                     libusb_hotplug_event event, void* self);
    void runHotplug();
    void handleQueuedEvents();
    void handle(const HotplugEvent& event);
    void runPolling();
    void publish(std::vector<FoundFixture> fixtures, std::string error);
    std::vector<FoundFixture> arrivedFixtures() const;

    const FixtureWatcherOptions options_;
    libusb_context* context_ = nullptr;  // null when libusb_init failed, or when polling
    libusb_hotplug_callback_handle hotplug_ = 0;
    bool hotplug_registered_ = false;
    std::atomic<bool> stop_{false};

    // Filled by the hotplug callback (inside libusb's event handling), drained by the thread.
    std::mutex queue_mutex_;
    std::vector<HotplugEvent> queue_;

    // The watcher thread's own list, with the devices that identify the entries for LEFT.
    std::vector<Arrival> arrivals_;

    // What the UI sees.
    mutable std::mutex state_mutex_;
    WatchedFixtures state_;
    std::atomic<std::uint64_t> generation_{0};

    // Wakes the polling wait early on stop.
    std::mutex wake_mutex_;
    std::condition_variable wake_;

    std::thread thread_;
};

}  // namespace hwbridge
