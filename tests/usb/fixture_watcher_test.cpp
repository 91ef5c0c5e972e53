// The FixtureWatcher against the fixture emulated by umockdev: it starts on an empty bus, sees the
// fixture arrive (described: serial, speed, GET_INFO) and leave, through libusb hotplug and
// through the polling fallback, and moves its generation on each change.
#include "fixture_watcher.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <thread>

#include "eventually.h"
#include "usb_emulator.h"

namespace {

using testing_support::eventually;

using namespace std::chrono_literals;

// Generous: the watcher describes a fixture with synchronous transfers, and sanitizer builds
// under the umockdev preload are slow. Only ever waited on, never asserted as a duration.
constexpr auto kPatience = 20s;

// Waits for the generation to move past `after` and for the list to have `count` fixtures.
hwbridge::WatchedFixtures waitForList(const hwbridge::FixtureWatcher& watcher, std::uint64_t after,
                                      std::size_t count) {
    hwbridge::WatchedFixtures seen;
    eventually(
        [&] {
            seen = watcher.snapshot();
            return seen.generation > after && seen.fixtures.size() == count;
        },
        kPatience);
    return seen;
}

void expectTheEmulatedFixture(const hwbridge::WatchedFixtures& seen) {
    ASSERT_EQ(seen.fixtures.size(), 1u);
    const hwbridge::FoundFixture& found = seen.fixtures.front();
    EXPECT_EQ(found.identity.serial, "EMU-0001");
    EXPECT_EQ(found.identity.vendor_id, hwbridge::wire::kVendorId);
    EXPECT_EQ(found.identity.product_id, hwbridge::wire::kDefaultProductId);
    EXPECT_EQ(found.identity.bus_speed, "high");
    EXPECT_FALSE(found.identity.is_virtual);
    ASSERT_TRUE(found.info.has_value()) << found.problem;  // GET_INFO was answered
    EXPECT_EQ(found.info->firmware_version, 0x0100);
    EXPECT_TRUE(found.problem.empty()) << found.problem;
}

// Plug, unplug, plug again: the list follows and the generation moves each time.
void followsPlugAndUnplug(usbtest::UsbEmulator& emulator, const hwbridge::FixtureWatcher& watcher) {
    const hwbridge::WatchedFixtures empty = watcher.snapshot();
    EXPECT_TRUE(empty.fixtures.empty());
    EXPECT_TRUE(empty.error.empty()) << empty.error;

    emulator.plug();
    const hwbridge::WatchedFixtures plugged = waitForList(watcher, empty.generation, 1);
    expectTheEmulatedFixture(plugged);
    EXPECT_GT(plugged.generation, empty.generation);
    EXPECT_EQ(watcher.generation(), plugged.generation);

    emulator.unplug();
    const hwbridge::WatchedFixtures unplugged = waitForList(watcher, plugged.generation, 0);
    EXPECT_TRUE(unplugged.fixtures.empty());
    EXPECT_GT(unplugged.generation, plugged.generation);

    emulator.plug();
    const hwbridge::WatchedFixtures back = waitForList(watcher, unplugged.generation, 1);
    expectTheEmulatedFixture(back);
    EXPECT_GT(back.generation, unplugged.generation);
}

TEST(FixtureWatcher, HotplugListsAFixtureWhenPluggedAndDropsItWhenUnplugged) {
    usbtest::UsbEmulator emulator;  // the testbed exists before libusb_init, nothing plugged
    hwbridge::FixtureWatcher watcher;
    ASSERT_TRUE(watcher.usesHotplug());  // Linux libusb has it: this is the hotplug path
    followsPlugAndUnplug(emulator, watcher);
}

TEST(FixtureWatcher, PollingFallbackFollowsPlugAndUnplugToo) {
    usbtest::UsbEmulator emulator;
    hwbridge::FixtureWatcher watcher({.use_hotplug = false, .poll_interval = 100ms});
    EXPECT_FALSE(watcher.usesHotplug());
    followsPlugAndUnplug(emulator, watcher);
}

TEST(FixtureWatcher, AFixtureAlreadyPluggedIsListedFromTheStart) {
    usbtest::UsbEmulator emulator;
    emulator.plug();
    hwbridge::FixtureWatcher watcher;
    expectTheEmulatedFixture(waitForList(watcher, 0, 1));
}

TEST(FixtureWatcher, AnotherProductIdIsNotListed) {
    usbtest::UsbEmulator emulator;
    emulator.plug();
    hwbridge::FixtureWatcher watcher({.product_id = 0x000b});
    // The fixture that is plugged answers to 000a: give the watcher time to have seen it, through
    // a watcher that does list it, then check that the other one still lists nothing.
    hwbridge::FixtureWatcher reference;
    ASSERT_EQ(waitForList(reference, 0, 1).fixtures.size(), 1u);
    EXPECT_TRUE(watcher.snapshot().fixtures.empty());
    EXPECT_EQ(watcher.generation(), 0u);
}

}  // namespace
