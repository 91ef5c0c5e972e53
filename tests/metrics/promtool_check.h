// promtool's verdict on an exposition (`promtool check metrics`, Debian's prometheus package).
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "shell_command.h"

namespace metrics_test {

inline bool havePromtool() {
    return testing_support::runShell("command -v promtool >/dev/null 2>&1").exit_code == 0;
}

// Its exit code and what it said.
inline testing_support::ShellOutcome promtoolCheck(const std::string& text) {
    namespace fs = std::filesystem;
    const fs::path file =
        fs::temp_directory_path() / ("isrbench-metrics-" + std::to_string(::getpid()) + ".prom");
    std::ofstream(file) << text;
    testing_support::ShellOutcome outcome =
        testing_support::runShell("promtool check metrics < " + file.string() + " 2>&1");
    fs::remove(file);
    return outcome;
}

}  // namespace metrics_test
