#include "scenario.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <cmath>
#include <map>
#include <set>

#include "bus_model.h"
#include "fault_plan.h"
#include "json_locator.h"

namespace engine {
namespace {

std::string show(const QJsonValue& value) {
    if (value.isString()) {
        return "\"" + value.toString().toStdString() + "\"";
    }
    if (value.isDouble()) {
        return QString::number(value.toDouble()).toStdString();
    }
    if (value.isBool()) {
        return value.toBool() ? "true" : "false";
    }
    if (value.isNull()) {
        return "null";
    }
    return value.isArray() ? "an array" : "an object";
}

// Turns a field path into a place in the file, or into the --set that put the value there.
class Locations {
public:
    Locations(std::string_view text, std::string file, std::map<std::string, std::string> overrides)
        : locator_(text), file_(std::move(file)), overrides_(std::move(overrides)) {}

    std::string of(const std::string& path) const {
        for (const auto& [overridden, assignment] : overrides_) {
            if (path == overridden || path.rfind(overridden + ".", 0) == 0 ||
                path.rfind(overridden + "[", 0) == 0) {
                return "--set " + assignment;
            }
        }
        const TextPosition at = locator_.find(path);
        return file_ + ":" + std::to_string(at.line) + ":" + std::to_string(at.column);
    }
    [[noreturn]] void fail(const std::string& path, const std::string& message) const {
        throw ScenarioError(of(path), (path.empty() ? "" : path + ": ") + message);
    }

private:
    JsonLocator locator_;
    std::string file_;
    std::map<std::string, std::string> overrides_;
};

// Typed access to one JSON object's fields; unknown fields are refused (a typo must not silently
// become a default).
class Fields {
public:
    Fields(const QJsonValue& value, std::string path, const Locations& where,
           std::set<std::string> allowed)
        : path_(std::move(path)), where_(where) {
        if (!value.isObject()) {
            where_.fail(path_, "expected an object, found " + show(value));
        }
        object_ = value.toObject();
        for (const QString& key : object_.keys()) {
            if (allowed.count(key.toStdString()) == 0) {
                where_.fail(pathOf(key.toStdString()),
                            "unknown field (known: " + list(allowed) + ")");
            }
        }
    }

    std::string pathOf(const std::string& key) const {
        return path_.empty() ? key : path_ + "." + key;
    }
    bool has(const std::string& key) const { return object_.contains(QString::fromStdString(key)); }
    QJsonValue raw(const std::string& key) const {
        return object_.value(QString::fromStdString(key));
    }

    std::string text(const std::string& key, const std::string& fallback) const {
        if (!has(key)) {
            return fallback;
        }
        const QJsonValue v = raw(key);
        if (!v.isString()) {
            where_.fail(pathOf(key), "expected a string, found " + show(v));
        }
        return v.toString().toStdString();
    }
    std::string choice(const std::string& key, const std::string& fallback,
                       const std::set<std::string>& choices) const {
        const std::string value = text(key, fallback);
        if (choices.count(value) == 0) {
            where_.fail(pathOf(key),
                        "expected one of " + list(choices) + ", found \"" + value + "\"");
        }
        return value;
    }
    double number(const std::string& key, double fallback, double min, double max) const {
        if (!has(key)) {
            return fallback;
        }
        const QJsonValue v = raw(key);
        if (!v.isDouble() || v.toDouble() < min || v.toDouble() > max) {
            where_.fail(pathOf(key), "expected a number from " +
                                         QString::number(min).toStdString() + " to " +
                                         QString::number(max).toStdString() + ", found " + show(v));
        }
        return v.toDouble();
    }
    std::int64_t integer(const std::string& key, std::int64_t fallback, std::int64_t min,
                         std::int64_t max) const {
        const double value = number(key, static_cast<double>(fallback), static_cast<double>(min),
                                    static_cast<double>(max));
        if (value != std::floor(value)) {
            where_.fail(pathOf(key), "expected a whole number, found " + show(raw(key)));
        }
        return static_cast<std::int64_t>(value);
    }
    bool boolean(const std::string& key, bool fallback) const {
        if (!has(key)) {
            return fallback;
        }
        const QJsonValue v = raw(key);
        if (!v.isBool()) {
            where_.fail(pathOf(key), "expected true or false, found " + show(v));
        }
        return v.toBool();
    }
    QJsonArray array(const std::string& key) const {
        const QJsonValue v = raw(key);
        if (!v.isArray()) {
            where_.fail(pathOf(key), "expected an array, found " + show(v));
        }
        return v.toArray();
    }

private:
    static std::string list(const std::set<std::string>& names) {
        std::string joined;
        for (const auto& name : names) {
            joined += (joined.empty() ? "" : ", ") + name;
        }
        return joined;
    }

