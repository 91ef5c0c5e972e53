// The standard parallel port's registers and bits (../shared/spec/isr-contract.md,
// "SPP registers"), shared by the fixture model and the port driver's hardware interface.
#pragma once

#include <cstdint>

namespace hwbridge::spp {

// Offsets from the port base.
enum class Register : std::uint8_t { Data = 0, Status = 1, Control = 2 };

inline constexpr std::uint8_t kStatusNError = 1u << 3;
inline constexpr std::uint8_t kStatusSelect = 1u << 4;
inline constexpr std::uint8_t kStatusPaperEnd = 1u << 5;
inline constexpr std::uint8_t kStatusNAck = 1u << 6;
inline constexpr std::uint8_t kStatusBusy = 1u << 7;        // inverted by the hardware
inline constexpr std::uint8_t kControlNStrobe = 1u << 0;    // inverted
inline constexpr std::uint8_t kControlNAutoFd = 1u << 1;    // inverted
inline constexpr std::uint8_t kControlNInit = 1u << 2;      // not inverted
inline constexpr std::uint8_t kControlNSelectIn = 1u << 3;  // inverted
inline constexpr std::uint8_t kControlIrqEnable = 1u << 4;
inline constexpr std::uint8_t kControlDirectionInput = 1u << 5;

}  // namespace hwbridge::spp
