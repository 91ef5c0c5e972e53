// Counts the allocations made on the interrupt path: a test executable that links
// allocation_counter.cpp counts each allocation made while the calling thread is dispatching a
// fixture port's packet (driver::FixturePort::onInterruptPath), from the packet's arrival to the
// ISRs' return (operator new replaced; under ASan or TSan, their allocation hook).
#pragma once

#include <cstdint>

namespace testing_support {

std::uint64_t interruptPathAllocations();

}  // namespace testing_support
