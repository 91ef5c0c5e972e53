// Why an endpoint could not be opened (a malformed HOST:PORT, a host that does not resolve, an
// address already in use): the message is a sentence the caller prints as it is.
#pragma once

#include <stdexcept>

namespace metrics {

class MetricsServerError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace metrics
