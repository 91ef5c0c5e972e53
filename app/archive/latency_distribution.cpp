#include "latency_distribution.h"

#include <charconv>
#include <stdexcept>

namespace archive {
namespace {

std::uint64_t numberAt(const std::string& text, std::size_t& at) {
    std::uint64_t value = 0;
    const char* first = text.data() + at;
    const char* last = text.data() + text.size();
    const auto [stop, error] = std::from_chars(first, last, value);
    if (error != std::errc{} || stop == first) {
        throw std::invalid_argument("not a number at character " + std::to_string(at + 1) +
                                    " of \"" + text.substr(0, 40) + "\"");
    }
    at = static_cast<std::size_t>(stop - text.data());
    return value;
}

// After a value: the end, or one space and more.
bool moreAfter(const std::string& text, std::size_t& at) {
    if (at == text.size()) {
        return false;
    }
    if (text[at] != ' ' || at + 1 == text.size()) {
        throw std::invalid_argument("a stray character at " + std::to_string(at + 1) + " of \"" +
                                    text.substr(0, 40) + "\"");
    }
    ++at;
    return true;
}

}  // namespace

HistogramBuckets HistogramBuckets::of(const engine::LatencyHistogram& histogram) {
    HistogramBuckets stored;
    const engine::LatencySummary summary = histogram.summary();
    stored.count = summary.count;
    stored.min_ns = summary.min;
    stored.max_ns = summary.max;
    stored.mean_ns = summary.mean;
    stored.stdev_ns = summary.stdev;
    histogram.forEachBucket([&](const engine::LatencyHistogram::Bucket& bucket) {
        stored.buckets.emplace_back(engine::LatencyHistogram::bucketOf(bucket.low), bucket.count);
    });
    return stored;
}

std::string pairsText(const std::vector<std::pair<std::size_t, std::uint64_t>>& pairs) {
    std::string text;
    for (const auto& [index, count] : pairs) {
        text += (text.empty() ? "" : " ") + std::to_string(index) + ':' + std::to_string(count);
    }
    return text;
}

std::vector<std::pair<std::size_t, std::uint64_t>> pairsFromText(const std::string& text) {
    std::vector<std::pair<std::size_t, std::uint64_t>> pairs;
    std::size_t at = 0;
    while (!text.empty()) {
        const std::uint64_t index = numberAt(text, at);
        if (at == text.size() || text[at] != ':') {
            throw std::invalid_argument("an index without ':count' in \"" + text.substr(0, 40) +
                                        "\"");
        }
        ++at;
        pairs.emplace_back(static_cast<std::size_t>(index), numberAt(text, at));
        if (!moreAfter(text, at)) {
            break;
        }
    }
    return pairs;
}

std::string numbersText(const std::vector<std::uint64_t>& numbers) {
    std::string text;
    for (const std::uint64_t number : numbers) {
        text += (text.empty() ? "" : " ") + std::to_string(number);
    }
    return text;
}

std::vector<std::uint64_t> numbersFromText(const std::string& text) {
    std::vector<std::uint64_t> numbers;
    std::size_t at = 0;
    while (!text.empty()) {
        numbers.push_back(numberAt(text, at));
        if (!moreAfter(text, at)) {
            break;
        }
    }
    return numbers;
}

}  // namespace archive
