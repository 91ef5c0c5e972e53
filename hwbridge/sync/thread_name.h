#pragma once

#include <pthread.h>

#include <algorithm>
#include <string_view>

namespace hwbridge {

// Names the calling thread as `top -H`, `ps -L`, perf and gdb show it. The kernel keeps 15
// characters; a longer name is cut there rather than refused.
inline void nameThisThread(const char* name) noexcept {
    char kept[16] = {};
    const std::string_view whole(name);
    whole.copy(kept, std::min(whole.size(), sizeof kept - 1));
    pthread_setname_np(pthread_self(), kept);
}

}  // namespace hwbridge