    QJsonObject object_;
    std::string path_;
    const Locations& where_;
};

const std::map<std::string, StepKind> kSteps = {{"connect", StepKind::Connect},
                                                {"report_inactive", StepKind::ReportInactive},
                                                {"report_active", StepKind::ReportActive},
                                                {"disconnect", StepKind::Disconnect},
                                                {"free_port", StepKind::FreePort}};

const std::map<std::string, BackendKind> kBackendKinds = {
    {"virtual-fixture", BackendKind::VirtualFixture},
    {"usb-fixture", BackendKind::UsbFixture},
    {"ppdev", BackendKind::Ppdev},
    {"kernel", BackendKind::KernelModule}};

// A field that only one kind of back end reads is refused on the others.
void refuseUnless(bool applies, const Fields& f, const Locations& where, const std::string& key,
                  const std::string& what) {
    if (!applies && f.has(key)) {
        where.fail(f.pathOf(key), what);
    }
}

BackendSpec readBackend(const Fields& top, const Locations& where) {
    BackendSpec backend;
    if (!top.has("backend")) {
        return backend;
    }
    const Fields f(top.raw("backend"), "backend", where,
                   {"kind", "bus", "faults", "clock_drift_ppm", "serial", "device",
                    "respond_on_irq", "one_cpu", "generator_stall_ms", "generator_stall_at_ms"});
    const std::string kind =
        f.choice("kind", "virtual-fixture", {"virtual-fixture", "usb-fixture", "ppdev", "kernel"});
    backend.kind = kBackendKinds.at(kind);
    const bool real_port =
        backend.kind == BackendKind::Ppdev || backend.kind == BackendKind::KernelModule;
    refuseUnless(real_port, f, where, "device",
                 "a device only selects a real port (kind ppdev or kernel)");
    refuseUnless(backend.kind == BackendKind::Ppdev, f, where, "respond_on_irq",
                 "respond_on_irq (PPWCTLONIRQ) only applies to kind ppdev");
    backend.bus = f.text("bus", backend.bus);
    if (!hwbridge::parseBusModel(backend.bus)) {
        where.fail(f.pathOf("bus"),
                   "expected a bus model (ideal, full-speed, high-speed, "
                   "fixed:250us, jitter:100us:20us), found \"" +
                       backend.bus + "\"");
    }
    backend.faults = f.text("faults", "");
    if (!backend.faults.empty() && !hwbridge::parseFaultPlan(backend.faults)) {
        where.fail(f.pathOf("faults"),
                   "expected a fault plan like drop=0.01,duplicate=0.001, "
                   "found \"" +
                       backend.faults + "\"");
    }
    refuseUnless(backend.kind == BackendKind::VirtualFixture, f, where, "clock_drift_ppm",
                 "clock_drift_ppm only applies to kind virtual-fixture (a real crystal drifts "
                 "by itself)");
    backend.clock_drift_ppm = f.number("clock_drift_ppm", 0, -1000, 1000);
    backend.serial = f.text("serial", "");
    if (backend.kind != BackendKind::UsbFixture && !backend.serial.empty()) {
        where.fail(f.pathOf("serial"), "a serial only selects a USB fixture (kind usb-fixture)");
    }
    backend.device = f.text("device", defaultDevice(backend.kind));
    if (real_port && backend.device.rfind("/dev/", 0) != 0) {
        where.fail(f.pathOf("device"),
                   "expected a device path like /dev/parport0, found \"" + backend.device + "\"");
    }
    backend.respond_on_irq = f.boolean("respond_on_irq", false);
    refuseUnless(backend.kind == BackendKind::VirtualFixture, f, where, "one_cpu",
                 "one_cpu only places the virtual fixture's threads");
    backend.one_cpu = f.boolean("one_cpu", false);
    for (const char* key : {"generator_stall_ms", "generator_stall_at_ms"}) {
        refuseUnless(backend.kind == BackendKind::VirtualFixture, f, where, key,
                     std::string(key) + " only stalls the virtual fixture's generator");
    }
    backend.generator_stall_ms = f.integer("generator_stall_ms", 0, 0, 10'000);
    backend.generator_stall_at_ms = f.integer("generator_stall_at_ms", 0, 0, 86'400'000);
    return backend;
}

RealtimeRequest readRealtime(const Fields& top, const Locations& where) {
    RealtimeRequest realtime;
    if (!top.has("realtime")) {
        return realtime;
    }
    const Fields f(top.raw("realtime"), "realtime", where,
                   {"priority", "cpus", "lock_memory", "dma_latency"});
    realtime.priority = static_cast<int>(f.integer("priority", 0, 0, 99));
    if (f.has("cpus")) {
        const QJsonArray cpus = f.array("cpus");
        for (qsizetype i = 0; i < cpus.size(); ++i) {
            const QJsonValue cpu = cpus[i];
            if (!cpu.isDouble() || cpu.toDouble() < 0 || cpu.toDouble() > 1023 ||
                cpu.toDouble() != std::floor(cpu.toDouble())) {
                where.fail(f.pathOf("cpus") + "[" + std::to_string(i) + "]",
                           "expected a CPU number from 0 to 1023, found " + show(cpu));
            }
            realtime.cpus.push_back(cpu.toInt());
        }
    }
    realtime.lock_memory = f.boolean("lock_memory", realtime.lock_memory);
    realtime.dma_latency = f.boolean("dma_latency", realtime.dma_latency);
    return realtime;
}

StimulusSpec readStimulus(const Fields& top, const Locations& where) {
    StimulusSpec stimulus;
    if (!top.has("stimulus")) {
        return stimulus;
    }
    const Fields f(top.raw("stimulus"), "stimulus", where,
                   {"mode", "rate_hz", "count", "latency_from"});
    stimulus.mode = f.choice("mode", "periodic", {"periodic", "random"}) == "random"
                        ? StimulusMode::Random
                        : StimulusMode::Periodic;
    stimulus.rate_hz = f.number("rate_hz", stimulus.rate_hz, 0.001, 100'000);
    stimulus.count = f.integer("count", 0, 0, 100'000'000);
    stimulus.latency_from = f.choice("latency_from", "intended", {"intended", "edge"}) == "edge"
                                ? LatencyOrigin::Edge
                                : LatencyOrigin::Intended;
    return stimulus;
}

std::vector<IsrSpec> readIsrs(const Fields& top, const Locations& where) {
    if (!top.has("isrs")) {
        return {IsrSpec{}};
    }
    std::vector<IsrSpec> isrs;
    const QJsonArray list = top.array("isrs");
    for (int i = 0; i < list.size(); ++i) {
        const Fields f(list[i], "isrs[" + std::to_string(i) + "]", where, {"isr", "context"});
        isrs.push_back({f.choice("isr", "responder", {"responder", "counter", "decliner"}),
                        f.integer("context", 1, -(std::int64_t{1} << 40), std::int64_t{1} << 40)});
    }
    if (isrs.empty() || isrs.size() > 16) {
        where.fail("isrs", "expected 1 to 16 ISRs");
    }
    return isrs;
}

std::vector<TimelineStep> readTimeline(const Fields& top, const Locations& where,
                                       std::int64_t duration_ms) {
    std::vector<TimelineStep> timeline;
    const QJsonArray list = top.array("timeline");
    std::int64_t previous = 0;
    for (int i = 0; i < list.size(); ++i) {
        const std::string path = "timeline[" + std::to_string(i) + "]";
        const Fields f(list[i], path, where, {"at_ms", "step"});
        if (!f.has("at_ms") || !f.has("step")) {
            where.fail(path, "each step needs \"at_ms\" and \"step\"");
        }
        TimelineStep step;
        step.at_ms = f.integer("at_ms", 0, 0, duration_ms - 1);
        if (step.at_ms < previous) {
            where.fail(f.pathOf("at_ms"),
                       "steps must be in time order: " + std::to_string(step.at_ms) +
                           " ms comes after " + std::to_string(previous) + " ms");
        }
        previous = step.at_ms;
        std::set<std::string> names;
        for (const auto& [name, kind] : kSteps) {
            names.insert(name);
        }
        step.step = kSteps.at(f.choice("step", "", names));
        timeline.push_back(step);
    }
    if (timeline.empty()) {
        where.fail("timeline", "expected at least one step");
    }
    return timeline;
}

// Refuses a timeline that cannot happen: reports or a disconnect with nothing connected, a
// connect while connected.
void checkLifeCycle(const std::vector<TimelineStep>& timeline, const Locations& where) {
    PortState state = PortState::Disconnected;
    for (std::size_t i = 0; i < timeline.size(); ++i) {
        const std::string path = "timeline[" + std::to_string(i) + "].step";
        const StepKind step = timeline[i].step;
        const bool connected = state != PortState::Disconnected;
        if (step == StepKind::Connect && connected) {
            where.fail(path, "connect while the ISRs are already connected");
        }
        if (step != StepKind::Connect && step != StepKind::FreePort && !connected) {
            where.fail(path, std::string(stepName(step)) + " before any connect");
        }
        switch (step) {
            case StepKind::Connect:
            case StepKind::ReportActive:
                state = PortState::Active;
                break;
            case StepKind::ReportInactive:
                state = PortState::Inactive;
                break;
            case StepKind::Disconnect:
                state = PortState::Disconnected;
                break;
            case StepKind::FreePort:
                break;
        }
    }
}

Thresholds readThresholds(const Fields& top, const Locations& where) {
    Thresholds t;
    if (!top.has("thresholds")) {
        return t;
    }
    const Fields f(top.raw("thresholds"), "thresholds", where,
                   {"p50_ratio", "p99_ratio", "p999_ratio", "max_ratio", "p50_noise", "p99_noise",
                    "p999_noise"});
    t.p50_ratio = f.number("p50_ratio", t.p50_ratio, 1.0, 1000);
    t.p99_ratio = f.number("p99_ratio", t.p99_ratio, 1.0, 1000);
    t.p999_ratio = f.number("p999_ratio", t.p999_ratio, 1.0, 1000);
    if (f.has("max_ratio")) {
        t.max_ratio = f.number("max_ratio", 3.0, 1.0, 1000);
    }
    t.p50_noise = f.number("p50_noise", t.p50_noise, 0.0, 10);
    t.p99_noise = f.number("p99_noise", t.p99_noise, 0.0, 10);
    t.p999_noise = f.number("p999_noise", t.p999_noise, 0.0, 10);
    t.p50_noise_us = f.number("p50_noise_us", t.p50_noise_us, 0.0, 1e6);
    t.p99_noise_us = f.number("p99_noise_us", t.p99_noise_us, 0.0, 1e6);
    t.p999_noise_us = f.number("p999_noise_us", t.p999_noise_us, 0.0, 1e6);
    return t;
}

// "timeline[1].at_ms" -> ["timeline", 1, "at_ms"]; numbers are array indices.
struct PathPart {
    std::string key;
    int index = -1;
};

std::vector<PathPart> splitPath(const std::string& path) {
    std::vector<PathPart> parts;
    std::string key;
    for (std::size_t i = 0; i < path.size(); ++i) {
        const char c = path[i];
        if (c == '.' || c == '[') {
            if (!key.empty()) {
                parts.push_back({key, -1});
                key.clear();
            }
            if (c == '[') {
                const auto close = path.find(']', i);
                if (close == std::string::npos) {
                    return {};
                }
                const std::string digits = path.substr(i + 1, close - i - 1);
                if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos) {
                    return {};
                }
                parts.push_back({"", std::stoi(digits)});
                i = close;
            }
        } else {
            key += c;
        }
    }
    if (!key.empty()) {
        parts.push_back({key, -1});
    }
    return parts;
}

QJsonValue setAt(QJsonValue node, const std::vector<PathPart>& parts, std::size_t depth,
                 const QJsonValue& value, const std::string& assignment) {
    if (depth == parts.size()) {
        return value;
    }
    const PathPart& part = parts[depth];
    if (part.index >= 0) {
        QJsonArray array = node.toArray();
        if (!node.isArray() || part.index > array.size()) {
            throw ScenarioError("--set " + assignment,
                                "no array element " + std::to_string(part.index) + " to set");
        }
        const QJsonValue child = part.index < array.size() ? array[part.index] : QJsonValue();
        const QJsonValue updated = setAt(child, parts, depth + 1, value, assignment);
        if (part.index == array.size()) {
            array.append(updated);
        } else {
            array[part.index] = updated;
        }
        return array;
    }
    if (!node.isObject() && !node.isUndefined() && !node.isNull()) {
        throw ScenarioError("--set " + assignment, "'" + part.key + "' is not inside an object");
    }
    QJsonObject object = node.toObject();
    const QString key = QString::fromStdString(part.key);
    object[key] = setAt(object.value(key), parts, depth + 1, value, assignment);
    return object;
}

QJsonValue parseOverrideValue(const std::string& text) {
    QJsonParseError error{};
    const auto wrapped =
        QJsonDocument::fromJson(QByteArray::fromStdString("[" + text + "]"), &error);
    if (error.error == QJsonParseError::NoError && wrapped.array().size() == 1) {
        return wrapped.array()[0];
    }
    return QString::fromStdString(text);
}

// Applies every --set; returns path -> assignment for error locations.
std::map<std::string, std::string> applyOverrides(QJsonObject& root,
                                                  const std::vector<std::string>& overrides) {
    std::map<std::string, std::string> applied;
    for (const std::string& assignment : overrides) {
        const auto equals = assignment.find('=');
        const auto parts = equals == std::string::npos ? std::vector<PathPart>{}
                                                       : splitPath(assignment.substr(0, equals));
        if (parts.empty() || parts.front().index >= 0) {
            throw ScenarioError("--set " + assignment,
                                "expected PATH=VALUE, e.g. stimulus.rate_hz=2000 or "
                                "timeline[1].at_ms=800");
        }
        const QJsonValue value = parseOverrideValue(assignment.substr(equals + 1));
        root = setAt(root, parts, 0, value, assignment).toObject();
        applied[assignment.substr(0, equals)] = assignment;
    }
    return applied;
}

}  // namespace

std::string defaultDevice(BackendKind kind) {
    switch (kind) {
        case BackendKind::Ppdev:
            return "/dev/parport0";
        case BackendKind::KernelModule:
            return "/dev/isrbench-parport0";
        default:
            return {};
    }
}

std::string_view backendKindName(BackendKind kind) {
    for (const auto& [name, value] : kBackendKinds) {
        if (value == kind) {
            return name;
        }
    }
    return "?";
}

std::string_view stepName(StepKind step) {
    for (const auto& [name, kind] : kSteps) {
        if (kind == step) {
            return name;
        }
    }
    return "?";
}

std::string_view portStateName(PortState state) {
    switch (state) {
        case PortState::Disconnected:
            return "disconnected";
        case PortState::Active:
            return "active";
        case PortState::Inactive:
            return "inactive";
    }
    return "?";
}

std::vector<Phase> Scenario::phases() const {
    std::vector<Phase> result;
    PortState state = PortState::Disconnected;
    std::int64_t start = 0;
    auto close = [&](std::int64_t end) {
        if (end > start) {
            result.push_back(
                {std::to_string(result.size()) + " " + std::string(portStateName(state)), start,
                 end, state});
        }
        start = end;
    };
    for (const TimelineStep& step : timeline) {
        close(step.at_ms);
        if (step.step == StepKind::Connect || step.step == StepKind::ReportActive) {
            state = PortState::Active;
        } else if (step.step == StepKind::ReportInactive) {
            state = PortState::Inactive;
        } else if (step.step == StepKind::Disconnect) {
            state = PortState::Disconnected;
        }
    }
    close(duration_ms);
    return result;
}

Scenario parseScenario(std::string_view text, const std::string& file_name,
                       const std::vector<std::string>& overrides) {
    QJsonParseError syntax{};
    const QByteArray bytes(text.data(), static_cast<qsizetype>(text.size()));
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &syntax);
    if (syntax.error != QJsonParseError::NoError) {
        const TextPosition at = positionAt(text, static_cast<std::size_t>(syntax.offset));
        throw ScenarioError(
            file_name + ":" + std::to_string(at.line) + ":" + std::to_string(at.column),
            "not valid JSON: " + syntax.errorString().toStdString());
    }
    if (!document.isObject()) {
        throw ScenarioError(file_name + ":1:1", "expected a JSON object at the top");
    }
    QJsonObject root = document.object();
    const Locations where(text, file_name, applyOverrides(root, overrides));
    const Fields top(root, "", where,
                     {"name", "backend", "wiring", "stimulus", "isrs", "timeline", "duration_ms",
                      "thresholds", "realtime"});

