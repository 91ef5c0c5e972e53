// A result.json made slower, for tests that need a baseline a run must pass (or fail) against
// whatever this host's noise: needs Qt Core only.
#pragma once

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <string>

namespace test_support {

// A result.json with every latency figure of every phase multiplied by `factor`: a slower run of
// the same timeline, with the same counts.
inline std::string scaledLatencies(const std::string& result_json, double factor) {
    QJsonObject root = QJsonDocument::fromJson(QByteArray::fromStdString(result_json)).object();
    QJsonArray phases = root["phases"].toArray();
    for (qsizetype i = 0; i < phases.size(); ++i) {
        QJsonObject phase = phases[i].toObject();
        QJsonObject latency = phase["latency_ns"].toObject();
        for (const QString& key : latency.keys()) {
            if (key != "count") {
                latency[key] = latency[key].toDouble() * factor;
            }
        }
        phase["latency_ns"] = latency;
        phases[i] = phase;
    }
    root["phases"] = phases;
    return QJsonDocument(root).toJson().toStdString();
}

// A result.json with every latency quantile of every phase later by `shift_ns` (its spread, and
// so the sampling error of each quantile, unchanged): a regression no host's noise can hide,
// where a scaled run of a broad distribution (a loaded sanitizer tree's: p90 ten times p50) can
// be within the sampling error of its own median.
inline std::string shiftedLatencies(const std::string& result_json, double shift_ns) {
    QJsonObject root = QJsonDocument::fromJson(QByteArray::fromStdString(result_json)).object();
    QJsonArray phases = root["phases"].toArray();
    for (qsizetype i = 0; i < phases.size(); ++i) {
        QJsonObject phase = phases[i].toObject();
        QJsonObject latency = phase["latency_ns"].toObject();
        for (const QString& key : latency.keys()) {
            if (key != "count" && key != "stdev" && latency["count"].toDouble() > 0) {
                latency[key] = latency[key].toDouble() + shift_ns;
            }
        }
        phase["latency_ns"] = latency;
        phases[i] = phase;
    }
    root["phases"] = phases;
    return QJsonDocument(root).toJson().toStdString();
}

}  // namespace test_support
