#include "codec.h"

namespace hwbridge::codec {
namespace {

template <typename T>
void put(std::uint8_t* out, T value) {
    for (std::size_t i = 0; i < sizeof(T); ++i) {
        out[i] = static_cast<std::uint8_t>(static_cast<std::uint64_t>(value) >> (8 * i));
    }
}

template <typename T>
T get(const std::uint8_t* in) {
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < sizeof(T); ++i) {
        value |= static_cast<std::uint64_t>(in[i]) << (8 * i);
    }
    return static_cast<T>(value);
}

constexpr std::array<std::uint8_t, 256> makeCrcTable() {
    std::array<std::uint8_t, 256> table{};
    for (int byte = 0; byte < 256; ++byte) {
        std::uint8_t crc = static_cast<std::uint8_t>(byte);
        for (int bit = 0; bit < 8; ++bit) {
            crc = static_cast<std::uint8_t>((crc & 0x80) ? (crc << 1) ^ 0x07 : crc << 1);
        }
        table[static_cast<std::size_t>(byte)] = crc;
    }
    return table;
}
constexpr auto kCrcTable = makeCrcTable();

constexpr std::size_t kCheckOffset = 2;

// The check byte covers the record with itself taken as zero.
std::uint8_t recordCheck(const std::uint8_t* record) {
    std::uint8_t crc = 0;
    for (std::size_t i = 0; i < wire::kRecordSize; ++i) {
        crc = kCrcTable[crc ^ (i == kCheckOffset ? 0 : record[i])];
    }
    return crc;
}

bool knownType(std::uint8_t type) {
    return type >= static_cast<std::uint8_t>(wire::RecordType::Edge) &&
           type <= static_cast<std::uint8_t>(wire::RecordType::TrainEnd);
}

}  // namespace

std::uint8_t crc8(std::span<const std::uint8_t> bytes) {
    std::uint8_t crc = 0;
    for (const std::uint8_t b : bytes) {
        crc = kCrcTable[crc ^ b];
    }
    return crc;
}

std::array<std::uint8_t, wire::kRecordSize> encodeRecord(const wire::EventRecord& record) {
    std::array<std::uint8_t, wire::kRecordSize> out{};
    out[0] = static_cast<std::uint8_t>(record.type);
    out[1] = record.detail;
    out[3] = record.stimulus;
    put<std::uint32_t>(&out[4], record.sequence);
    put<std::uint64_t>(&out[8], record.value);
    out[kCheckOffset] = recordCheck(out.data());
    return out;
}

void encodePacket(std::span<const wire::EventRecord> records, std::vector<std::uint8_t>& out) {
    out.push_back(wire::kPacketMagic);
    out.push_back(static_cast<std::uint8_t>(records.size()));
    out.push_back(0);
    out.push_back(0);
    for (const auto& record : records) {
        const auto bytes = encodeRecord(record);
        out.insert(out.end(), bytes.begin(), bytes.end());
    }
}

std::string_view packetErrorText(PacketError error) {
    switch (error) {
        case PacketError::None:
            return "ok";
        case PacketError::TooShort:
            return "packet shorter than its 4-byte header";
        case PacketError::BadMagic:
            return "packet does not start with 0xA5";
        case PacketError::LengthMismatch:
            return "packet length is not 4 + 16 x record_count";
    }
    return "?";
}

PacketSummary decodePacket(std::span<const std::uint8_t> packet,
                           std::vector<wire::EventRecord>& out) {
    PacketSummary summary;
    if (packet.size() < wire::kPacketHeaderSize) {
        summary.error = PacketError::TooShort;
        return summary;
    }
    if (packet[0] != wire::kPacketMagic) {
        summary.error = PacketError::BadMagic;
        return summary;
    }
    const std::size_t count = packet[1];
    if (packet.size() != wire::kPacketHeaderSize + count * wire::kRecordSize) {
        summary.error = PacketError::LengthMismatch;
        return summary;
    }
    for (std::size_t i = 0; i < count; ++i) {
        const std::uint8_t* r = packet.data() + wire::kPacketHeaderSize + i * wire::kRecordSize;
        if (recordCheck(r) != r[kCheckOffset]) {
            ++summary.corrupt;
        } else if (!knownType(r[0])) {
            ++summary.unknown;
        } else {
            out.push_back({static_cast<wire::RecordType>(r[0]), r[1], get<std::uint32_t>(r + 4),
                           get<std::uint64_t>(r + 8), r[3]});
            ++summary.records;
        }
    }
    return summary;
}

