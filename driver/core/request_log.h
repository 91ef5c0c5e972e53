// The driver's event log: every request it answered, with its Status and Information, newest
// last, bounded (the oldest entries go first). Row 13's rejected reports are logged here as
// INVALID_PARAMETER although Windows would not return a status for them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "contract/ntstatus.h"

namespace driver {

struct RequestLogEntry {
    std::uint64_t number = 0;  // 1-based, never reused
    std::int64_t time_ns = 0;  // host CLOCK_MONOTONIC
    std::string
        request;  // "IOCTL_INTERNAL_PARALLEL_CONNECT_INTERRUPT", "IoReportInterruptActive", ...
    std::uint32_t code = 0;  // the IOCTL code; 0 for the report routines
    contract::NtStatus status = contract::NtStatus::Success;
    std::uintptr_t information = 0;
};

class RequestLog {
public:
    explicit RequestLog(std::size_t capacity = 4096) : capacity_(capacity) {}

    void add(std::string request, std::uint32_t code, contract::NtStatus status,
             std::uintptr_t information);
    // The newest `count` entries, oldest first.
    std::vector<RequestLogEntry> newest(std::size_t count) const;
    std::uint64_t total() const { return next_number_ - 1; }

private:
    std::size_t capacity_;
    std::deque<RequestLogEntry> entries_;
    std::uint64_t next_number_ = 1;
};

// The name of a request code, or "IOCTL 0x%08X" for one the contract does not know.
std::string requestName(std::uint32_t code);

}  // namespace driver
