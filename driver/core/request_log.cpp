#include "request_log.h"

#include <cstdio>

#include "contract/parallel.h"
#include "monotonic_clock.h"

namespace driver {

void RequestLog::add(std::string request, std::uint32_t code, contract::NtStatus status,
                     std::uintptr_t information) {
    entries_.push_back({next_number_++, hwbridge::monotonicNowNs(), std::move(request), code,
                        status, information});
    if (entries_.size() > capacity_) {
        entries_.pop_front();
    }
}

std::vector<RequestLogEntry> RequestLog::newest(std::size_t count) const {
    const std::size_t first = entries_.size() > count ? entries_.size() - count : 0;
    return {entries_.begin() + static_cast<std::ptrdiff_t>(first), entries_.end()};
}

std::string requestName(std::uint32_t code) {
    switch (code) {
        case contract::IOCTL_INTERNAL_PARALLEL_CONNECT_INTERRUPT:
            return "IOCTL_INTERNAL_PARALLEL_CONNECT_INTERRUPT";
        case contract::IOCTL_INTERNAL_PARALLEL_DISCONNECT_INTERRUPT:
            return "IOCTL_INTERNAL_PARALLEL_DISCONNECT_INTERRUPT";
        case contract::IOCTL_INTERNAL_PARALLEL_PORT_FREE:
            return "IOCTL_INTERNAL_PARALLEL_PORT_FREE";
        default: {
            char text[32];
            std::snprintf(text, sizeof text, "IOCTL 0x%08X", code);
            return text;
        }
    }
}

}  // namespace driver