std::array<std::uint8_t, wire::kInfoSize> encodeInfo(const wire::InfoBlock& info) {
    std::array<std::uint8_t, wire::kInfoSize> out{};
    put<std::uint32_t>(&out[0], info.magic);
    put<std::uint16_t>(&out[4], info.protocol_version);
    put<std::uint16_t>(&out[6], info.firmware_version);
    put<std::uint32_t>(&out[8], info.capabilities);
    put<std::uint32_t>(&out[12], info.max_burst);
    return out;
}

std::optional<wire::InfoBlock> decodeInfo(std::span<const std::uint8_t> bytes) {
    if (bytes.size() != wire::kInfoSize || get<std::uint32_t>(&bytes[0]) != wire::kInfoMagic) {
        return std::nullopt;
    }
    return wire::InfoBlock{get<std::uint32_t>(&bytes[0]), get<std::uint16_t>(&bytes[4]),
                           get<std::uint16_t>(&bytes[6]), get<std::uint32_t>(&bytes[8]),
                           get<std::uint32_t>(&bytes[12])};
}

std::array<std::uint8_t, wire::kStimulusSize> encodeStimulus(const wire::StimulusBlock& block) {
    std::array<std::uint8_t, wire::kStimulusSize> out{};
    out[0] = static_cast<std::uint8_t>(block.mode);
    put<std::uint32_t>(&out[4], block.count);
    put<std::uint64_t>(&out[8], block.period_ns);
    put<std::uint64_t>(&out[16], block.seed);
    return out;
}

std::optional<wire::StimulusBlock> decodeStimulus(std::span<const std::uint8_t> bytes) {
    if (bytes.size() != wire::kStimulusSize ||
        bytes[0] > static_cast<std::uint8_t>(wire::StimulusMode::Random)) {
        return std::nullopt;
    }
    return wire::StimulusBlock{static_cast<wire::StimulusMode>(bytes[0]),
                               get<std::uint32_t>(&bytes[4]), get<std::uint64_t>(&bytes[8]),
                               get<std::uint64_t>(&bytes[16])};
}

std::array<std::uint8_t, wire::kStatusSize> encodeStatus(const wire::StatusBlock& status) {
    std::array<std::uint8_t, wire::kStatusSize> out{};
    out[0] = static_cast<std::uint8_t>(status.last_error);
    put<std::uint32_t>(&out[4], status.events_dropped);
    put<std::uint32_t>(&out[8], status.stimuli);
    return out;
}

std::optional<wire::StatusBlock> decodeStatus(std::span<const std::uint8_t> bytes) {
    if (bytes.size() != wire::kStatusSize ||
        bytes[0] > static_cast<std::uint8_t>(wire::ErrorCode::Unsupported)) {
        return std::nullopt;
    }
    return wire::StatusBlock{static_cast<wire::ErrorCode>(bytes[0]), get<std::uint32_t>(&bytes[4]),
                             get<std::uint32_t>(&bytes[8])};
}

std::array<std::uint8_t, wire::kClockSize> encodeClock(std::uint64_t fixture_ns) {
    std::array<std::uint8_t, wire::kClockSize> out{};
    put<std::uint64_t>(out.data(), fixture_ns);
    return out;
}

std::optional<std::uint64_t> decodeClock(std::span<const std::uint8_t> bytes) {
    if (bytes.size() != wire::kClockSize) {
        return std::nullopt;
    }
    return get<std::uint64_t>(bytes.data());
}

std::string_view errorCodeText(wire::ErrorCode code) {
    switch (code) {
        case wire::ErrorCode::None:
            return "no error";
        case wire::ErrorCode::UnknownRequest:
            return "unknown request";
        case wire::ErrorCode::BadRegister:
            return "bad register";
        case wire::ErrorCode::BadValue:
            return "bad value";
        case wire::ErrorCode::Busy:
            return "busy: a stimulus train is running";
        case wire::ErrorCode::Unsupported:
            return "not supported by this fixture";
    }
    return "unknown error code";
}

std::string capabilityNames(std::uint32_t capabilities) {
    static constexpr std::pair<std::uint32_t, const char*> kNames[] = {
        {wire::capability::kIrqEvents, "irq"},
        {wire::capability::kResponseCapture, "capture"},
        {wire::capability::kStimulusBurst, "burst"},
        {wire::capability::kStimulusPeriodic, "periodic"},
        {wire::capability::kStimulusRandom, "random"},
        {wire::capability::kNortonWiring, "norton"},
        {wire::capability::kVirtual, "virtual"},
    };
    std::string names;
    for (const auto& [bit, name] : kNames) {
        if (capabilities & bit) {
            names += (names.empty() ? "" : ", ") + std::string(name);
        }
    }
    return names.empty() ? "none" : names;
}

}  // namespace hwbridge::codec
