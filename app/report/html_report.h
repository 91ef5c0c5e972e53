// report.html: one self-contained page for people (no external CSS, scripts or images; the
// charts are inlined as SVG), in the bench's dark HUD style: what ran and on what, the verdict,
// any problem that makes the run invalid, the per-phase table, the four charts, the steps as
// carried out and every plumbing counter. Next to it, charts/<name>.svg and charts/<name>.png for
// each chart (timeline, histogram, percentiles, bus_dispatch), the same pictures the GUI shows.
//
// Rendering the charts needs a QApplication (QT_QPA_PLATFORM=offscreen when headless); the
// caller creates it (app/charts/chart_render.h).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "run_result.h"

namespace report {

// A chart as the report embeds it and writes it out.
struct RenderedChart {
    std::string name;     // "timeline": the file name under charts/ and the id prefix in the page
    std::string caption;  // plain text under the chart
    std::string svg;      // a standalone SVG document
    std::string png;      // PNG bytes
};

// The files a report consists of, as written.
struct HtmlReportFiles {
    std::filesystem::path html;
    std::vector<std::filesystem::path> charts;  // .svg and .png of each chart, in page order
};

// Builds and renders the report's four charts from the result.
std::vector<RenderedChart> renderReportCharts(const engine::RunResult& result);

// The page. `verdict` ("PASS", "REGRESSION", ...) is shown as given, empty for none; a run with
// problems is shown INVALID whatever the verdict says.
std::string htmlReport(const engine::RunResult& result, const std::vector<RenderedChart>& charts,
                       std::string_view verdict = {});

// Writes out_dir/report.html and out_dir/charts/*, each file whole or not at all (WriteError from
// atomic_file.h names the file that failed).
HtmlReportFiles writeHtmlReport(const engine::RunResult& result,
                                const std::filesystem::path& out_dir,
                                std::string_view verdict = {});

// Text made safe for HTML element content and attribute values: & < > " ' escaped.
std::string escapeHtml(std::string_view text);

}  // namespace report