    Scenario scenario;
    scenario.name = top.text("name", scenario.name);
    scenario.backend = readBackend(top, where);
    scenario.wiring = top.choice("wiring", "checkit", {"checkit", "norton"});
    if (scenario.wiring != "checkit" && (scenario.backend.kind == BackendKind::Ppdev ||
                                         scenario.backend.kind == BackendKind::KernelModule)) {
        where.fail("wiring", "a real port is pulsed on nInit: only the checkit plug");
    }
    scenario.stimulus = readStimulus(top, where);
    scenario.isrs = readIsrs(top, where);
    scenario.duration_ms = top.integer("duration_ms", scenario.duration_ms, 1, 24 * 3'600'000);
    scenario.timeline = readTimeline(top, where, scenario.duration_ms);
    checkLifeCycle(scenario.timeline, where);
    scenario.thresholds = readThresholds(top, where);
    scenario.realtime = readRealtime(top, where);
    return scenario;
}

Scenario loadScenarioFile(const std::string& path, const std::vector<std::string>& overrides) {
    QFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::ReadOnly)) {
        throw ScenarioError(path, "cannot read: " + file.errorString().toStdString());
    }
    const QByteArray bytes = file.readAll();
    return parseScenario(
        std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())), path,
        overrides);
}

}  // namespace engine
