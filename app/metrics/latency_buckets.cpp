#include "latency_buckets.h"

#include <algorithm>

#include "exposition.h"

namespace metrics {

static_assert(LatencyBuckets::kBounds.size() == LatencyBuckets::kBoundsNs.size());

void LatencyBuckets::add(std::int64_t latency_ns) {
    for (std::size_t i = 0; i < kBoundsNs.size(); ++i) {
        at_or_below[i] += latency_ns <= kBoundsNs[i];
    }
    ++count;
    sum_seconds += static_cast<double>(latency_ns) * 1e-9;
    max_ns = std::max(max_ns, latency_ns);
}

void LatencyBuckets::addBucket(std::int64_t high_ns, std::uint64_t n) {
    for (std::size_t i = 0; i < kBoundsNs.size(); ++i) {
        at_or_below[i] += high_ns <= kBoundsNs[i] ? n : 0;
    }
    count += n;
}

void LatencyBuckets::write(std::string& out, std::string_view name, std::string_view labels) const {
    const std::string prefix = labels.empty() ? std::string() : std::string(labels) + ',';
    const std::string bucket = std::string(name) + "_bucket";
    for (std::size_t i = 0; i < kBounds.size(); ++i) {
        writeSample(out, bucket, prefix + label("le", formatNumber(kBounds[i])),
                    std::to_string(at_or_below[i]));
    }
    writeSample(out, bucket, prefix + label("le", "+Inf"), std::to_string(count));
    writeSample(out, std::string(name) + "_sum", labels, formatNumber(sum_seconds));
    writeSample(out, std::string(name) + "_count", labels, std::to_string(count));
}

}  // namespace metrics
