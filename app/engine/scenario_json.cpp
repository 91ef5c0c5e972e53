#include "scenario_json.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace engine {
namespace {

QString text(std::string_view value) {
    return QString::fromUtf8(value.data(), static_cast<qsizetype>(value.size()));
}

QJsonObject backendJson(const BackendSpec& backend) {
    QJsonObject json;
    json["kind"] = text(backendKindName(backend.kind));
    json["bus"] = text(backend.bus);
    json["faults"] = text(backend.faults);
    json["serial"] = text(backend.serial);
    if (backend.clock_drift_ppm != 0) {  // written only when set: older scenarios keep their hash
        json["clock_drift_ppm"] = backend.clock_drift_ppm;
    }
    // Written for the real ports only, so that a fixture scenario keeps its hash.
    if (backend.kind == BackendKind::Ppdev || backend.kind == BackendKind::KernelModule) {
        json["device"] = text(backend.device);
    }
    if (backend.kind == BackendKind::Ppdev) {
        json["respond_on_irq"] = backend.respond_on_irq;
    }
    if (backend.one_cpu) {
        json["one_cpu"] = true;
    }
    if (backend.generator_stall_ms != 0) {
        json["generator_stall_ms"] = static_cast<qint64>(backend.generator_stall_ms);
        json["generator_stall_at_ms"] = static_cast<qint64>(backend.generator_stall_at_ms);
    }
    return json;
}

QJsonObject stimulusJson(const StimulusSpec& stimulus) {
    QJsonObject json;
    json["mode"] = stimulus.mode == StimulusMode::Random ? "random" : "periodic";
    json["rate_hz"] = stimulus.rate_hz;
    json["count"] = static_cast<qint64>(stimulus.count);
    if (stimulus.latency_from == LatencyOrigin::Edge) {  // the default is left out: hashes keep
        json["latency_from"] = "edge";
    }
    return json;
}

QJsonArray isrsJson(const std::vector<IsrSpec>& isrs) {
    QJsonArray json;
    for (const IsrSpec& isr : isrs) {
        json.append(
            QJsonObject{{"isr", text(isr.routine)}, {"context", static_cast<qint64>(isr.context)}});
    }
    return json;
}

QJsonArray timelineJson(const std::vector<TimelineStep>& timeline) {
    QJsonArray json;
    for (const TimelineStep& step : timeline) {
        json.append(QJsonObject{{"at_ms", static_cast<qint64>(step.at_ms)},
                                {"step", text(stepName(step.step))}});
    }
    return json;
}

QJsonObject thresholdsJson(const Thresholds& thresholds) {
    QJsonObject json{
        {"p50_ratio", thresholds.p50_ratio},        {"p99_ratio", thresholds.p99_ratio},
        {"p999_ratio", thresholds.p999_ratio},      {"p50_noise", thresholds.p50_noise},
        {"p99_noise", thresholds.p99_noise},        {"p999_noise", thresholds.p999_noise},
        {"p50_noise_us", thresholds.p50_noise_us},  {"p99_noise_us", thresholds.p99_noise_us},
        {"p999_noise_us", thresholds.p999_noise_us}};
    if (thresholds.max_ratio) {
        json["max_ratio"] = *thresholds.max_ratio;
    }
    return json;
}

}  // namespace

std::string scenarioToJson(const Scenario& scenario) {
    QJsonObject json;
    json["name"] = text(scenario.name);
    json["backend"] = backendJson(scenario.backend);
    json["wiring"] = text(scenario.wiring);
    json["stimulus"] = stimulusJson(scenario.stimulus);
    json["isrs"] = isrsJson(scenario.isrs);
    json["duration_ms"] = static_cast<qint64>(scenario.duration_ms);
    json["timeline"] = timelineJson(scenario.timeline);
    json["thresholds"] = thresholdsJson(scenario.thresholds);
    // Written only when asked for, so that a scenario without it keeps its hash.
    const RealtimeRequest defaults;
    const RealtimeRequest& rt = scenario.realtime;
    if (rt.priority != defaults.priority || rt.cpus != defaults.cpus ||
        rt.lock_memory != defaults.lock_memory || rt.dma_latency != defaults.dma_latency) {
        QJsonArray cpus;
        for (const int cpu : rt.cpus) {
            cpus.append(cpu);
        }
        json["realtime"] = QJsonObject{{"priority", rt.priority},
                                       {"cpus", cpus},
                                       {"lock_memory", rt.lock_memory},
                                       {"dma_latency", rt.dma_latency}};
    }
    return QJsonDocument(json).toJson(QJsonDocument::Compact).toStdString();
}

}  // namespace engine
