#include "result_json.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include "atomic_file.h"

namespace report {
namespace {

using engine::LatencyHistogram;
using engine::LatencySummary;
using engine::Outcome;

QString text(std::string_view value) {
    return QString::fromUtf8(value.data(), static_cast<qsizetype>(value.size()));
}

qint64 integer(std::uint64_t value) {
    return static_cast<qint64>(value);
}

qint64 nanoseconds(std::int64_t value) {
    return static_cast<qint64>(value);
}

// JSON numbers are doubles: counts and nanoseconds stay exact up to 2^53 (104 days in ns).
QJsonObject summaryJson(const LatencySummary& s) {
    return QJsonObject{{"count", integer(s.count)},
                       {"min", nanoseconds(s.min)},
                       {"mean", s.mean},
                       {"stdev", s.stdev},
                       {"p50", nanoseconds(s.p50)},
                       {"p90", nanoseconds(s.p90)},
                       {"p99", nanoseconds(s.p99)},
                       {"p99_9", nanoseconds(s.p999)},
                       {"p99_99", nanoseconds(s.p9999)},
                       {"max", nanoseconds(s.max)}};
}

QJsonObject histogramJson(const LatencyHistogram& histogram) {
    QJsonArray buckets;
    histogram.forEachBucket([&](const LatencyHistogram::Bucket& bucket) {
        buckets.append(
            QJsonArray{nanoseconds(bucket.low), nanoseconds(bucket.high), integer(bucket.count)});
    });
    return QJsonObject{
        {"unit", "ns"},
        {"sub_buckets_per_octave", static_cast<qint64>(LatencyHistogram::kSubBuckets)},
        {"below_zero", integer(histogram.belowZero())},
        {"beyond_range", integer(histogram.beyondRange())},
        {"buckets", buckets}};
}

QJsonObject countsJson(const engine::PhaseStatistics& statistics) {
    QJsonObject counts;
    for (int i = 0; i < engine::kOutcomeCount; ++i) {
        const auto outcome = static_cast<Outcome>(i);
        counts[text(engine::outcomeName(outcome))] = integer(statistics.count(outcome));
    }
    return counts;
}

QJsonObject statisticsJson(const engine::PhaseStatistics& statistics) {
    return QJsonObject{{"stimuli", integer(statistics.stimuli())},
                       {"counts", countsJson(statistics)},
                       {"latency_ns", summaryJson(statistics.latency.summary())},
                       {"bus_ns", summaryJson(statistics.bus.summary())},
                       {"dispatch_ns", summaryJson(statistics.dispatch.summary())},
                       {"round_trip_ns", summaryJson(statistics.round_trip.summary())},
                       {"latency_histogram", histogramJson(statistics.latency)}};
}

QJsonArray phasesJson(const engine::RunResult& result) {
    QJsonArray phases;
    for (std::size_t i = 0; i < result.phases.size(); ++i) {
        const engine::PhaseWindow& window = result.phases[i];
        QJsonObject phase = statisticsJson(result.statistics.phase(i));
        phase["index"] = static_cast<qint64>(i);
        phase["name"] = text(window.phase.name);
        phase["state"] = text(engine::portStateName(window.phase.state));
        phase["planned_start_ms"] = static_cast<qint64>(window.phase.start_ms);
        phase["planned_end_ms"] = static_cast<qint64>(window.phase.end_ms);
        phase["actual_start_ns"] = static_cast<qint64>(window.actual_start_ns);
        phase["actual_end_ns"] = static_cast<qint64>(window.actual_end_ns);
        phases.append(phase);
    }
    return phases;
}

QJsonObject sourceJson(const engine::RunSource& source) {
    return QJsonObject{{"backend", text(source.backend)},
                       {"label", text(source.label)},
                       {"serial", text(source.serial)},
                       {"simulated", source.simulated},
                       {"bus_model", text(source.bus_model)},
                       {"faults", text(source.faults)},
                       {"wiring", text(source.wiring)},
                       {"firmware_version", source.firmware_version},
                       {"clock_sync_error_ns", source.clock_sync_error_ns},
                       {"clock_sync_worst_error_ns", source.clock_sync_worst_error_ns},
                       {"clock_drift_ppm", source.clock_drift_ppm},
                       {"clock_samples", static_cast<qint64>(source.clock_samples)}};
}

QJsonObject hostFactsJson(const engine::HostFacts& facts) {
    return QJsonObject{{"kernel_version", text(facts.kernel_version)},
                       {"preemption", text(facts.preemption)},
                       {"isolcpus", text(facts.isolcpus)},
                       {"nohz_full", text(facts.nohz_full)},
                       {"cpu_model", text(facts.cpu_model)},
                       {"cpus", facts.cpus},
                       {"smt", text(facts.smt)},
                       {"governor", text(facts.governor)},
                       {"clocksource", text(facts.clocksource)}};
}

// What the run's threads got; `refused` says, one line each, what was asked and not granted.
QJsonObject realtimeJson(const engine::RealtimeGrant& grant) {
    QJsonArray cpus;
    for (const int cpu : grant.cpus) {
        cpus.append(cpu);
    }
    QJsonArray refused;
    for (const std::string& line : grant.refused) {
        refused.append(text(line));
    }
    return QJsonObject{{"sched_fifo_priority", grant.priority},
                       {"cpus", cpus},
                       {"memory_locked", grant.memory_locked},
                       {"cpu_dma_latency_held", grant.dma_latency_held},
                       {"refused", refused}};
}

QJsonObject runJson(const engine::RunMetadata& meta) {
    return QJsonObject{
        {"started_unix_ms", static_cast<qint64>(meta.started_unix_ms)},
        {"started",
         QDateTime::fromMSecsSinceEpoch(meta.started_unix_ms, Qt::UTC).toString(Qt::ISODateWithMs)},
        {"planned_ms", static_cast<qint64>(meta.planned_ms)},
        {"elapsed_ms", static_cast<qint64>(meta.elapsed_ms)},
        {"interrupted", meta.interrupted},
        {"end_reason", text(meta.end_reason)},
        {"latency_from", text(meta.latency_from)},
        {"host", text(meta.host)},
        {"kernel", text(meta.kernel)},
        {"machine", text(meta.machine)},
        {"emulated", meta.emulated},
        {"host_facts", hostFactsJson(meta.host_facts)},
        {"realtime", realtimeJson(meta.realtime)}};
}

QJsonObject scenarioJson(const engine::RunMetadata& meta) {
    const QJsonDocument effective =
        QJsonDocument::fromJson(QByteArray::fromStdString(meta.scenario_json));
    return QJsonObject{{"name", text(meta.scenario_name)},
                       {"file", text(meta.scenario_file)},
                       {"sha256", text(meta.scenario_hash)},
                       {"effective", effective.object()}};
}

QJsonObject countersJson(const engine::RunCounters& c) {
    QJsonObject json{{"stimuli", integer(c.stimuli)},
                     {"interrupts", integer(c.interrupts)},
                     {"driver_interrupts", integer(c.driver_interrupts)},
                     {"received", integer(c.received)},
                     {"dropped_responses", integer(c.dropped_responses)},
                     {"ring_overflow", integer(c.ring_overflow)},
                     {"unmatched_responses", integer(c.unmatched_responses)},
                     {"bad_phase_samples", integer(c.bad_phase_samples)},
                     {"driver_violations", integer(c.driver_violations)},
                     {"client_violations", integer(c.client_violations)},
                     {"rejected_requests", integer(c.rejected_requests)},
                     {"stream_missing_records", integer(c.stream_missing_records)},
                     {"stream_duplicate_records", integer(c.stream_duplicate_records)},
                     {"stream_corrupt_records", integer(c.stream_corrupt_records)},
                     {"stream_malformed_packets", integer(c.stream_malformed_packets)},
                     {"stream_overflow_lost", integer(c.stream_overflow_lost)},
                     {"report_errors", integer(c.report_errors)},
                     {"removals", integer(c.removals)},
                     {"isr_register_writes", integer(c.isr_register_writes)},
                     {"isr_register_writes_lost", integer(c.isr_register_writes_lost)},
                     {"spurious", integer(c.spurious)},
                     {"coalesced", integer(c.coalesced)},
                     {"unanswered_stimuli", integer(c.unanswered_stimuli)},
                     {"late_stimuli", integer(c.late_stimuli)},
                     {"stimuli_left_late", integer(c.stimuli_left_late)},
                     {"stimulus_max_late_ns", nanoseconds(c.stimulus_max_late_ns)},
                     {"port_irqs", integer(c.port_irqs)}};
    if (c.host_irqs) {  // the kernel's own count of the port's line, where it was read
        json["host_irqs"] = integer(*c.host_irqs);
    }
    if (c.stimuli_lost_at_tail) {  // lost from the fixture's stimulus numbers, where it has them
        json["stimuli_lost_in_gaps"] =
            static_cast<qint64>(std::max<std::int64_t>(c.stimuli_lost_in_gaps.value_or(0), 0));
        json["stimuli_lost_at_tail"] = integer(*c.stimuli_lost_at_tail);
    }
    return json;
}

QJsonArray stepsJson(const std::vector<engine::StepRecord>& steps) {
    QJsonArray json;
    for (const engine::StepRecord& step : steps) {
        json.append(QJsonObject{{"planned_at_ms", static_cast<qint64>(step.step.at_ms)},
                                {"step", text(engine::stepName(step.step.step))},
                                {"at_ns", static_cast<qint64>(step.at_ns)},
                                {"took_ns", static_cast<qint64>(step.took_ns)},
                                {"status", text(step.status)}});
    }
    return json;
}

// Only the columns with samples: [start_ns, count, min_ns, max_ns].
QJsonObject timelineJson(const engine::LatencyTimeline& timeline) {
    QJsonArray columns;
    for (const engine::TimelineColumn& column : timeline.columns()) {
        if (column.count > 0) {
            columns.append(QJsonArray{static_cast<qint64>(column.start_ns), integer(column.count),
                                      static_cast<qint64>(column.min_ns),
                                      static_cast<qint64>(column.max_ns)});
        }
    }
    return QJsonObject{{"span_ns", static_cast<qint64>(timeline.spanNs())},
                       {"column_ns", static_cast<qint64>(timeline.columnWidthNs())},
                       {"columns", columns}};
}

QJsonArray problemsJson(const std::vector<std::string>& problems) {
    QJsonArray json;
    for (const std::string& problem : problems) {
        json.append(text(problem));
    }
    return json;
}

// ---- reading back ---------------------------------------------------------------------------

class Reader {
public:
    explicit Reader(std::string origin) : origin_(std::move(origin)) {}

