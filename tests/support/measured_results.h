// Results for the tests that judge runs against each other (the history command and the history
// panel): one short, real run on the virtual fixture, and the same result made slower.
#pragma once

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <string>

#include "run_controller.h"
#include "scenario.h"

namespace test_support {

// Active from the start, 400 ms at 2 kHz on the virtual fixture (ideal bus).
inline engine::RunResult shortMeasuredRun() {
    engine::RunOptions options;
    options.scenario = engine::parseScenario(
        R"({"name":"short","duration_ms":400,"stimulus":{"rate_hz":2000},
            "isrs":[{"isr":"responder","context":1}],
            "timeline":[{"at_ms":0,"step":"connect"}]})",
        "test scenario");
    options.tool_version = "test";
    return engine::runScenario(options);
}

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

}  // namespace test_support
