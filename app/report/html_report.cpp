#include "html_report.h"

#include <QChart>
#include <QDateTime>
#include <QString>
#include <cstdio>
#include <memory>
#include <sstream>

#include "atomic_file.h"
#include "chart_render.h"
#include "latency_charts.h"
#include "state_palette.h"

namespace report {
namespace {

using engine::Outcome;
using engine::PhaseStatistics;
using engine::RunResult;

constexpr const char* kDash = "–";  // an empty cell: no sample to summarise

std::string fixed(double value, int decimals) {
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

std::string microseconds(double ns) {
    return fixed(ns / 1e3, 2);
}
std::string seconds(std::int64_t ns) {
    return fixed(static_cast<double>(ns) / 1e9, 3);
}

// ---------------------------------------------------------------------------------------------
// Charts

RenderedChart renderChart(std::string name, std::string caption, QChart* built) {
    const std::unique_ptr<QChart> chart(built);
    const QString title = QString::fromStdString(caption);
    const QByteArray svg = charts::renderSvg(*chart, charts::kReportChartSize, title);
    const QByteArray png = charts::renderPng(*chart, charts::kReportChartSize);
    return {std::move(name), std::move(caption), svg.toStdString(), png.toStdString()};
}

void replaceAll(std::string& text, std::string_view from, std::string_view to) {
    for (std::size_t at = text.find(from); at != std::string::npos;
         at = text.find(from, at + to.size())) {
        text.replace(at, from.size(), to);
    }
}

// A standalone SVG document made fit to sit inside the page: without its XML declaration; without
// its fixed width and height, so that the page's CSS scales it by its viewBox; labelled for
// screen readers; and with its ids (clip paths, fill patterns) prefixed, since every chart
// numbers them from 1 and ids are shared by the whole page: the second chart would otherwise be
// filled and clipped with the first one's.
std::string inlineSvg(std::string_view svg, std::string_view prefix, std::string_view label) {
    const std::size_t start = svg.find("<svg");
    if (start == std::string_view::npos) {
        return {};
    }
    std::string inlined(svg.substr(start));
    const std::size_t height = inlined.find(" height=\"");
    const std::size_t size_end =
        height == std::string::npos ? std::string::npos : inlined.find('"', height + 9);
    if (inlined.starts_with("<svg width=\"") && size_end != std::string::npos &&
        size_end < inlined.find('>')) {
        inlined.replace(0, size_end + 1,
                        "<svg role=\"img\" aria-label=\"" + escapeHtml(label) + "\"");
    }
    const std::string p(prefix);
    replaceAll(inlined, " id=\"", " id=\"" + p + "-");
    replaceAll(inlined, "url(#", "url(#" + p + "-");
    replaceAll(inlined, "href=\"#", "href=\"#" + p + "-");
    return inlined;
}

// ---------------------------------------------------------------------------------------------
// The page's parts

std::string styleSheet() {
    using namespace charts::hud;
    std::ostringstream out;
    out << ":root{--bg:" << kBackground << ";--panel:" << kPanel << ";--grid:" << kGrid
        << ";--text:" << kText << ";--muted:" << kMutedText << ";--accent:" << kLatency
        << ";--accent2:" << kSecondary << ";--violation:" << kViolation
        << ";--active:" << charts::stateStyle(engine::PortState::Active).css
        << ";--inactive:" << charts::stateStyle(engine::PortState::Inactive).css << "}\n";
    out << R"css(
*{box-sizing:border-box}
body{margin:0;padding:28px 32px 48px;background:var(--bg);color:var(--text);
 font:15px/1.45 "DejaVu Sans","Segoe UI",system-ui,sans-serif}
header{display:flex;align-items:center;gap:24px;flex-wrap:wrap;border-bottom:2px solid var(--accent);
 padding-bottom:14px;box-shadow:0 10px 18px -16px var(--accent)}
.brand{color:var(--muted);letter-spacing:.25em;font-size:12px;text-transform:uppercase}
h1{margin:2px 0 0;font-size:30px;letter-spacing:.04em;color:var(--accent);
 text-shadow:0 0 10px rgba(0,229,255,.45);word-break:break-word}
h2{margin:34px 0 12px;font-size:15px;letter-spacing:.22em;text-transform:uppercase;color:var(--muted)}
h2::before{content:"▍";color:var(--accent);margin-right:6px}
.verdict{margin-left:auto;padding:8px 22px;border:3px solid;font-size:24px;font-weight:bold;
 letter-spacing:.15em;text-transform:uppercase}
.verdict-pass{color:var(--active);border-color:var(--active);box-shadow:0 0 14px rgba(57,255,20,.35)}
.verdict-fail{color:var(--violation);border-color:var(--violation);box-shadow:0 0 14px rgba(255,59,92,.45)}
.verdict-other{color:var(--inactive);border-color:var(--inactive)}
.banner{margin:18px 0 0;padding:12px 16px;border:2px solid;font-weight:bold}
.banner small{display:block;font-weight:normal;color:var(--text)}
.simulated{color:var(--inactive);border-color:var(--inactive);
 background:repeating-linear-gradient(-45deg,rgba(255,176,0,.13) 0 10px,transparent 10px 20px)}
.interrupted{color:var(--inactive);border-color:var(--inactive);border-style:dashed}
.problems{color:var(--violation);border-color:var(--violation);background:rgba(255,59,92,.08)}
.problems ul{margin:6px 0 0;padding-left:22px}
.problems li{font-weight:normal}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:4px 18px;margin:0;
 background:var(--panel);padding:14px 18px;border:1px solid var(--grid)}
dl.meta dt{color:var(--muted)}
dl.meta dd{margin:0;font-family:"DejaVu Sans Mono",monospace;word-break:break-all}
.scroll{overflow-x:auto}
table{border-collapse:collapse;font-variant-numeric:tabular-nums;background:var(--panel);
 border:1px solid var(--grid)}
th,td{padding:5px 10px;border-bottom:1px solid var(--grid);white-space:nowrap}
th{color:var(--muted);font-size:12px;font-weight:600;text-transform:uppercase;letter-spacing:.06em;
 text-align:right;vertical-align:bottom}
th.text,td.text{text-align:left}
td.num{text-align:right;font-family:"DejaVu Sans Mono",monospace}
tr.overall td{border-top:2px solid var(--accent);font-weight:bold}
td.bad,span.bad{color:var(--violation);font-weight:bold}
td.warn{color:var(--inactive);font-weight:bold}
td.good{color:var(--active)}
.state{font-weight:bold;color:var(--state)}
.swatch{display:inline-block;width:26px;height:14px;margin-right:7px;vertical-align:-2px;
 border:1.5px solid var(--state)}
th.group{text-align:center;border-bottom:1px solid var(--accent);color:var(--accent)}
.charts{display:grid;grid-template-columns:1fr;gap:22px;max-width:1320px}
figure{margin:0;background:var(--bg);border:1px solid var(--grid);padding:6px}
figure svg{display:block;width:100%;height:auto}
figcaption{color:var(--muted);font-size:13px;padding:6px 4px 2px}
a{color:var(--accent)}
pre{background:var(--panel);border:1px solid var(--grid);padding:12px;overflow-x:auto;
 white-space:pre-wrap;word-break:break-all}
summary{cursor:pointer;color:var(--muted)}
footer{margin-top:40px;color:var(--muted);font-size:12px}
)css";
    for (const auto state : {engine::PortState::Active, engine::PortState::Inactive,
                             engine::PortState::Disconnected}) {
        const charts::StateStyle& style = charts::stateStyle(state);
        out << ".state-" << engine::portStateName(state) << "{--state:" << style.css << "}\n.state-"
            << engine::portStateName(state) << " .swatch{background:" << style.css_fill << "}\n";
    }
    return out.str();
}

std::string stateBadge(engine::PortState state) {
    const charts::StateStyle& style = charts::stateStyle(state);
    return "<span class=\"state state-" + std::string(engine::portStateName(state)) +
           "\"><span class=\"swatch\"></span>" + std::string(style.label) + "</span>";
}

// What a caller's verdict becomes on the page: a run with problems is invalid, whatever it says.
std::string effectiveVerdict(const RunResult& result, std::string_view verdict) {
    return result.valid() ? std::string(verdict) : std::string("INVALID");
}

std::string verdictClass(std::string_view verdict) {
    if (verdict == "PASS") {
        return "verdict-pass";
    }
    if (verdict == "INVALID" || verdict == "REGRESSION" || verdict == "FAIL") {
        return "verdict-fail";
    }
    return "verdict-other";
}

void writeHeader(std::ostream& html, const RunResult& result, std::string_view verdict) {
    html << "<header><div><div class=\"brand\">ISR Bench · run report</div><h1>"
         << escapeHtml(result.meta.scenario_name) << "</h1></div>";
    const std::string shown = effectiveVerdict(result, verdict);
    if (!shown.empty()) {
        html << "<div class=\"verdict " << verdictClass(shown) << "\">" << escapeHtml(shown)
             << "</div>";
    }
    html << "</header>\n";
}

void writeBanners(std::ostream& html, const RunResult& result) {
    if (result.meta.source.simulated) {
        html << "<div class=\"banner simulated\">⚠ SIMULATED — virtual fixture — simulated "
                "loopback; latencies are this host's software wake-up figures"
                "<small>No hardware was measured: edges are timestamped by a software model of "
                "the fixture.</small></div>\n";
    }
    if (result.meta.interrupted) {
        html << "<div class=\"banner interrupted\">⏸ INTERRUPTED — the run was cut short ("
             << escapeHtml(result.meta.end_reason) << "); the report covers what ran.</div>\n";
    }
    if (!result.problems.empty()) {
        html << "<div class=\"banner problems\">✖ INVALID RUN — " << result.problems.size()
             << (result.problems.size() == 1 ? " problem" : " problems") << "<ul>";
        for (const std::string& problem : result.problems) {
            html << "<li>" << escapeHtml(problem) << "</li>";
        }
        html << "</ul></div>\n";
    }
}

std::string startedAt(std::int64_t unix_ms) {
    if (unix_ms == 0) {
        return kDash;
    }
    return QDateTime::fromMSecsSinceEpoch(unix_ms, Qt::UTC)
        .toString(Qt::ISODateWithMs)
        .toStdString();
}

void metaRow(std::ostream& html, std::string_view name, std::string_view value) {
    html << "<dt>" << name << "</dt><dd>" << escapeHtml(value.empty() ? kDash : value) << "</dd>";
}

void writeMetadata(std::ostream& html, const RunResult& result) {
    const engine::RunMetadata& meta = result.meta;
    const engine::RunSource& source = meta.source;
    html << "<h2>Run</h2><dl class=\"meta\">";
    metaRow(html, "source",
            source.label + (source.simulated ? " (simulated)" : "") + " · " + source.backend);
    if (!source.serial.empty()) {
        metaRow(html, "serial", source.serial);
    }
    metaRow(html, "bus model", source.bus_model);
    metaRow(html, "faults", source.faults.empty() ? "none" : source.faults);
    metaRow(html, "wiring", source.wiring);
    if (!source.simulated) {
        char firmware[16];
        std::snprintf(firmware, sizeof firmware, "0x%04x", unsigned{source.firmware_version});
        metaRow(html, "firmware", firmware);
    }
    if (source.clockMapped()) {
        metaRow(html, "clock-sync error bound",
                "± " + microseconds(source.clock_sync_error_ns) + " µs at the end, worst ± " +
                    microseconds(source.clock_sync_worst_error_ns) + " µs · drift " +
                    fixed(source.clock_drift_ppm, 2) + " ppm · " +
                    std::to_string(source.clock_samples) + " GET_CLOCK round trips");
    } else {
        metaRow(html, "clock", "timestamps taken on the host clock: no mapping");
    }
    metaRow(html, "host", meta.host);
    metaRow(html, "kernel", meta.kernel);
    metaRow(html, "machine",
            meta.machine + (meta.emulated ? " — emulated hardware: timing is not real time" : ""));
    metaRow(html, "started (UTC)", startedAt(meta.started_unix_ms));
    metaRow(html, "elapsed",
            fixed(static_cast<double>(meta.elapsed_ms) / 1e3, 3) + " s of " +
                fixed(static_cast<double>(meta.planned_ms) / 1e3, 3) + " s planned · " +
                meta.end_reason);
    metaRow(html, "scenario file", meta.scenario_file);
    metaRow(html, "scenario hash", meta.scenario_hash);
    metaRow(html, "tool version", meta.tool_version);
    html << "</dl>\n";
}

// A count cell; `flag` marks a count that must be zero (violation: red, lost: amber).
std::string countCell(std::uint64_t count, const char* flag = nullptr) {
    if (flag != nullptr && count != 0) {
        return std::string("<td class=\"num ") + flag + "\">" +
               (std::string_view(flag) == "bad" ? "✖ " : "⚠ ") + std::to_string(count) + "</td>";
    }
    return "<td class=\"num\">" + std::to_string(count) + "</td>";
}

std::string latencyCell(double ns, bool has_samples) {
    return "<td class=\"num\">" + (has_samples ? microseconds(ns) : std::string(kDash)) + "</td>";
}

bool anyRoundTrip(const RunResult& result) {
    for (std::size_t i = 0; i < result.statistics.phaseCount(); ++i) {
        if (result.statistics.phase(i).round_trip.count() != 0) {
            return true;
        }
    }
    return false;
}

void writePhaseRow(std::ostream& html, const std::string& name_cell, const std::string& state_cell,
                   const std::string& window_cell, const PhaseStatistics& phase,
                   bool round_trip_columns, const char* row_class) {
    html << "<tr class=\"" << row_class << "\"><td class=\"text\">" << name_cell
         << "</td><td class=\"text\">" << state_cell << "</td><td class=\"num\">" << window_cell
         << "</td>" << countCell(phase.stimuli()) << countCell(phase.count(Outcome::Serviced))
         << countCell(phase.count(Outcome::Suppressed))
         << countCell(phase.count(Outcome::Unclaimed))
         << countCell(phase.count(Outcome::Lost), "warn")
         << countCell(phase.count(Outcome::Violation), "bad");
    const engine::LatencySummary s = phase.latency.summary();
    const bool has = s.count != 0;
    html << countCell(s.count);
    for (const double ns :
         {static_cast<double>(s.min), s.mean, s.stdev, static_cast<double>(s.p50),
          static_cast<double>(s.p90), static_cast<double>(s.p99), static_cast<double>(s.p999),
          static_cast<double>(s.p9999), static_cast<double>(s.max)}) {
        html << latencyCell(ns, has);
    }
    if (round_trip_columns) {
        const bool has_rt = phase.round_trip.count() != 0;
        html << latencyCell(static_cast<double>(phase.round_trip.valueAtQuantile(0.50)), has_rt)
             << latencyCell(static_cast<double>(phase.round_trip.valueAtQuantile(0.99)), has_rt);
    }
    html << "</tr>\n";
}

void writePhaseTable(std::ostream& html, const RunResult& result) {
    const bool round_trip = anyRoundTrip(result);
    html << "<h2>Phases</h2><div class=\"scroll\"><table>\n<thead><tr>"
            "<th colspan=\"3\"></th><th colspan=\"6\" class=\"group\">stimuli</th>"
            "<th colspan=\"10\" class=\"group\">interrupt latency "
         << (result.meta.latency_from == "edge" ? "t_isr − t_edge"
                                                : "t_isr − t_due (a late stimulus's wait included)")
         << " (µs)</th>";
    if (round_trip) {
        html << "<th colspan=\"2\" class=\"group\">round trip (µs)</th>";
    }
    html << "</tr><tr><th class=\"text\">phase</th><th class=\"text\">state</th>"
            "<th>window (s)</th><th>total</th><th>serviced</th><th>suppressed</th>"
            "<th>unclaimed</th><th>lost</th><th>violation</th><th>count</th><th>min</th>"
            "<th>mean</th><th>stdev</th><th>p50</th><th>p90</th><th>p99</th><th>p99.9</th>"
            "<th>p99.99</th><th>max</th>";
    if (round_trip) {
        html << "<th>p50</th><th>p99</th>";
    }
    html << "</tr></thead>\n<tbody>\n";
    for (std::size_t i = 0; i < result.phases.size() && i < result.statistics.phaseCount(); ++i) {
        const engine::PhaseWindow& window = result.phases[i];
        writePhaseRow(html, escapeHtml(window.phase.name), stateBadge(window.phase.state),
                      seconds(window.actual_start_ns) + "–" + seconds(window.actual_end_ns),
                      result.statistics.phase(i), round_trip, "phase");
    }
    writePhaseRow(html, "overall", kDash, kDash, result.statistics.overall(), round_trip,
                  "overall");
    html << "</tbody></table></div>\n";
}

void writeCharts(std::ostream& html, const std::vector<RenderedChart>& charts) {
    html << "<h2>Charts</h2><div class=\"charts\">\n";
    for (const RenderedChart& chart : charts) {
        const std::string name = escapeHtml(chart.name);
        html << "<figure id=\"chart-" << name << "\">"
             << inlineSvg(chart.svg, "c-" + chart.name, chart.caption) << "\n<figcaption>"
             << escapeHtml(chart.caption) << " · <a href=\"charts/" << name
             << ".svg\">SVG</a> · <a href=\"charts/" << name << ".png\">PNG</a></figcaption>"
             << "</figure>\n";
    }
    html << "</div>\n";
}

void writeSteps(std::ostream& html, const RunResult& result) {
    html << "<h2>Steps carried out</h2><div class=\"scroll\"><table>\n<thead><tr>"
            "<th>#</th><th>at (s)</th><th>planned (s)</th><th class=\"text\">step</th>"
            "<th class=\"text\">status</th><th>took (µs)</th></tr></thead>\n<tbody>\n";
    std::size_t number = 0;
    for (const engine::StepRecord& step : result.steps) {
        const bool ok = step.status == "STATUS_SUCCESS";
        html << "<tr><td class=\"num\">" << ++number << "</td><td class=\"num\">"
             << seconds(step.at_ns) << "</td><td class=\"num\">"
             << fixed(static_cast<double>(step.step.at_ms) / 1e3, 3) << "</td><td class=\"text\">"
             << escapeHtml(engine::stepName(step.step.step)) << "</td><td class=\"text "
             << (ok ? "good" : "bad") << "\">" << (ok ? "✔ " : "✖ ") << escapeHtml(step.status)
             << "</td><td class=\"num\">" << microseconds(static_cast<double>(step.took_ns))
             << "</td></tr>\n";
    }
    if (result.steps.empty()) {
        html << "<tr><td class=\"text\" colspan=\"6\">no step was carried out</td></tr>\n";
    }
    html << "</tbody></table></div>\n";
}

struct CounterRow {
    const char* name;
    std::uint64_t engine::RunCounters::*value;
    bool must_be_zero;
    const char* meaning;
};

constexpr CounterRow kCounterRows[] = {
    {"stimuli", &engine::RunCounters::stimuli, false, "edges the fixture generated"},
    {"interrupts", &engine::RunCounters::interrupts, false, "nAck edges that reached the driver"},
    {"ring_overflow", &engine::RunCounters::ring_overflow, true,
     "samples the engine could not take (lost samples)"},
    {"unmatched_responses", &engine::RunCounters::unmatched_responses, true,
     "response edges with no serviced stimulus to match"},
    {"bad_phase_samples", &engine::RunCounters::bad_phase_samples, true,
     "samples naming a phase the run does not have"},
    {"driver_violations", &engine::RunCounters::driver_violations, true,
     "routine calls the driver refused to make (contract breach)"},
    {"client_violations", &engine::RunCounters::client_violations, true,
     "calls the routines saw while they should not run"},
    {"rejected_requests", &engine::RunCounters::rejected_requests, true,
     "steps the driver answered with an error status"},
    {"stream_missing_records", &engine::RunCounters::stream_missing_records, true,
     "fixture records missing from the stream"},
    {"stream_duplicate_records", &engine::RunCounters::stream_duplicate_records, true,
     "fixture records received twice"},
    {"stream_corrupt_records", &engine::RunCounters::stream_corrupt_records, true,
     "fixture records that failed their check"},
    {"stream_malformed_packets", &engine::RunCounters::stream_malformed_packets, true,
     "packets that could not be decoded"},
    {"stream_overflow_lost", &engine::RunCounters::stream_overflow_lost, true,
     "records the fixture dropped on overflow"},
    {"report_errors", &engine::RunCounters::report_errors, true,
     "stalls and timeouts on the report endpoint"},
    {"removals", &engine::RunCounters::removals, true, "fixture unplugged during the run"},
    {"isr_register_writes", &engine::RunCounters::isr_register_writes, false,
     "register writes the ISRs made, sent to the fixture after each dispatch"},
    {"isr_register_writes_lost", &engine::RunCounters::isr_register_writes_lost, true,
     "ISR register writes that never reached the fixture"},
    {"stimuli_left_late", &engine::RunCounters::stimuli_left_late, false,
     "stimuli that left over 1 µs after their place on the timebase (latency counts from when "
     "they were due, unless measured from the edge)"},
    {"late_stimuli", &engine::RunCounters::late_stimuli, false,
     "of those, stimuli that left a period or more late"},
};

void writeCounters(std::ostream& html, const RunResult& result) {
    html << "<h2>Counters</h2><div class=\"scroll\"><table>\n<thead><tr>"
            "<th class=\"text\">counter</th><th>value</th><th class=\"text\">meaning</th>"
            "</tr></thead>\n<tbody>\n";
    for (const CounterRow& row : kCounterRows) {
        const std::uint64_t value = result.counters.*row.value;
        html << "<tr><td class=\"text\">" << row.name << "</td>"
             << countCell(value, row.must_be_zero ? "bad" : nullptr) << "<td class=\"text\">"
             << row.meaning << "</td></tr>\n";
    }
    html << "</tbody></table></div>\n";
}

void writeScenario(std::ostream& html, const RunResult& result) {
    if (result.meta.scenario_json.empty()) {
        return;
    }
    html << "<h2>Scenario</h2><details><summary>the effective scenario (JSON, after --set)"
            "</summary><pre>"
         << escapeHtml(result.meta.scenario_json) << "</pre></details>\n";
}

}  // namespace

