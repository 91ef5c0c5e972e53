#include "request_fields.h"

#include <QJsonValue>
#include <algorithm>
#include <cmath>
#include <limits>

namespace cli {
namespace {

QString qkey(std::string_view key) {
    return QString::fromUtf8(key.data(), static_cast<qsizetype>(key.size()));
}

std::string join(std::initializer_list<std::string_view> names) {
    std::string out;
    for (auto name : names) {
        out += out.empty() ? "" : ", ";
        out += name;
    }
    return out;
}

}  // namespace

RequestFields::RequestFields(const QJsonObject& request, std::string_view op,
                             std::initializer_list<std::string_view> allowed)
    : request_(request), op_(op) {
    for (auto it = request.begin(); it != request.end(); ++it) {
        const std::string key = it.key().toStdString();
        if (key == "op") {
            continue;
        }
        if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
            throw ConsoleError("unknown field '" + key + "' for op '" + op_ + "' (expected " +
                               (allowed.size() ? join(allowed) : std::string("no fields")) + ")");
        }
    }
}

bool RequestFields::has(std::string_view key) const {
    return request_.contains(qkey(key));
}

QJsonValue RequestFields::value(std::string_view key) const {
    return request_.value(qkey(key));
}

std::string RequestFields::describe(std::string_view key) const {
    return "field '" + std::string(key) + "' of op '" + op_ + "'";
}

std::string RequestFields::string(std::string_view key, std::string_view fallback) const {
    if (!has(key)) {
        return std::string(fallback);
    }
    const QJsonValue v = value(key);
    if (!v.isString()) {
        throw ConsoleError(describe(key) + " must be a string");
    }
    return v.toString().toStdString();
}

std::int64_t RequestFields::integer(std::string_view key, std::int64_t fallback, std::int64_t min,
                                    std::int64_t max) const {
    if (!has(key)) {
        return fallback;
    }
    const QJsonValue v = value(key);
    const double d = v.toDouble();
    if (!v.isDouble() || std::trunc(d) != d || d < static_cast<double>(min) ||
        d > static_cast<double>(max)) {
        throw ConsoleError(describe(key) + " must be an integer from " + std::to_string(min) +
                           " to " + std::to_string(max));
    }
    return static_cast<std::int64_t>(d);
}

bool RequestFields::boolean(std::string_view key, bool fallback) const {
    if (!has(key)) {
        return fallback;
    }
    const QJsonValue v = value(key);
    if (!v.isBool()) {
        throw ConsoleError(describe(key) + " must be true or false");
    }
    return v.toBool();
}

std::uint32_t RequestFields::code(std::string_view key) const {
    const QJsonValue v = value(key);
    constexpr double kMax = std::numeric_limits<std::uint32_t>::max();
    if (v.isDouble()) {
        const double d = v.toDouble();
        if (std::trunc(d) == d && d >= 0 && d <= kMax) {
            return static_cast<std::uint32_t>(d);
        }
    } else if (v.isString()) {
        bool ok = false;
        const qulonglong parsed = v.toString().toULongLong(&ok, 0);
        if (ok && parsed <= kMax) {
            return static_cast<std::uint32_t>(parsed);
        }
    }
    throw ConsoleError(describe(key) +
                       " must be a 32-bit request code, a number or a string like \"0x00160034\"");
}

}  // namespace cli
