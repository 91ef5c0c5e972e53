// Report files are written whole or not at all: into a temporary file next to the target, then
// renamed over it, so that a crash or a full disk never leaves a half-written report behind.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string_view>

namespace report {

class WriteError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Throws WriteError naming the file and the system's reason.
void writeFileAtomically(const std::filesystem::path& file, std::string_view bytes);

}  // namespace report
