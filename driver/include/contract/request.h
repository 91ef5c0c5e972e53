// An internal device-control request as the port driver receives it: one shared system buffer
// (METHOD_BUFFERED: the output overwrites the input), an input and an output length, and the I/O
// status block the driver completes it with.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <type_traits>
#include <vector>

#include "contract/ntstatus.h"

namespace contract {

struct IO_STATUS_BLOCK {
    NtStatus Status = NtStatus::Pending;
    std::uintptr_t Information = 0;
};

class InternalDeviceControlRequest {
public:
    // The system buffer is sized max(input, output) like the I/O manager does, so the lengths the
    // driver sees can never exceed the memory behind them.
    InternalDeviceControlRequest(std::uint32_t io_control_code, std::uint32_t input_length,
                                 std::uint32_t output_length)
        : code_(io_control_code),
          input_length_(input_length),
          output_length_(output_length),
          system_buffer_(std::max(input_length, output_length), std::byte{0}) {}

    std::uint32_t ioControlCode() const { return code_; }
    std::uint32_t inputBufferLength() const { return input_length_; }
    std::uint32_t outputBufferLength() const { return output_length_; }
    IO_STATUS_BLOCK& ioStatus() { return io_status_; }
    const IO_STATUS_BLOCK& ioStatus() const { return io_status_; }

    // The caller's side: fills the input part of the buffer (truncated to the input length, as a
    // caller that declares a short buffer only hands over that many bytes).
    template <typename T>
    void setInput(const T& value) {
        static_assert(std::is_trivially_copyable_v<T>);
        const std::size_t length = std::min<std::size_t>(sizeof(T), input_length_);
        if (length > 0) {  // a zero-length buffer has no memory behind it at all
            std::memcpy(system_buffer_.data(), &value, length);
        }
    }

    // The driver's side: reads a whole T from the input, or nothing if the input is too short.
    template <typename T>
    std::optional<T> readInput() const {
        static_assert(std::is_trivially_copyable_v<T>);
        if (input_length_ < sizeof(T)) {
            return std::nullopt;
        }
        T value;
        std::memcpy(&value, system_buffer_.data(), sizeof(T));
        return value;
    }

    // The driver's side: writes a whole T over the buffer; false if the output is too short.
    template <typename T>
    bool writeOutput(const T& value) {
        static_assert(std::is_trivially_copyable_v<T>);
        if (output_length_ < sizeof(T)) {
            return false;
        }
        std::memcpy(system_buffer_.data(), &value, sizeof(T));
        return true;
    }

    // The caller's side after completion: the output part of the buffer.
    template <typename T>
    std::optional<T> readOutput() const {
        static_assert(std::is_trivially_copyable_v<T>);
        if (output_length_ < sizeof(T) || io_status_.Information < sizeof(T)) {
            return std::nullopt;
        }
        T value;
        std::memcpy(&value, system_buffer_.data(), sizeof(T));
        return value;
    }

    // The whole system buffer, max(input, output) bytes: what a driver in another address space
    // (the kernel module) receives and answers in, byte for byte.
    std::span<std::byte> systemBuffer() { return system_buffer_; }
    std::span<const std::byte> systemBuffer() const { return system_buffer_; }

    void complete(NtStatus status, std::uintptr_t information) {
        io_status_.Status = status;
        io_status_.Information = information;
    }

private:
    std::uint32_t code_;
    std::uint32_t input_length_;
    std::uint32_t output_length_;
    std::vector<std::byte> system_buffer_;
    IO_STATUS_BLOCK io_status_;
};

}  // namespace contract
