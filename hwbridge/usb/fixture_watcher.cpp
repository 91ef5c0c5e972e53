#include "fixture_watcher.h"

#include <sys/time.h>

#include <algorithm>
#include <utility>

#include "thread_name.h"

namespace hwbridge {
namespace {

// The longest the event wait lasts: the stop flag is seen at least this often even if nothing
// wakes the wait.
constexpr long kEventWaitUs = 200'000;

bool sameFixture(const FoundFixture& a, const FoundFixture& b) {
    return a.identity.serial == b.identity.serial && a.identity.location == b.identity.location &&
           a.identity.bus_speed == b.identity.bus_speed &&
           a.identity.product_id == b.identity.product_id && a.info == b.info &&
           a.problem == b.problem;
}

bool sameFixtures(const std::vector<FoundFixture>& a, const std::vector<FoundFixture>& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), sameFixture);
}

}  // namespace

// ---- starting and stopping ----------------------------------------------------------------------

FixtureWatcher::FixtureWatcher(FixtureWatcherOptions options) : options_(options) {
    if (options_.use_hotplug && libusb_has_capability(LIBUSB_CAP_HAS_HOTPLUG) != 0) {
        if (const int error = libusb_init(&context_); error != 0) {
            // No USB here at all: not fatal, the window still has the virtual fixture.
            context_ = nullptr;
            publish({}, std::string("libusb: ") + libusb_strerror(error));
            return;
        }
        if (!registerHotplug()) {
            libusb_exit(context_);
            context_ = nullptr;
        }
    }
    if (hotplug_registered_) {
        thread_ = std::thread([this] { runHotplug(); });
    } else {
        thread_ = std::thread([this] { runPolling(); });
    }
}

FixtureWatcher::~FixtureWatcher() {
    stop_.store(true);
    {
        std::lock_guard lock(wake_mutex_);
        wake_.notify_all();
    }
    if (hotplug_registered_) {
        // Deregistering wakes libusb_handle_events; the interrupt covers a thread that is just
        // about to enter it (the wake-up stays pending until the next wait).
        libusb_hotplug_deregister_callback(context_, hotplug_);
        libusb_interrupt_event_handler(context_);
    }
    if (thread_.joinable()) {
        thread_.join();
    }
    // The thread is gone and the callback with it: nothing else touches these now.
    for (const HotplugEvent& event : queue_) {
        libusb_unref_device(event.device);
    }
    for (const Arrival& arrival : arrivals_) {
        libusb_unref_device(arrival.device);
    }
    if (context_ != nullptr) {
        libusb_exit(context_);
    }
}

// ENUMERATE makes libusb call back at once, on this thread, for the fixtures already plugged, so
// that they are described by the same path as later arrivals.
bool FixtureWatcher::registerHotplug() {
    const int result = libusb_hotplug_register_callback(
        context_, LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED | LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT,
        LIBUSB_HOTPLUG_ENUMERATE, wire::kVendorId, options_.product_id, LIBUSB_HOTPLUG_MATCH_ANY,
        &FixtureWatcher::onHotplug, this, &hotplug_);
    hotplug_registered_ = result == 0;
    return hotplug_registered_;
}

// ---- hotplug ------------------------------------------------------------------------------------

// Called inside libusb's event handling, where synchronous transfers must not be made: only
// queue the event, with the device kept alive until the thread has dealt with it.
int LIBUSB_CALL FixtureWatcher::onHotplug(libusb_context*, libusb_device* device,
                                          libusb_hotplug_event event, void* user_data) {
    auto* self = static_cast<FixtureWatcher*>(user_data);
    std::lock_guard lock(self->queue_mutex_);
    self->queue_.push_back({event, libusb_ref_device(device)});
    return 0;  // stay registered
}

void FixtureWatcher::runHotplug() {
    hwbridge::nameThisThread("usb-hotplug");
    while (!stop_.load()) {
        handleQueuedEvents();
        timeval timeout{0, kEventWaitUs};
        libusb_handle_events_timeout_completed(context_, &timeout, nullptr);
    }
}

// Outside the event handler now, so describing a device (open, GET_INFO) is allowed. Events that
// the describing itself lets libusb deliver wait in the queue for the next round.
void FixtureWatcher::handleQueuedEvents() {
    std::vector<HotplugEvent> events;
    {
        std::lock_guard lock(queue_mutex_);
        events.swap(queue_);
    }
    for (const HotplugEvent& event : events) {
        if (!stop_.load()) {
            handle(event);
        }
        libusb_unref_device(event.device);
    }
}

void FixtureWatcher::handle(const HotplugEvent& event) {
    const auto listed =
        std::find_if(arrivals_.begin(), arrivals_.end(),
                     [&](const Arrival& arrival) { return arrival.device == event.device; });
    if (event.event == LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED) {
        if (listed != arrivals_.end()) {
            return;  // enumeration and a real arrival may both report the same device
        }
        libusb_device_descriptor descriptor{};
        libusb_get_device_descriptor(event.device, &descriptor);  // cached: no I/O
        arrivals_.push_back(
            {libusb_ref_device(event.device), describeUsbFixture(event.device, descriptor)});
    } else {
        if (listed == arrivals_.end()) {
            return;
        }
        libusb_unref_device(listed->device);
        arrivals_.erase(listed);
    }
    publish(arrivedFixtures(), "");
}

std::vector<FoundFixture> FixtureWatcher::arrivedFixtures() const {
    std::vector<FoundFixture> fixtures;
    fixtures.reserve(arrivals_.size());
    for (const Arrival& arrival : arrivals_) {
        fixtures.push_back(arrival.fixture);
    }
    return fixtures;
}

// ---- polling ------------------------------------------------------------------------------------

// Without hotplug: the whole listing again, each time with a fresh context, as `isrbench devices`
// does. A fixture that stays plugged is asked again each time; the list only changes (and the
// generation only moves) when what the fixtures say changes.
void FixtureWatcher::runPolling() {
    hwbridge::nameThisThread("usb-polling");
    while (!stop_.load()) {
        DiscoveryResult found = discoverUsbFixtures(options_.product_id);
        publish(std::move(found.fixtures), std::move(found.error));
        std::unique_lock lock(wake_mutex_);
        wake_.wait_for(lock, options_.poll_interval, [&] { return stop_.load(); });
    }
}

// ---- what the UI sees ---------------------------------------------------------------------------

void FixtureWatcher::publish(std::vector<FoundFixture> fixtures, std::string error) {
    std::lock_guard lock(state_mutex_);
    if (sameFixtures(state_.fixtures, fixtures) && state_.error == error) {
        return;
    }
    state_.fixtures = std::move(fixtures);
    state_.error = std::move(error);
    ++state_.generation;
    generation_.store(state_.generation, std::memory_order_release);
}

WatchedFixtures FixtureWatcher::snapshot() const {
    std::lock_guard lock(state_mutex_);
    return state_;
}

}  // namespace hwbridge
