// Typed, validated access to the fields of one console request. Every problem becomes a
// ConsoleError whose message names the field and what was expected.
#pragma once

#include <QJsonObject>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace cli {

class ConsoleError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class RequestFields {
public:
    // Refuses fields that the operation does not know (a typo must not silently become a default).
    RequestFields(const QJsonObject& request, std::string_view op,
                  std::initializer_list<std::string_view> allowed);

    bool has(std::string_view key) const;
    std::string string(std::string_view key, std::string_view fallback) const;
    std::int64_t integer(std::string_view key, std::int64_t fallback, std::int64_t min,
                         std::int64_t max) const;
    bool boolean(std::string_view key, bool fallback) const;
    // An unsigned 32-bit value given as a number or a "0x..." string.
    std::uint32_t code(std::string_view key) const;

private:
    QJsonValue value(std::string_view key) const;
    std::string describe(std::string_view key) const;

    const QJsonObject& request_;
    std::string op_;
};

}  // namespace cli
