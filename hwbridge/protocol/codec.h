// Bytes in, typed records out, and back. Pure functions: no I/O, no state, no trust in any length
// or count that came over the wire. This is the fuzzed surface.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "wire.h"

namespace hwbridge::codec {

std::uint8_t crc8(std::span<const std::uint8_t> bytes);

std::array<std::uint8_t, wire::kRecordSize> encodeRecord(const wire::EventRecord& record);
// Appends one packet (header + records) to `out`.
void encodePacket(std::span<const wire::EventRecord> records, std::vector<std::uint8_t>& out);

enum class PacketError : std::uint8_t { None, TooShort, BadMagic, LengthMismatch };
std::string_view packetErrorText(PacketError error);

struct PacketSummary {
    PacketError error = PacketError::None;
    std::uint32_t records = 0;  // good records appended
    std::uint32_t corrupt = 0;  // check byte wrong: dropped
    std::uint32_t unknown = 0;  // unknown record type: dropped
};

// The most records a packet can announce (record_count is one byte): `out` reserved to this
// never grows.
inline constexpr std::size_t kMaxRecordsPerPacket = 255;

// Appends the packet's good records to `out` (which the caller reuses: no allocation once it has
// grown). A malformed packet appends nothing.
PacketSummary decodePacket(std::span<const std::uint8_t> packet,
                           std::vector<wire::EventRecord>& out);

std::array<std::uint8_t, wire::kInfoSize> encodeInfo(const wire::InfoBlock& info);
std::optional<wire::InfoBlock> decodeInfo(std::span<const std::uint8_t> bytes);

std::array<std::uint8_t, wire::kStimulusSize> encodeStimulus(const wire::StimulusBlock& block);
std::optional<wire::StimulusBlock> decodeStimulus(std::span<const std::uint8_t> bytes);

std::array<std::uint8_t, wire::kStatusSize> encodeStatus(const wire::StatusBlock& status);
std::optional<wire::StatusBlock> decodeStatus(std::span<const std::uint8_t> bytes);

std::array<std::uint8_t, wire::kClockSize> encodeClock(std::uint64_t fixture_ns);
std::optional<std::uint64_t> decodeClock(std::span<const std::uint8_t> bytes);

std::string_view errorCodeText(wire::ErrorCode code);

// "irq, capture, burst, periodic, random, norton, virtual" for a capability mask.
std::string capabilityNames(std::uint32_t capabilities);

}  // namespace hwbridge::codec
