#include "window_launch.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <QTemporaryDir>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <regex>
#include <vector>

#include "monotonic_clock.h"
#include "run_backend.h"

namespace bench {
namespace {

constexpr int kLaunches = 3;

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

// Runs `arguments` (the program first) with the offscreen platform, to its end; its standard
// output into `out`; the whole life in ms. posix_spawn rather than QProcess: QProcess's clone()
// trips ThreadSanitizer's fork hooks, and the sanitizer trees run this too.
double launch(const std::vector<std::string>& arguments, std::string& out) {
    int pipe_ends[2];
    if (pipe(pipe_ends) != 0) {
        throw engine::RunError(std::string("no pipe for a launch: ") + std::strerror(errno));
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipe_ends[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, pipe_ends[0]);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    std::vector<char*> argv;
    for (const std::string& argument : arguments) {
        argv.push_back(const_cast<char*>(argument.c_str()));
    }
    argv.push_back(nullptr);
    std::vector<std::string> environment{"QT_QPA_PLATFORM=offscreen"};
    for (char** variable = environ; *variable != nullptr; ++variable) {
        if (std::strncmp(*variable, "QT_QPA_PLATFORM=", 16) != 0) {
            environment.emplace_back(*variable);
        }
    }
    std::vector<char*> envp;
    for (std::string& variable : environment) {
        envp.push_back(variable.data());
    }
    envp.push_back(nullptr);

    const std::int64_t start = hwbridge::monotonicNowNs();
    pid_t child = 0;
    const int spawned = posix_spawn(&child, argv[0], &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    close(pipe_ends[1]);
    if (spawned != 0) {
        close(pipe_ends[0]);
        throw engine::RunError("could not launch " + arguments[0] + ": " + std::strerror(spawned));
    }
    char buffer[4096];
    for (ssize_t n; (n = read(pipe_ends[0], buffer, sizeof buffer)) != 0;) {
        if (n > 0) {
            out.append(buffer, static_cast<std::size_t>(n));
        } else if (errno != EINTR) {
            break;
        }
    }
    close(pipe_ends[0]);
    int status = 0;
    while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    const std::int64_t end = hwbridge::monotonicNowNs();
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        throw engine::RunError("launching " + arguments[0] + " " + arguments[1] + " failed");
    }
    return static_cast<double>(end - start) / 1e6;
}

}  // namespace

BenchFigure launchToFirstFrame(const std::string& executable) {
    const QTemporaryDir directory;
    const std::string picture = directory.filePath(QStringLiteral("first-frame.png")).toStdString();
    const std::regex painted("first frame painted ([0-9]+) ms");
    std::vector<double> to_first_frame;
    std::vector<double> bare_launch;
    for (int i = 0; i < kLaunches; ++i) {
        std::string out;
        bare_launch.push_back(launch({executable, "--version"}, out));
        out.clear();
        launch({executable, "--screenshot", picture, "--after", "0"}, out);
        std::smatch match;
        if (!std::regex_search(out, match, painted)) {
            throw engine::RunError("the window did not say when it first painted");
        }
        to_first_frame.push_back(std::stod(match[1].str()));
    }
    return {"launch to the window's first painted frame (goal < 1 s)", median(to_first_frame) * 1e6,
            "launch and exit of isrbench --version", median(bare_launch) * 1e6, 0};
}

}  // namespace bench