std::string escapeHtml(std::string_view text) {
    std::string escaped;
    escaped.reserve(text.size());
    for (const char c : text) {
        switch (c) {
            case '&':
                escaped += "&amp;";
                break;
            case '<':
                escaped += "&lt;";
                break;
            case '>':
                escaped += "&gt;";
                break;
            case '"':
                escaped += "&quot;";
                break;
            case '\'':
                escaped += "&#39;";
                break;
            default:
                escaped += c;
        }
    }
    return escaped;
}

std::vector<RenderedChart> renderReportCharts(const RunResult& result) {
    std::vector<RenderedChart> rendered;
    rendered.push_back(renderChart("timeline",
                                   "Interrupt latency over time (min–max per column) over the "
                                   "life-cycle phases",
                                   charts::buildTimelineChart(result.timeline, result.phases)));
    rendered.push_back(renderChart("histogram",
                                   "Distribution of the interrupt latency, all phases (log count)",
                                   charts::buildHistogramChart(result.statistics.overall().latency,
                                                               QStringLiteral("all phases"))));
    rendered.push_back(renderChart("percentiles", "Interrupt latency by percentile, per phase",
                                   charts::buildPercentileChart(charts::phasePercentileCurves(
                                       result.phases, result.statistics))));
    rendered.push_back(
        renderChart("bus_dispatch", "Bus and dispatch parts of the latency, p50 and p99",
                    charts::buildBusDispatchChart(result.phases, result.statistics)));
    return rendered;
}

