// Request codes and structures of the parallel-port interrupt-client interface
// (../shared/spec/isr-contract.md, "Codes" and "Structures"). Field names follow the Windows DDK
// so that the contract reads the same here as in the seed documents.
#pragma once

#include <cstdint>

namespace contract {

// CTL_CODE(DeviceType, Function, Method, Access) as in the DDK.
constexpr std::uint32_t ctlCode(std::uint32_t device_type, std::uint32_t function,
                                std::uint32_t method, std::uint32_t access) {
    return (device_type << 16) | (access << 14) | (function << 2) | method;
}

inline constexpr std::uint32_t FILE_DEVICE_PARALLEL_PORT = 0x16;
inline constexpr std::uint32_t METHOD_BUFFERED = 0;
inline constexpr std::uint32_t FILE_ANY_ACCESS = 0;

inline constexpr std::uint32_t IOCTL_INTERNAL_PARALLEL_CONNECT_INTERRUPT =
    ctlCode(FILE_DEVICE_PARALLEL_PORT, 13, METHOD_BUFFERED, FILE_ANY_ACCESS);
inline constexpr std::uint32_t IOCTL_INTERNAL_PARALLEL_DISCONNECT_INTERRUPT =
    ctlCode(FILE_DEVICE_PARALLEL_PORT, 14, METHOD_BUFFERED, FILE_ANY_ACCESS);
inline constexpr std::uint32_t IOCTL_INTERNAL_PARALLEL_PORT_FREE =
    ctlCode(FILE_DEVICE_PARALLEL_PORT, 40, METHOD_BUFFERED, FILE_ANY_ACCESS);

static_assert(IOCTL_INTERNAL_PARALLEL_CONNECT_INTERRUPT == 0x00160034);
static_assert(IOCTL_INTERNAL_PARALLEL_DISCONNECT_INTERRUPT == 0x00160038);
static_assert(IOCTL_INTERNAL_PARALLEL_PORT_FREE == 0x001600A0);

// The port's interrupt connection. Opaque to clients: they only hand it back to the driver
// (report active/inactive) and receive it in their ISR.
struct KINTERRUPT;

using PPARALLEL_INTERRUPT_ROUTINE = bool (*)(KINTERRUPT* interrupt, void* context);
using PPARALLEL_DEFERRED_ROUTINE = void (*)(void* context);
using PPARALLEL_TRY_ALLOCATE_ROUTINE = bool (*)(void* context);
using PPARALLEL_FREE_ROUTINE = void (*)(void* context);

// Input of CONNECT and DISCONNECT.
struct PARALLEL_INTERRUPT_SERVICE_ROUTINE {
    PPARALLEL_INTERRUPT_ROUTINE InterruptServiceRoutine;
    void* InterruptServiceContext;
    PPARALLEL_DEFERRED_ROUTINE DeferredPortCheckRoutine;  // optional
    void* DeferredPortCheckContext;                       // optional
};

// Output of CONNECT.
struct PARALLEL_INTERRUPT_INFORMATION {
    KINTERRUPT* InterruptObject;
    PPARALLEL_TRY_ALLOCATE_ROUTINE TryAllocatePortAtInterruptLevel;
    PPARALLEL_FREE_ROUTINE FreePortFromInterruptLevel;
    void* Context;
};

static_assert(sizeof(PARALLEL_INTERRUPT_SERVICE_ROUTINE) == 4 * sizeof(void*));
static_assert(sizeof(PARALLEL_INTERRUPT_INFORMATION) == 4 * sizeof(void*));

// KINTERRUPT_CONNECTION_TYPE values; the parallel port's interrupt is line based.
inline constexpr std::uint32_t CONNECT_FULLY_SPECIFIED = 0x1;
inline constexpr std::uint32_t CONNECT_LINE_BASED = 0x2;
inline constexpr std::uint32_t CONNECT_MESSAGE_BASED = 0x3;

// Input of IoReportInterruptActive / IoReportInterruptInactive.
struct IO_REPORT_INTERRUPT_ACTIVE_STATE_PARAMETERS {
    std::uint32_t Version;  // must equal the connection's version
    union {
        KINTERRUPT* InterruptObject;
    } ConnectionContext;
};

}  // namespace contract
