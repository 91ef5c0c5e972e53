// When a record the fixture produced reaches the host, by bus model (DESIGN.md "The virtual
// fixture"): at once, on the next USB full-speed frame (1 ms) or high-speed microframe (125 us),
// after a fixed delay, or after a delay plus jitter drawn from a distribution.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>

namespace hwbridge {

enum class BusKind : std::uint8_t { Ideal, FullSpeed, HighSpeed, FixedDelay, Jitter };
enum class JitterShape : std::uint8_t { Uniform, Exponential };

struct BusModel {
    BusKind kind = BusKind::Ideal;
    std::int64_t delay_ns = 0;   // FixedDelay and Jitter
    std::int64_t jitter_ns = 0;  // Jitter: uniform width, or exponential mean
    JitterShape shape = JitterShape::Exponential;
    std::uint64_t seed = 1;

    std::string name() const;  // "ideal", "usb-full-speed", "fixed 250us", ...
    // Records per interrupt-IN packet, and the spacing of packets (0: no frames).
    std::size_t packetCapacity() const;
    std::int64_t frameNs() const;
};

// Parses "ideal", "full-speed", "high-speed", "fixed:250us", "jitter:100us:20us[:uniform]".
std::optional<BusModel> parseBusModel(std::string_view text);

class BusClock {
public:
    explicit BusClock(const BusModel& model) : model_(model), random_(model.seed) {}
    // Host time at which a record produced at `t_event_ns` is handed to the host.
    std::int64_t deliveryTime(std::int64_t t_event_ns);

private:
    BusModel model_;
    std::mt19937_64 random_;
};

}  // namespace hwbridge
