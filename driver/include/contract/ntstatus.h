// Status codes of the port driver's interrupt contract (../shared/spec/isr-contract.md, "Codes").
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace contract {

enum class NtStatus : std::uint32_t {
    Success = 0x00000000,
    Pending = 0x00000103,
    Unsuccessful = 0xC0000001,
    InvalidParameter = 0xC000000D,
    BufferTooSmall = 0xC0000023,
    DeletePending = 0xC0000056,
    InsufficientResources = 0xC000009A,
    NotSupported = 0xC00000BB,
    Cancelled = 0xC0000120,
};

struct StatusName {
    NtStatus status;
    std::string_view name;
};

inline constexpr StatusName kStatusNames[] = {
    {NtStatus::Success, "STATUS_SUCCESS"},
    {NtStatus::Pending, "STATUS_PENDING"},
    {NtStatus::Unsuccessful, "STATUS_UNSUCCESSFUL"},
    {NtStatus::InvalidParameter, "STATUS_INVALID_PARAMETER"},
    {NtStatus::BufferTooSmall, "STATUS_BUFFER_TOO_SMALL"},
    {NtStatus::DeletePending, "STATUS_DELETE_PENDING"},
    {NtStatus::InsufficientResources, "STATUS_INSUFFICIENT_RESOURCES"},
    {NtStatus::NotSupported, "STATUS_NOT_SUPPORTED"},
    {NtStatus::Cancelled, "STATUS_CANCELLED"},
};

constexpr std::string_view statusName(NtStatus status) {
    for (const auto& entry : kStatusNames) {
        if (entry.status == status) {
            return entry.name;
        }
    }
    return "STATUS_UNKNOWN";
}

constexpr std::optional<NtStatus> statusFromName(std::string_view name) {
    for (const auto& entry : kStatusNames) {
        if (entry.name == name) {
            return entry.status;
        }
    }
    return std::nullopt;
}

constexpr std::uint32_t statusValue(NtStatus status) {
    return static_cast<std::uint32_t>(status);
}

// NT_SUCCESS(): success and informational codes have the two top bits clear.
constexpr bool ntSuccess(NtStatus status) {
    return statusValue(status) < 0x80000000u;
}

}  // namespace contract
