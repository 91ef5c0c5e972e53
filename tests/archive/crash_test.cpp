// A writer killed with SIGKILL in the middle of a run (archive_crash_writer) must leave a history
// that opens cleanly, passes PRAGMA integrity_check, shows the run as incomplete and holds every
// second the writer had seen committed.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <set>
#include <string>

#include "archive_test_support.h"

extern char** environ;

namespace {

using archive_test::TempDirectory;

// What the writer printed before it was killed.
struct WriterLog {
    std::int64_t run_id = 0;
    std::set<std::int64_t> committed;
};

class CrashWriter {
public:
    CrashWriter(const std::string& history, const std::string& interval_ms) {
        int pipe_ends[2];
        if (pipe2(pipe_ends, O_CLOEXEC) != 0) {
            throw std::runtime_error("pipe2 failed");
        }
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, pipe_ends[1], STDOUT_FILENO);
        std::string program = ARCHIVE_CRASH_WRITER;
        std::string path = history;
        std::string interval = interval_ms;
        char* argv[] = {program.data(), path.data(), interval.data(), nullptr};
        const int rc = posix_spawn(&pid_, program.c_str(), &actions, nullptr, argv, environ);
        posix_spawn_file_actions_destroy(&actions);
        close(pipe_ends[1]);
        output_ = pipe_ends[0];
        if (rc != 0) {
            close(output_);
            throw std::runtime_error("cannot start " + program);
        }
    }
    ~CrashWriter() {
        killAndReap();
        close(output_);
    }
    CrashWriter(const CrashWriter&) = delete;
    CrashWriter& operator=(const CrashWriter&) = delete;

    // Reads the writer's lines until it has reported `count` committed seconds (or 30 s pass).
    WriterLog waitForCommits(std::size_t count) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        while (log_.committed.size() < count && std::chrono::steady_clock::now() < deadline) {
            pollfd readable{output_, POLLIN, 0};
            if (poll(&readable, 1, 100) > 0 && !readSome()) {
                break;  // the writer closed its output: it stopped on its own
            }
        }
        return log_;
    }

    // SIGKILL, then waitpid: only once reaped is the pid really gone (a zombie still answers
    // kill(pid, 0)). Returns the wait status.
    int killAndReap() {
        if (pid_ > 0) {
            kill(pid_, SIGKILL);
            waitpid(pid_, &status_, 0);
            pid_ = 0;
        }
        return status_;
    }

private:
    bool readSome() {
        char buffer[4096];
        const ssize_t n = read(output_, buffer, sizeof buffer);
        if (n <= 0) {
            return false;
        }
        pending_.append(buffer, static_cast<std::size_t>(n));
        for (auto end = pending_.find('\n'); end != std::string::npos; end = pending_.find('\n')) {
            takeLine(pending_.substr(0, end));
            pending_.erase(0, end + 1);
        }
        return true;
    }
    void takeLine(const std::string& line) {
        if (line.rfind("run ", 0) == 0) {
            log_.run_id = std::stoll(line.substr(4));
        } else if (!line.empty()) {
            log_.committed.insert(std::stoll(line));
        }
    }

    pid_t pid_ = 0;
    int status_ = 0;
    int output_ = -1;
    std::string pending_;
    WriterLog log_;
};

void expectIntactHistoryHolding(const std::string& path, const WriterLog& log) {
    // First with SQLite alone, before the library under test has touched the file.
    EXPECT_EQ(archive_test::sqliteValue(path, "PRAGMA integrity_check"), "ok");

    archive::RunHistory history(path, archive::OpenMode::ExistingOnly);
    EXPECT_EQ(history.integrityCheck(), "ok");
    const auto runs = history.list();
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].id, log.run_id);
    EXPECT_EQ(runs[0].state, archive::RunState::Incomplete);

    const auto run = history.find(log.run_id);
    ASSERT_TRUE(run.has_value());
    std::set<std::int64_t> stored;
    for (const auto& second : run->seconds) {
        stored.insert(second.second);
    }
    for (const std::int64_t index : log.committed) {
        EXPECT_TRUE(stored.count(index) == 1) << "second " << index << " was reported committed";
    }
    // Nothing half-written either: the seconds are 0..n-1, each complete.
    ASSERT_FALSE(run->seconds.empty());
    EXPECT_EQ(run->seconds.back().second, static_cast<std::int64_t>(run->seconds.size()) - 1);
    for (const auto& second : run->seconds) {
        EXPECT_EQ(second.latency_p50_ns, 3'500 + second.second);
    }
    // The distribution went in with each second, in its transaction: it is the last second's.
    const auto distribution = history.distribution(log.run_id);
    ASSERT_TRUE(distribution.has_value());
    EXPECT_FALSE(distribution->complete);
    EXPECT_EQ(distribution->histogram.count, run->seconds.size());
    EXPECT_EQ(distribution->histogram.max_ns, 3'000 + run->seconds.back().second);
    EXPECT_EQ(distribution->microseconds.samples, run->seconds.size());
}

TEST(RunHistoryCrash, AWriterKilledMidRunLeavesAnIntactHistoryWithEverySecondItCommitted) {
    TempDirectory dir;
    const std::string path = dir.file("history.sqlite");
    CrashWriter writer(path, "10");
    const WriterLog log = writer.waitForCommits(20);
    const int status = writer.killAndReap();
    ASSERT_GE(log.committed.size(), 20u) << "the writer did not get going";
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    expectIntactHistoryHolding(path, log);
}

// Without a pause between commits, the kill most likely lands inside one.
TEST(RunHistoryCrash, AWriterKilledWhileCommittingAsFastAsItCanLosesNothingCommitted) {
    for (int round = 0; round < 5; ++round) {
        TempDirectory dir;
        const std::string path = dir.file("history.sqlite");
        CrashWriter writer(path, "0");
        const WriterLog log = writer.waitForCommits(200 + 37 * static_cast<std::size_t>(round));
        const int status = writer.killAndReap();
        ASSERT_GE(log.committed.size(), 200u) << "the writer did not get going";
        ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
        expectIntactHistoryHolding(path, log);
    }
}

}  // namespace
