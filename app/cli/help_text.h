#pragma once

namespace cli {

// `isrbench --help`: every subcommand, and every console request with its fields and defaults.
extern const char* const kHelpText;

}  // namespace cli
