// A result.json made slower, for tests that need a baseline a run must pass (or fail) against
// whatever this host's noise: needs Qt Core only.
#pragma once

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <string>

namespace test_support {

// A result.json with `change(key, value, count)` applied to every latency figure of every phase
// (the count itself left alone).
template <typename Change>
std::string withLatencies(const std::string& result_json, Change change) {
    QJsonObject root = QJsonDocument::fromJson(QByteArray::fromStdString(result_json)).object();
    QJsonArray phases = root["phases"].toArray();
    for (qsizetype i = 0; i < phases.size(); ++i) {
        QJsonObject phase = phases[i].toObject();
        QJsonObject latency = phase["latency_ns"].toObject();
        for (const QString& key : latency.keys()) {
            if (key != "count") {
                latency[key] = change(key, latency[key].toDouble(), latency["count"].toDouble());
            }
        }
        phase["latency_ns"] = latency;
        phases[i] = phase;
    }
    root["phases"] = phases;
    return QJsonDocument(root).toJson().toStdString();
}

// Every latency figure multiplied by `factor`: a slower run of the same timeline, with the same
// counts.
inline std::string scaledLatencies(const std::string& result_json, double factor) {
    return withLatencies(result_json,
                         [factor](const QString&, double value, double) { return value * factor; });
}

// Every latency quantile later by `shift_ns` (its spread, and so the sampling error of each
// quantile, unchanged): a regression no host's noise can hide, where a scaled run of a broad
// distribution (a loaded sanitizer tree's: p90 ten times p50) can be within the sampling error
// of its own median.
inline std::string shiftedLatencies(const std::string& result_json, double shift_ns) {
    return withLatencies(result_json, [shift_ns](const QString& key, double value, double count) {
        return key != "stdev" && count > 0 ? value + shift_ns : value;
    });
}

}  // namespace test_support
