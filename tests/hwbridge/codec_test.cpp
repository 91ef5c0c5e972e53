// The fixture protocol codec: every message round-trips, and every malformed byte string is
// refused with the reason, never trusted.
#include "codec.h"

#include <gtest/gtest.h>

#include <random>

#include "sequence_tracker.h"

namespace {

using namespace hwbridge;
using wire::EventRecord;

std::vector<EventRecord> sampleRecords() {
    return {EventRecord::edge(1, wire::Line::NAck, true, 123'456'789'012ull, 0xFE),
            EventRecord::edge(2, wire::Line::NError, false, 0xFFFF'FFFF'FFFF'FFFFull),
            {wire::RecordType::Overflow, 0, 3, 17},
            {wire::RecordType::Error, static_cast<std::uint8_t>(wire::ErrorCode::Busy), 4, 0},
            EventRecord::plan(5, 123'456'000'000ull),
            {wire::RecordType::TrainEnd, 0, 5, 0xFFFF'FFFFull}};
}

TEST(Codec, PacketsRoundTrip) {
    const auto records = sampleRecords();
    std::vector<std::uint8_t> bytes;
    codec::encodePacket(records, bytes);
    EXPECT_EQ(bytes.size(), 4 + 16 * records.size());
    std::vector<EventRecord> decoded;
    const auto summary = codec::decodePacket(bytes, decoded);
    EXPECT_EQ(summary.error, codec::PacketError::None);
    EXPECT_EQ(summary.records, records.size());
    EXPECT_EQ(decoded, records);
    EXPECT_EQ(decoded[0].line(), wire::Line::NAck);
    EXPECT_TRUE(decoded[0].level());
    EXPECT_EQ(decoded[1].line(), wire::Line::NError);
    EXPECT_FALSE(decoded[1].level());
    EXPECT_EQ(decoded[0].stimulus, 0xFE);  // byte 3, under the check byte like the rest
}

// PROTOCOL.md: CRC-8, polynomial 0x07, initial 0, over the record with the check byte as 0.
TEST(Codec, TheCheckByteIsTheDocumentedCrcOfTheRecord) {
    const std::string_view standard_check = "123456789";  // CRC-8/SMBUS's check value: 0xF4
    EXPECT_EQ(codec::crc8({reinterpret_cast<const std::uint8_t*>(standard_check.data()),
                           standard_check.size()}),
              0xF4);
    for (const EventRecord& record : sampleRecords()) {
        auto bytes = codec::encodeRecord(record);
        const std::uint8_t check = bytes[2];
        bytes[2] = 0;
        EXPECT_EQ(check, codec::crc8(bytes)) << "record " << record.sequence;
    }
}

TEST(Codec, AnEmptyPacketIsValid) {
    std::vector<std::uint8_t> bytes;
    codec::encodePacket({}, bytes);
    std::vector<EventRecord> decoded;
    EXPECT_EQ(codec::decodePacket(bytes, decoded).error, codec::PacketError::None);
    EXPECT_TRUE(decoded.empty());
}

TEST(Codec, MalformedPacketsAreRefusedWhole) {
    std::vector<std::uint8_t> good;
    codec::encodePacket(sampleRecords(), good);
    std::vector<EventRecord> out;
    EXPECT_EQ(codec::decodePacket(std::span(good).first(3), out).error,
              codec::PacketError::TooShort);
    auto bad_magic = good;
    bad_magic[0] = 0x5A;
    EXPECT_EQ(codec::decodePacket(bad_magic, out).error, codec::PacketError::BadMagic);
    auto overstated = good;
    overstated[1] = 200;  // claims more records than the bytes hold
    EXPECT_EQ(codec::decodePacket(overstated, out).error, codec::PacketError::LengthMismatch);
    EXPECT_EQ(codec::decodePacket(std::span(good).first(good.size() - 1), out).error,
              codec::PacketError::LengthMismatch);
    EXPECT_TRUE(out.empty());
    EXPECT_NE(codec::packetErrorText(codec::PacketError::LengthMismatch), "ok");
}

TEST(Codec, EveryFlippedBitInARecordIsCaughtByTheCheckByte) {
    std::vector<std::uint8_t> good;
    codec::encodePacket(std::vector{EventRecord::edge(9, wire::Line::NAck, true, 42)}, good);
    for (std::size_t byte = 4; byte < good.size(); ++byte) {
        for (int bit = 0; bit < 8; ++bit) {
            auto corrupt = good;
            corrupt[byte] ^= static_cast<std::uint8_t>(1u << bit);
            std::vector<EventRecord> out;
            const auto summary = codec::decodePacket(corrupt, out);
            EXPECT_EQ(summary.records, 0u) << byte << ":" << bit;
            EXPECT_EQ(summary.corrupt + summary.unknown, 1u);
        }
    }
}

TEST(Codec, UnknownRecordTypesAreCountedAndDropped) {
    EventRecord odd{static_cast<wire::RecordType>(9), 0, 1, 0};
    std::vector<std::uint8_t> bytes;
    codec::encodePacket(std::vector{odd, EventRecord::edge(2, wire::Line::NAck, true, 5)}, bytes);
    std::vector<EventRecord> out;
    const auto summary = codec::decodePacket(bytes, out);
    EXPECT_EQ(summary.unknown, 1u);
    EXPECT_EQ(summary.records, 1u);
    EXPECT_EQ(out.at(0).sequence, 2u);
}

TEST(Codec, ControlBlocksRoundTripAndRefuseWrongSizesOrValues) {
    const wire::InfoBlock info{wire::kInfoMagic, 1, 0x0102, 0x7F, 4096};
    EXPECT_EQ(codec::decodeInfo(codec::encodeInfo(info)), info);
    auto bad_info = codec::encodeInfo(info);
    bad_info[0] ^= 1;
    EXPECT_FALSE(codec::decodeInfo(bad_info).has_value());
    EXPECT_FALSE(codec::decodeInfo(std::span(bad_info).first(15)).has_value());

    const wire::StimulusBlock stimulus{wire::StimulusMode::Random, 1000, 250'000, 0xDEADBEEF};
    EXPECT_EQ(codec::decodeStimulus(codec::encodeStimulus(stimulus)), stimulus);
    auto bad_mode = codec::encodeStimulus(stimulus);
    bad_mode[0] = 7;
    EXPECT_FALSE(codec::decodeStimulus(bad_mode).has_value());

    const wire::StatusBlock status{wire::ErrorCode::BadRegister, 12, 0xFFFF'FFF0u};
    EXPECT_EQ(codec::decodeStatus(codec::encodeStatus(status)), status);
    EXPECT_FALSE(codec::decodeStatus(std::vector<std::uint8_t>(8)).has_value());
    EXPECT_EQ(codec::decodeClock(codec::encodeClock(0x0123'4567'89AB'CDEFull)),
              0x0123'4567'89AB'CDEFull);
    EXPECT_FALSE(codec::decodeClock(std::vector<std::uint8_t>(7)).has_value());
}

TEST(Codec, RandomBytesNeverCrashAndNeverYieldMoreRecordsThanFit) {
    std::mt19937 random(7);
    std::vector<EventRecord> out;
    for (int i = 0; i < 20000; ++i) {
        std::vector<std::uint8_t> bytes(random() % 80);
        for (auto& b : bytes) {
            b = static_cast<std::uint8_t>(random());
        }
        if (!bytes.empty() && i % 2 == 0) {
            bytes[0] = wire::kPacketMagic;
        }
        out.clear();
        const auto summary = codec::decodePacket(bytes, out);
        EXPECT_LE(out.size() * wire::kRecordSize, bytes.size());
        EXPECT_EQ(out.size(), summary.records);
    }
}

TEST(SequenceTracker, TellsGapsDuplicatesAndReorderingApart) {
    SequenceTracker t;
    EXPECT_EQ(t.observe(10), SequenceVerdict::InOrder);
    EXPECT_EQ(t.observe(11), SequenceVerdict::InOrder);
    EXPECT_EQ(t.observe(14), SequenceVerdict::AfterGap);  // 12, 13 missing
    EXPECT_EQ(t.counts().missing, 2u);
    EXPECT_EQ(t.observe(12), SequenceVerdict::Late);
    EXPECT_EQ(t.counts().missing, 1u);
    EXPECT_EQ(t.counts().reordered, 1u);
    EXPECT_EQ(t.observe(12), SequenceVerdict::Duplicate);
    EXPECT_EQ(t.observe(14), SequenceVerdict::Duplicate);
    EXPECT_EQ(t.counts().duplicates, 2u);
    EXPECT_EQ(t.counts().accepted, 4u);
}

TEST(SequenceTracker, WrapsAroundAndForgetsBeyondItsWindow) {
    SequenceTracker t;
    t.observe(0xFFFF'FFFEu);
    EXPECT_EQ(t.observe(0xFFFF'FFFFu), SequenceVerdict::InOrder);
    EXPECT_EQ(t.observe(0u), SequenceVerdict::InOrder);
    EXPECT_EQ(t.observe(1u), SequenceVerdict::InOrder);
    EXPECT_EQ(t.counts().missing, 0u);
    t.observe(5000);
    EXPECT_EQ(t.observe(2), SequenceVerdict::TooOld);
}

}  // namespace
