// The fixture protocol's numbers and messages (hwbridge/PROTOCOL.md), as plain types.
#pragma once

#include <cstdint>

namespace hwbridge::wire {

inline constexpr std::uint16_t kVendorId = 0x1209;          // pid.codes
inline constexpr std::uint16_t kDefaultProductId = 0x000A;  // a pid.codes test PID
inline constexpr std::uint8_t kEventEndpoint = 0x81;
inline constexpr std::uint8_t kRequestTypeOut = 0x40;    // vendor, device, host-to-device
inline constexpr std::uint8_t kRequestTypeIn = 0xC0;     // vendor, device, device-to-host
inline constexpr std::uint32_t kInfoMagic = 0x42525349;  // "ISRB"
inline constexpr std::uint16_t kProtocolVersion = 1;
inline constexpr std::uint8_t kPacketMagic = 0xA5;
inline constexpr std::size_t kPacketHeaderSize = 4;
inline constexpr std::size_t kRecordSize = 16;
inline constexpr std::size_t kInfoSize = 16;
inline constexpr std::size_t kStimulusSize = 24;
inline constexpr std::size_t kStatusSize = 12;
inline constexpr std::size_t kClockSize = 8;
inline constexpr std::size_t kFullSpeedPacket = 64;
inline constexpr std::size_t kHighSpeedPacket = 512;
// A stimulus edge that leaves more than this after its place on the train's timebase is late:
// the fixture says when it was due (a PLAN record), and latency counts from then.
inline constexpr std::int64_t kOnTimeToleranceNs = 1'000;

enum class Request : std::uint8_t {
    GetInfo = 0x01,
    ReadRegister = 0x02,
    WriteRegister = 0x03,
    SetIrqEnable = 0x04,
    SetWiring = 0x05,
    StartStimulus = 0x06,
    StopStimulus = 0x07,
    SetCapture = 0x08,
    GetClock = 0x09,
    GetStatus = 0x0A,
};

enum class ErrorCode : std::uint8_t {
    None = 0,
    UnknownRequest = 1,
    BadRegister = 2,
    BadValue = 3,
    Busy = 4,
    Unsupported = 5,
};

namespace capability {
inline constexpr std::uint32_t kIrqEvents = 1u << 0;
inline constexpr std::uint32_t kResponseCapture = 1u << 1;
inline constexpr std::uint32_t kStimulusBurst = 1u << 2;
inline constexpr std::uint32_t kStimulusPeriodic = 1u << 3;
inline constexpr std::uint32_t kStimulusRandom = 1u << 4;
inline constexpr std::uint32_t kNortonWiring = 1u << 5;
inline constexpr std::uint32_t kVirtual = 1u << 6;
inline constexpr std::uint32_t kStimulusPlan = 1u << 7;  // PLAN records before late edges
// Train edges carry their stimulus number mod 256, a train ends with a TRAIN_END record, and
// GET_STATUS counts the stimuli made: a lost stimulus is told from a lost response.
inline constexpr std::uint32_t kStimulusNumbers = 1u << 8;
}  // namespace capability

struct InfoBlock {
    std::uint32_t magic = kInfoMagic;
    std::uint16_t protocol_version = kProtocolVersion;
    std::uint16_t firmware_version = 0;
    std::uint32_t capabilities = 0;
    std::uint32_t max_burst = 0;
    bool operator==(const InfoBlock&) const = default;
};

enum class StimulusMode : std::uint8_t { Single = 0, Burst = 1, Periodic = 2, Random = 3 };

struct StimulusBlock {
    StimulusMode mode = StimulusMode::Single;
    std::uint32_t count = 1;
    std::uint64_t period_ns = 0;
    std::uint64_t seed = 0;
    bool operator==(const StimulusBlock&) const = default;
};

struct StatusBlock {
    ErrorCode last_error = ErrorCode::None;
    std::uint32_t events_dropped = 0;
    std::uint32_t stimuli = 0;  // stimulus edges the generator made since power-up (wraps)
    bool operator==(const StatusBlock&) const = default;
};

enum class RecordType : std::uint8_t { Edge = 1, Overflow = 2, Error = 3, Plan = 4, TrainEnd = 5 };
enum class Line : std::uint8_t { NAck = 0, NError = 1 };

struct EventRecord {
    RecordType type = RecordType::Edge;
    std::uint8_t detail = 0;
    std::uint32_t sequence = 0;
    // EDGE: fixture ns; OVERFLOW: events lost; ERROR: 0; PLAN: fixture ns the next edge was due;
    // TRAIN_END: the stimulus count (since power-up) when the train ended
    std::uint64_t value = 0;
    // EDGE on nAck: the stimulus count mod 256 when it was made (a train's edge counts itself;
    // an edge a register write made repeats the count of the last stimulus)
    std::uint8_t stimulus = 0;

    static EventRecord edge(std::uint32_t sequence, Line line, bool level, std::uint64_t t_ns,
                            std::uint8_t stimulus = 0) {
        return {RecordType::Edge,
                static_cast<std::uint8_t>(static_cast<std::uint8_t>(line) | (level ? 0x80 : 0)),
                sequence, t_ns, stimulus};
    }
    // Precedes a stimulus edge that left after its place on the train's timebase.
    static EventRecord plan(std::uint32_t sequence, std::uint64_t t_due_ns) {
        return {RecordType::Plan, 0, sequence, t_due_ns};
    }
    Line line() const { return static_cast<Line>(detail & 0x7F); }
    bool level() const { return (detail & 0x80) != 0; }
    bool operator==(const EventRecord&) const = default;
};

}  // namespace hwbridge::wire
