// What `isrbench bench` (and tests/bench/fixture_bench) time a fixture report's way to: a minimal
// ISR (count, claim) and one that answers as the responder does, and the reports themselves.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "contract/parallel.h"
#include "port_driver.h"
#include "port_hardware.h"
#include "wire.h"

namespace bench {

struct BenchIsr {
    driver::PortHardware* port = nullptr;  // the answering ISR's port
    std::uint64_t calls = 0;
};

bool countingIsr(contract::KINTERRUPT* interrupt, void* bench_isr);
// Reads the data register and writes it back with D0 toggled, as the responder does.
bool answeringIsr(contract::KINTERRUPT* interrupt, void* bench_isr);

// Connects `routine` with `context` through the driver's CONNECT_INTERRUPT request; throws
// engine::RunError when the driver refuses it.
void connectBenchIsr(driver::PortDriver& port_driver, contract::PPARALLEL_INTERRUPT_ROUTINE routine,
                     BenchIsr& context);

// `count` nAck edge records, numbered on from 1: every one a new interrupt.
std::vector<hwbridge::wire::EventRecord> edgeRecords(std::size_t count);
// The same edges as report packets of one record each, back to back in one buffer as the records
// are in theirs: the two ways into the port are timed over the same kind of memory.
class EdgePackets {
public:
    explicit EdgePackets(std::span<const hwbridge::wire::EventRecord> records);
    std::span<const std::uint8_t> operator[](std::size_t i) const {
        return std::span(bytes_).subspan(starts_[i], starts_[i + 1] - starts_[i]);
    }

private:
    std::vector<std::uint8_t> bytes_;
    std::vector<std::size_t> starts_;  // packet i is bytes_[starts_[i], starts_[i + 1])
};
EdgePackets edgePackets(std::size_t count);

}  // namespace bench
