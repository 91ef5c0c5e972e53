#include "bench_isrs.h"

#include "codec.h"
#include "run_backend.h"

namespace bench {

bool countingIsr(contract::KINTERRUPT*, void* bench_isr) {
    ++static_cast<BenchIsr*>(bench_isr)->calls;
    return true;
}

bool answeringIsr(contract::KINTERRUPT*, void* bench_isr) {
    auto* isr = static_cast<BenchIsr*>(bench_isr);
    ++isr->calls;
    const std::uint8_t data = isr->port->readRegister(driver::SppRegister::Data);
    isr->port->writeRegister(driver::SppRegister::Data, static_cast<std::uint8_t>(data ^ 1));
    return true;
}

void connectBenchIsr(driver::PortDriver& port_driver, contract::PPARALLEL_INTERRUPT_ROUTINE routine,
                     BenchIsr& context) {
    contract::InternalDeviceControlRequest connect(
        contract::IOCTL_INTERNAL_PARALLEL_CONNECT_INTERRUPT,
        sizeof(contract::PARALLEL_INTERRUPT_SERVICE_ROUTINE),
        sizeof(contract::PARALLEL_INTERRUPT_INFORMATION));
    connect.setInput(
        contract::PARALLEL_INTERRUPT_SERVICE_ROUTINE{routine, &context, nullptr, nullptr});
    port_driver.dispatch(connect);
    if (connect.ioStatus().Status != contract::NtStatus::Success) {
        throw engine::RunError("the bench's ISR could not be connected");
    }
}

std::vector<hwbridge::wire::EventRecord> edgeRecords(std::size_t count) {
    std::vector<hwbridge::wire::EventRecord> records;
    records.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        const auto number = static_cast<std::uint32_t>(i + 1);
        records.push_back(hwbridge::wire::EventRecord::edge(number, hwbridge::wire::Line::NAck,
                                                            true, 1'000'000'000 + 1000ULL * i,
                                                            static_cast<std::uint8_t>(number)));
    }
    return records;
}

EdgePackets::EdgePackets(std::span<const hwbridge::wire::EventRecord> records) {
    starts_.reserve(records.size() + 1);
    for (const hwbridge::wire::EventRecord& record : records) {
        starts_.push_back(bytes_.size());
        hwbridge::codec::encodePacket({&record, 1}, bytes_);
    }
    starts_.push_back(bytes_.size());
}

EdgePackets edgePackets(std::size_t count) {
    return EdgePackets(edgeRecords(count));
}

}  // namespace bench