    [[noreturn]] void fail(const std::string& what) const {
        throw ResultFileError(origin_ + ": " + what);
    }
    QJsonObject object(const QJsonObject& parent, const char* key, const std::string& path) const {
        const QJsonValue value = parent.value(key);
        if (!value.isObject()) {
            fail(path + key + ": expected an object");
        }
        return value.toObject();
    }
    // Every number a result holds is a count, nanoseconds or a mean of them: never negative,
    // and exact in a double up to 2^53. Anything else was not written by isrbench.
    double number(const QJsonObject& parent, const char* key, const std::string& path) const {
        const QJsonValue value = parent.value(key);
        if (!value.isDouble()) {
            fail(path + key + ": expected a number");
        }
        const double number = value.toDouble();
        constexpr double kLargest = 9007199254740992.0;  // 2^53
        if (!(number >= 0 && number <= kLargest)) {
            fail(path + key + ": expected a number from 0 to 2^53, found " +
                 QString::number(number).toStdString());
        }
        return number;
    }
    std::string string(const QJsonObject& parent, const char* key, const std::string& path) const {
        const QJsonValue value = parent.value(key);
        if (!value.isString()) {
            fail(path + key + ": expected a string");
        }
        return value.toString().toStdString();
    }

private:
    std::string origin_;
};

LatencySummary readSummary(const Reader& reader, const QJsonObject& json, const std::string& path) {
    LatencySummary s;
    s.count = static_cast<std::uint64_t>(reader.number(json, "count", path));
    s.min = static_cast<std::int64_t>(reader.number(json, "min", path));
    s.mean = reader.number(json, "mean", path);
    s.stdev = reader.number(json, "stdev", path);
    s.p50 = static_cast<std::int64_t>(reader.number(json, "p50", path));
    s.p90 = static_cast<std::int64_t>(reader.number(json, "p90", path));
    s.p99 = static_cast<std::int64_t>(reader.number(json, "p99", path));
    s.p999 = static_cast<std::int64_t>(reader.number(json, "p99_9", path));
    s.p9999 = static_cast<std::int64_t>(reader.number(json, "p99_99", path));
    s.max = static_cast<std::int64_t>(reader.number(json, "max", path));
    return s;
}

engine::PhaseSummary readPhase(const Reader& reader, const QJsonObject& json,
                               const std::string& path) {
    engine::PhaseSummary phase;
    phase.name = json.contains("name") ? reader.string(json, "name", path) : "overall";
    const std::string state = json.contains("state") ? reader.string(json, "state", path) : "";
    phase.state = state == "active"     ? engine::PortState::Active
                  : state == "inactive" ? engine::PortState::Inactive
                                        : engine::PortState::Disconnected;
    const QJsonObject counts = reader.object(json, "counts", path);
    for (int i = 0; i < engine::kOutcomeCount; ++i) {
        const std::string name(engine::outcomeName(static_cast<Outcome>(i)));
        phase.outcomes[static_cast<std::size_t>(i)] =
            static_cast<std::uint64_t>(reader.number(counts, name.c_str(), path + "counts."));
    }
    phase.latency =
        readSummary(reader, reader.object(json, "latency_ns", path), path + "latency_ns.");
    return phase;
}

}  // namespace

std::string resultToJson(const engine::RunResult& result) {
    const engine::PhaseStatistics overall = result.statistics.overall();
    QJsonObject json;
    json["schema"] = engine::kResultSchema;
    json["tool"] = QJsonObject{{"name", "isrbench"}, {"version", text(result.meta.tool_version)}};
    json["run"] = runJson(result.meta);
    json["scenario"] = scenarioJson(result.meta);
    json["source"] = sourceJson(result.meta.source);
    json["valid"] = result.valid();
    json["problems"] = problemsJson(result.problems);
    json["counters"] = countersJson(result.counters);
    json["phases"] = phasesJson(result);
    json["overall"] = statisticsJson(overall);
    json["steps"] = stepsJson(result.steps);
    json["timeline"] = timelineJson(result.timeline);
    return QJsonDocument(json).toJson(QJsonDocument::Indented).toStdString();
}

engine::ResultSummary parseResultSummary(const std::string& json_text, const std::string& origin) {
    const Reader reader(origin);
    QJsonParseError syntax{};
    const QJsonDocument document =
        QJsonDocument::fromJson(QByteArray::fromStdString(json_text), &syntax);
    if (syntax.error != QJsonParseError::NoError) {
        reader.fail("not valid JSON at offset " + std::to_string(syntax.offset) + ": " +
                    syntax.errorString().toStdString());
    }
    const QJsonObject root = document.object();
    const std::string schema = reader.string(root, "schema", "");
    if (schema != engine::kResultSchema) {
        reader.fail("schema \"" + schema + "\", expected \"" + engine::kResultSchema + "\"");
    }
    engine::ResultSummary summary;
    const QJsonObject scenario = reader.object(root, "scenario", "");
    summary.meta.scenario_name = reader.string(scenario, "name", "scenario.");
    summary.meta.scenario_hash = reader.string(scenario, "sha256", "scenario.");
    const QJsonObject source = reader.object(root, "source", "");
    summary.meta.source.label = reader.string(source, "label", "source.");
    summary.meta.source.bus_model = reader.string(source, "bus_model", "source.");
    summary.meta.source.simulated = source.value("simulated").toBool();
    summary.valid = root.value("valid").toBool(false);
    for (const QJsonValue problem : root.value("problems").toArray()) {
        summary.problems.push_back(problem.toString().toStdString());
    }
    const QJsonValue phases = root.value("phases");
    if (!phases.isArray()) {
        reader.fail("phases: expected an array");
    }
    int index = 0;
    for (const QJsonValue phase : phases.toArray()) {
        const std::string path = "phases[" + std::to_string(index++) + "].";
        if (!phase.isObject()) {
            reader.fail(path + ": expected an object");
        }
        summary.phases.push_back(readPhase(reader, phase.toObject(), path));
    }
    summary.overall = readPhase(reader, reader.object(root, "overall", ""), "overall.");
    summary.overall.name = "overall";
    return summary;
}

std::string repeatToJson(const std::vector<std::string>& result_files, const std::string& verdict) {
    QJsonArray runs;
    for (const std::string& file : result_files) {
        runs.append(QString::fromStdString(file));
    }
    QJsonObject root{
        {"schema", kRepeatSchema}, {"runs", runs}, {"verdict", QString::fromStdString(verdict)}};
    return QJsonDocument(root).toJson().toStdString();
}

engine::ResultSummary readBaseline(const std::filesystem::path& file) {
    QFile input(QString::fromStdString(file.string()));
    if (!input.open(QIODevice::ReadOnly)) {
        throw ResultFileError(file.string() +
                              ": cannot open: " + input.errorString().toStdString());
    }
    const QByteArray text = input.readAll();
    const QJsonObject root = QJsonDocument::fromJson(text).object();
    if (root.value("schema").toString() != QLatin1String(kRepeatSchema)) {
        return parseResultSummary(text.toStdString(), file.string());
    }
    std::vector<engine::ResultSummary> runs;
    for (const QJsonValue run : root.value("runs").toArray()) {
        runs.push_back(readResultSummary(file.parent_path() / run.toString().toStdString()));
    }
    const auto combined = engine::combineRuns(runs);
    if (!combined) {
        throw ResultFileError(file.string() + ": " + std::to_string(runs.size()) +
                              " runs whose phases differ, or none: not one repeated scenario");
    }
    return *combined;
}

engine::ResultSummary readResultSummary(const std::filesystem::path& file) {
    QFile input(QString::fromStdString(file.string()));
    if (!input.open(QIODevice::ReadOnly)) {
        throw ResultFileError(file.string() +
                              ": cannot open: " + input.errorString().toStdString());
    }
    return parseResultSummary(input.readAll().toStdString(), file.string());
}

}  // namespace report