std::string htmlReport(const RunResult& result, const std::vector<RenderedChart>& charts,
                       std::string_view verdict) {
    std::ostringstream html;
    html << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
            "<title>ISR Bench — "
         << escapeHtml(result.meta.scenario_name) << "</title>\n<style>\n"
         << styleSheet() << "</style></head>\n<body>\n";
    writeHeader(html, result, verdict);
    writeBanners(html, result);
    writeMetadata(html, result);
    writePhaseTable(html, result);
    writeCharts(html, charts);
    writeSteps(html, result);
    writeCounters(html, result);
    writeScenario(html, result);
    html << "<footer>isrbench " << escapeHtml(result.meta.tool_version) << " · "
         << engine::kResultSchema << " · source: " << escapeHtml(result.meta.source.label)
         << (result.meta.source.simulated ? " (simulated)" : "") << "</footer>\n</body></html>\n";
    return html.str();
}

HtmlReportFiles writeHtmlReport(const RunResult& result, const std::filesystem::path& out_dir,
                                std::string_view verdict) {
    const std::vector<RenderedChart> charts = renderReportCharts(result);
    HtmlReportFiles files;
    const std::filesystem::path chart_dir = out_dir / "charts";
    for (const RenderedChart& chart : charts) {
        for (const auto& [extension, bytes] :
             {std::pair{".svg", &chart.svg}, std::pair{".png", &chart.png}}) {
            const std::filesystem::path file = chart_dir / (chart.name + extension);
            writeFileAtomically(file, *bytes);
            files.charts.push_back(file);
        }
    }
    files.html = out_dir / "report.html";
    writeFileAtomically(files.html, htmlReport(result, charts, verdict));
    return files;
}

}  // namespace report
