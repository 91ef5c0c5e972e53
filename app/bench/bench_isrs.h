// What `isrbench bench` (and tests/bench/fixture_bench) time a fixture report's way to: a minimal
// ISR (count, claim) and one that answers as the responder does, and the reports themselves.
#pragma once

#include <cstddef>
#include <cstdint>
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
// The same edges as report packets of one record each.
std::vector<std::vector<std::uint8_t>> edgePackets(std::size_t count);

}  // namespace bench
