// Polls `done` until it holds, for at most `limit`: a test waits for a condition, never for a
// guess at how long something takes (a loaded sanitizer tree is waited for, not failed).
#pragma once

#include <chrono>
#include <thread>

namespace testing_support {

template <typename Predicate>
bool eventually(Predicate done, std::chrono::milliseconds limit = std::chrono::seconds(10)) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline) {
            return false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return true;
}

}  // namespace testing_support
