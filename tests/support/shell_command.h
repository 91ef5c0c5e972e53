// A command run through the shell, its output (stdout and stderr if the command merges them)
// and exit code, for tests that run the product's executable as a user does.
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <string>

namespace testing_support {

struct ShellOutcome {
    int exit_code = -1;  // -1: it could not be started, or a signal ended it
    std::string output;
};

inline ShellOutcome runShell(const std::string& command) {
    ShellOutcome outcome;
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) {
        return outcome;
    }
    char buffer[4096];
    while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) {
        outcome.output += buffer;
    }
    const int status = pclose(pipe);
    outcome.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return outcome;
}

}  // namespace testing_support
