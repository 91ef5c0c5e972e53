// libFuzzer target for the fixture codec: arbitrary bytes through every decoder. Properties
// checked: nothing crashes, a packet never yields more records than its bytes hold, a decoded
// packet's records re-encode and decode to themselves, blocks round-trip.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "codec.h"
#include "sequence_tracker.h"

namespace {

void require(bool condition) {
    if (!condition) {
        std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace hwbridge;
    const std::span<const std::uint8_t> bytes(data, size);

    std::vector<wire::EventRecord> records;
    const auto summary = codec::decodePacket(bytes, records);
    require(records.size() == summary.records);
    require(records.size() * wire::kRecordSize <= size);
    if (summary.error == codec::PacketError::None) {
        // What decoded re-encodes and decodes to the same records.
        std::vector<std::uint8_t> again;
        codec::encodePacket(records, again);
        std::vector<wire::EventRecord> twice;
        require(codec::decodePacket(again, twice).records == records.size());
        require(twice == records);
    }

    SequenceTracker tracker;
    for (const auto& record : records) {
        tracker.observe(record.sequence);
    }
    require(tracker.counts().accepted + tracker.counts().duplicates == records.size());

    if (auto info = codec::decodeInfo(bytes)) {
        require(codec::decodeInfo(codec::encodeInfo(*info)) == info);
    }
    if (auto stimulus = codec::decodeStimulus(bytes)) {
        require(codec::decodeStimulus(codec::encodeStimulus(*stimulus)) == stimulus);
    }
    if (auto status = codec::decodeStatus(bytes)) {
        require(codec::decodeStatus(codec::encodeStatus(*status)) == status);
    }
    codec::decodeClock(bytes);
    return 0;
}
