#include "bus_model.h"

#include <charconv>

#include "wire.h"

namespace hwbridge {
namespace {

std::string microseconds(std::int64_t ns) {
    return std::to_string(ns / 1000) + "us";
}

// "250us", "1ms", "500ns", "2s"; a bare number is microseconds.
std::optional<std::int64_t> parseDuration(std::string_view text) {
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || value < 0) {
        return std::nullopt;
    }
    const std::string_view unit(end, static_cast<std::size_t>(text.data() + text.size() - end));
    if (unit == "ns")
        return value;
    if (unit == "us" || unit.empty())
        return value * 1'000;
    if (unit == "ms")
        return value * 1'000'000;
    if (unit == "s")
        return value * 1'000'000'000;
    return std::nullopt;
}

}  // namespace

std::string BusModel::name() const {
    switch (kind) {
        case BusKind::Ideal:
            return "ideal";
        case BusKind::FullSpeed:
            return "usb-full-speed";
        case BusKind::HighSpeed:
            return "usb-high-speed";
        case BusKind::FixedDelay:
            return "fixed " + microseconds(delay_ns);
        case BusKind::Jitter:
            return "jitter " + microseconds(delay_ns) + " + " +
                   (shape == JitterShape::Uniform ? "uniform " : "exponential ") +
                   microseconds(jitter_ns);
    }
    return "?";
}

std::size_t BusModel::packetCapacity() const {
    const std::size_t packet =
        kind == BusKind::FullSpeed ? wire::kFullSpeedPacket : wire::kHighSpeedPacket;
    return (packet - wire::kPacketHeaderSize) / wire::kRecordSize;
}

std::int64_t BusModel::frameNs() const {
    if (kind == BusKind::FullSpeed)
        return 1'000'000;
    if (kind == BusKind::HighSpeed)
        return 125'000;
    return 0;
}

std::optional<BusModel> parseBusModel(std::string_view text) {
    BusModel model;
    if (text == "ideal")
        return model;
    if (text == "full-speed") {
        model.kind = BusKind::FullSpeed;
        return model;
    }
    if (text == "high-speed") {
        model.kind = BusKind::HighSpeed;
        return model;
    }
    const auto colon = text.find(':');
    const std::string_view head = text.substr(0, colon);
    if (colon == std::string_view::npos || (head != "fixed" && head != "jitter")) {
        return std::nullopt;
    }
    std::string_view rest = text.substr(colon + 1);
    const auto next = rest.find(':');
    const auto delay = parseDuration(rest.substr(0, next));
    if (!delay)
        return std::nullopt;
    model.delay_ns = *delay;
    if (head == "fixed") {
        model.kind = BusKind::FixedDelay;
        return next == std::string_view::npos ? std::optional(model) : std::nullopt;
    }
    if (next == std::string_view::npos)
        return std::nullopt;
    rest = rest.substr(next + 1);
    const auto shape_at = rest.find(':');
    const auto jitter = parseDuration(rest.substr(0, shape_at));
    if (!jitter)
        return std::nullopt;
    model.kind = BusKind::Jitter;
    model.jitter_ns = *jitter;
    if (shape_at != std::string_view::npos) {
        const auto shape = rest.substr(shape_at + 1);
        if (shape == "uniform")
            model.shape = JitterShape::Uniform;
        else if (shape != "exponential")
            return std::nullopt;
    }
    return model;
}

std::int64_t BusClock::deliveryTime(std::int64_t t_event_ns) {
    switch (model_.kind) {
        case BusKind::Ideal:
            return t_event_ns;
        case BusKind::FullSpeed:
        case BusKind::HighSpeed: {
            // The next frame boundary strictly after the event: the host polls once per frame.
            const std::int64_t frame = model_.frameNs();
            return (t_event_ns / frame + 1) * frame;
        }
        case BusKind::FixedDelay:
            return t_event_ns + model_.delay_ns;
        case BusKind::Jitter: {
            double extra = 0;
            if (model_.jitter_ns > 0) {
                if (model_.shape == JitterShape::Uniform) {
                    extra = std::uniform_real_distribution<double>(
                        0.0, static_cast<double>(model_.jitter_ns))(random_);
                } else {
                    extra = std::exponential_distribution<double>(
                        1.0 / static_cast<double>(model_.jitter_ns))(random_);
                }
            }
            return t_event_ns + model_.delay_ns + static_cast<std::int64_t>(extra);
        }
    }
    return t_event_ns;
}

}  // namespace hwbridge
