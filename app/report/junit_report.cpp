#include "junit_report.h"

#include <QXmlStreamWriter>

#include "atomic_file.h"

namespace report {
namespace {

QString text(std::string_view value) {
    return QString::fromUtf8(value.data(), static_cast<qsizetype>(value.size()));
}

struct TestCase {
    std::string name;
    std::string failure;  // empty: passed
    std::string detail;
};

std::vector<TestCase> accountingCases(const engine::RunResult& result) {
    std::string accounting;
    std::string contract;
    for (const std::string& problem : result.problems) {
        std::string& into = problem.rfind("contract", 0) == 0 ? contract : accounting;
        into += problem + "\n";
    }
    return {{"every stimulus accounted for", accounting,
             std::to_string(result.counters.stimuli) + " stimuli"},
            {"no contract violation", contract, ""}};
}

std::vector<TestCase> comparisonCases(const engine::Comparison& comparison) {
    std::vector<TestCase> cases;
    // A baseline that could not be used is a failure of its own: no compared figure says why.
    if (comparison.verdict == engine::Verdict::BadInput) {
        std::string reasons;
        for (const std::string& reason : comparison.reasons) {
            reasons += reason + "\n";
        }
        cases.push_back({"baseline comparable", "the baseline cannot be used", reasons});
    }
    for (const engine::ComparisonRow& row : comparison.rows) {
        char detail[160];
        std::snprintf(detail, sizeof detail,
                      "baseline %.0f, this run %.0f, ratio %.3f (99 %% lower bound %.3f), limit "
                      "%.3f%s",
                      row.baseline, row.current, row.ratio(), row.ratio_low, row.limit,
                      row.warned ? "; warn: beyond the limit, within the noise" : "");
        cases.push_back({row.phase + " " + row.metric,
                         row.regressed ? "regressed: " + std::string(detail) : std::string(),
                         row.note.empty() ? detail : row.note});
    }
    return cases;
}

}  // namespace

std::string junitXml(const engine::RunResult& result, const engine::Comparison& comparison,
                     bool with_baseline) {
    std::vector<TestCase> cases = accountingCases(result);
    if (with_baseline) {
        const auto compared = comparisonCases(comparison);
        cases.insert(cases.end(), compared.begin(), compared.end());
    }
    int failures = 0;
    for (const TestCase& c : cases) {
        failures += c.failure.empty() ? 0 : 1;
    }
    QString xml;
    QXmlStreamWriter out(&xml);
    out.setAutoFormatting(true);
    out.writeStartDocument();
    out.writeStartElement("testsuites");
    out.writeStartElement("testsuite");
    out.writeAttribute("name", "isrbench: " + text(result.meta.scenario_name));
    out.writeAttribute("tests", QString::number(cases.size()));
    out.writeAttribute("failures", QString::number(failures));
    out.writeAttribute("errors", "0");
    out.writeAttribute("time", QString::number(static_cast<double>(result.meta.elapsed_ms) / 1000));
    out.writeStartElement("properties");
    const std::pair<const char*, std::string> properties[] = {
        {"source",
         result.meta.source.label + (result.meta.source.simulated ? " (simulated loopback)" : "")},
        {"simulated", result.meta.source.simulated ? "true" : "false"},
        {"bus_model", result.meta.source.bus_model},
        {"scenario_sha256", result.meta.scenario_hash},
        {"verdict", std::string(engine::verdictName(comparison.verdict))}};
    for (const auto& [name, value] : properties) {
        out.writeStartElement("property");
        out.writeAttribute("name", name);
        out.writeAttribute("value", text(value));
        out.writeEndElement();
    }
    out.writeEndElement();
    for (const TestCase& c : cases) {
        out.writeStartElement("testcase");
        out.writeAttribute("classname", "isrbench." + text(result.meta.scenario_name));
        out.writeAttribute("name", text(c.name));
        if (!c.failure.empty()) {
            out.writeStartElement("failure");
            out.writeAttribute("message", text(c.failure));
            out.writeCharacters(text(c.detail));
            out.writeEndElement();
        } else if (!c.detail.empty()) {
            out.writeTextElement("system-out", text(c.detail));
        }
        out.writeEndElement();
    }
    out.writeEndElement();
    out.writeEndElement();
    out.writeEndDocument();
    return xml.toStdString();
}

void writeJunit(const engine::RunResult& result, const engine::Comparison& comparison,
                bool with_baseline, const std::filesystem::path& file) {
    writeFileAtomically(file, junitXml(result, comparison, with_baseline));
}

}  // namespace report
