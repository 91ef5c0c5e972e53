// report.html: one self-contained page with the four charts inlined, the SIMULATED banner on
// simulated runs only, every phase, step and counter, and every string from data escaped.
#include "html_report.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <QImage>
#include <QRegularExpression>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "report_test_support.h"

namespace {

using report_test::syntheticRun;

std::string readFile(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

std::size_t occurrences(const std::string& text, std::string_view what) {
    std::size_t count = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
        ++count;
    }
    return count;
}

class HtmlReport : public ::testing::Test {
protected:
    void SetUp() override {
        const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
        out_dir_ = std::filesystem::temp_directory_path() /
                   ("isrbench-report-" + std::to_string(::getpid()) + "-" + test->name());
        std::filesystem::remove_all(out_dir_);
    }
    void TearDown() override {
        if (!HasFailure()) {
            std::filesystem::remove_all(out_dir_);
        }
    }

    std::string write(const engine::RunResult& run, std::string_view verdict = {}) {
        files_ = report::writeHtmlReport(run, out_dir_, verdict);
        return readFile(files_.html);
    }

    std::filesystem::path out_dir_;
    report::HtmlReportFiles files_;
};

constexpr const char* kHostileName = "Bench <script>alert(\"x\")</script> & co";

TEST_F(HtmlReport, WritesOneSelfContainedPageWithTheFourChartsInlined) {
    const std::string html = write(syntheticRun());
    EXPECT_EQ(files_.html, out_dir_ / "report.html");
    ASSERT_TRUE(std::filesystem::exists(files_.html));
    EXPECT_TRUE(html.starts_with("<!DOCTYPE html>"));
    EXPECT_EQ(occurrences(html, "<svg"), 4u);
    EXPECT_EQ(occurrences(html, "</svg>"), 4u);
    EXPECT_EQ(occurrences(html, "<?xml"), 0u);  // inlined, not pasted whole
    // Scaled by the page (no fixed size), and labelled for screen readers.
    EXPECT_EQ(occurrences(html, "<svg role=\"img\" aria-label=\""), 4u);
    EXPECT_EQ(occurrences(html, "<svg width="), 0u);
    EXPECT_EQ(occurrences(html, "viewBox=\"0 0 1280 640\""), 4u);
    // Nothing fetched: no stylesheet, script, image or remote URL.
    for (const char* external : {"<link", "<script", "<img", "src=", "url(http", "@import"}) {
        EXPECT_EQ(html.find(external), std::string::npos) << external;
    }
    EXPECT_NE(html.find("<style>"), std::string::npos);
}

TEST_F(HtmlReport, WritesEachChartAsSvgAndPng) {
    write(syntheticRun());
    ASSERT_EQ(files_.charts.size(), 8u);
    for (const char* name : {"timeline", "histogram", "percentiles", "bus_dispatch"}) {
        const auto svg = out_dir_ / "charts" / (std::string(name) + ".svg");
        const auto png = out_dir_ / "charts" / (std::string(name) + ".png");
        ASSERT_TRUE(std::filesystem::exists(svg)) << svg;
        ASSERT_TRUE(std::filesystem::exists(png)) << png;
        EXPECT_NE(readFile(svg).find("<svg"), std::string::npos);
        const QImage image(QString::fromStdString(png.string()));
        EXPECT_FALSE(image.isNull()) << png;
        EXPECT_GT(image.width(), 600);
    }
    // No temporary file is left behind.
    for (const auto& entry : std::filesystem::recursive_directory_iterator(out_dir_)) {
        EXPECT_EQ(entry.path().string().find(".partial"), std::string::npos) << entry.path();
    }
}

TEST_F(HtmlReport, ASimulatedRunCarriesTheSimulatedBanner) {
    const std::string html = write(syntheticRun());
    EXPECT_NE(html.find("class=\"banner simulated\""), std::string::npos);
    EXPECT_NE(html.find("SIMULATED — virtual fixture — simulated loopback; latencies are this "
                        "host's software wake-up figures"),
              std::string::npos);
}

TEST_F(HtmlReport, AUsbRunHasNoSimulatedBannerAndShowsItsFixture) {
    const std::string html = write(syntheticRun("usb run", report_test::usbSource()));
    EXPECT_EQ(html.find("class=\"banner simulated\""), std::string::npos);
    EXPECT_EQ(html.find("SIMULATED"), std::string::npos);
    EXPECT_NE(html.find("USB fixture ISRB-0042"), std::string::npos);
    EXPECT_NE(html.find("high speed"), std::string::npos);
    EXPECT_NE(html.find("0x0102"), std::string::npos);
    EXPECT_NE(html.find("± 1.80 µs"), std::string::npos);
}

TEST_F(HtmlReport, ShowsTheSourceAndEveryPhaseWithItsStateLabel) {
    const engine::RunResult run = syntheticRun();
    const std::string html = write(run);
    for (const engine::PhaseWindow& window : run.phases) {
        EXPECT_NE(html.find("<td class=\"text\">" + window.phase.name + "</td>"), std::string::npos)
            << window.phase.name;
    }
    for (const char* label : {"ACTIVE", "INACTIVE", "DISCONNECTED"}) {
        EXPECT_NE(html.find(std::string("<span class=\"swatch\"></span>") + label),
                  std::string::npos)
            << label;
    }
    EXPECT_NE(html.find("overall"), std::string::npos);
    EXPECT_NE(html.find(run.meta.scenario_hash), std::string::npos);
    EXPECT_NE(html.find("bench-host"), std::string::npos);
    EXPECT_NE(html.find("6.1.0-13-amd64"), std::string::npos);
    EXPECT_NE(html.find("2023-11-14T22:13:20.000Z"), std::string::npos);  // started, UTC
    EXPECT_NE(html.find("checkit"), std::string::npos);
    EXPECT_NE(html.find("ideal"), std::string::npos);
    // The overall latency summary, in µs.
    const engine::LatencySummary all = run.statistics.overall().latency.summary();
    char p99[32];
    std::snprintf(p99, sizeof p99, "%.2f", static_cast<double>(all.p99) / 1e3);
    EXPECT_NE(html.find(std::string("<td class=\"num\">") + p99 + "</td>"), std::string::npos);
    // Round trips were captured: their columns are there.
    EXPECT_NE(html.find("round trip (µs)"), std::string::npos);
}

TEST_F(HtmlReport, EscapesEveryStringFromData) {
    engine::RunResult run = syntheticRun(kHostileName);
    run.phases[2].phase.name = "2 <i>inactive</i>";
    run.meta.host = "host\"><b>";
    run.problems.push_back("accounting: <lost> & found");
    const std::string html = write(run);
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_EQ(html.find("<i>"), std::string::npos);
    EXPECT_EQ(html.find("\"><b>"), std::string::npos);
    EXPECT_NE(html.find("Bench &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co"),
              std::string::npos);
    EXPECT_NE(html.find("2 &lt;i&gt;inactive&lt;/i&gt;"), std::string::npos);
    EXPECT_NE(html.find("accounting: &lt;lost&gt; &amp; found"), std::string::npos);
}

TEST_F(HtmlReport, ARunWithProblemsIsShownInvalidWhateverTheVerdict) {
    engine::RunResult run = syntheticRun();
    run.problems.push_back("contract: 3 stimuli were handled against the phase in force");
    const std::string html = write(run, "PASS");
    EXPECT_NE(html.find("class=\"verdict verdict-fail\">INVALID<"), std::string::npos);
    EXPECT_EQ(html.find(">PASS<"), std::string::npos);
    EXPECT_NE(html.find("class=\"banner problems\""), std::string::npos);
    EXPECT_NE(html.find("contract: 3 stimuli"), std::string::npos);
}

TEST_F(HtmlReport, ShowsTheVerdictItIsGiven) {
    EXPECT_NE(write(syntheticRun(), "PASS").find("class=\"verdict verdict-pass\">PASS<"),
              std::string::npos);
    EXPECT_NE(write(syntheticRun(), "REGRESSION").find("verdict-fail\">REGRESSION<"),
              std::string::npos);
    EXPECT_EQ(write(syntheticRun()).find("class=\"verdict "), std::string::npos);
}

TEST_F(HtmlReport, ListsTheStepsAndEveryCounter) {
    engine::RunResult run = syntheticRun();
    run.counters.ring_overflow = 17;
    run.counters.stimuli_left_late = 23;  // a count, not a fault: no mark
    run.steps.push_back(
        {{3500, engine::StepKind::FreePort}, 3'500'000'000, 2'000, "STATUS_PENDING"});
    const std::string html = write(run);
    for (const char* step : {"connect", "report_inactive", "report_active", "disconnect"}) {
        EXPECT_NE(html.find(std::string("<td class=\"text\">") + step + "</td>"), std::string::npos)
            << step;
    }
    EXPECT_NE(html.find("✖ STATUS_PENDING"), std::string::npos);
    for (const char* counter :
         {"stimuli", "interrupts", "ring_overflow", "unmatched_responses", "bad_phase_samples",
          "driver_violations", "client_violations", "rejected_requests", "stream_missing_records",
          "stream_duplicate_records", "stream_corrupt_records", "stream_malformed_packets",
          "stream_overflow_lost", "report_errors", "removals", "stimuli_left_late",
          "late_stimuli"}) {
        EXPECT_NE(html.find(std::string("<td class=\"text\">") + counter + "</td>"),
                  std::string::npos)
            << counter;
    }
    EXPECT_NE(html.find("<td class=\"num bad\">✖ 17</td>"), std::string::npos);
    EXPECT_NE(html.find("<td class=\"num\">23</td>"), std::string::npos);
    EXPECT_NE(html.find("<td class=\"num\">" + std::to_string(run.counters.stimuli) + "</td>"),
              std::string::npos);
}

TEST_F(HtmlReport, IdsAreUniqueAcrossTheInlinedCharts) {
    const std::string html = write(syntheticRun());
    static const QRegularExpression kId(QStringLiteral(" id=\"([^\"]+)\""));
    std::set<QString> ids;
    std::size_t total = 0;
    auto matches = kId.globalMatch(QString::fromStdString(html));
    while (matches.hasNext()) {
        ids.insert(matches.next().captured(1));
        ++total;
    }
    EXPECT_GT(total, 4u);
    EXPECT_EQ(ids.size(), total);
    // Every reference points at an id of the page.
    static const QRegularExpression kReference(QStringLiteral("url\\(#([^)]+)\\)"));
    auto references = kReference.globalMatch(QString::fromStdString(html));
    while (references.hasNext()) {
        const QString id = references.next().captured(1);
        EXPECT_TRUE(ids.contains(id)) << id.toStdString();
    }
}

TEST_F(HtmlReport, ARunWithoutSamplesStillGivesACompleteReport) {
    const std::string html = write(report_test::emptyRun());
    EXPECT_EQ(occurrences(html, "<svg"), 4u);
    EXPECT_EQ(files_.charts.size(), 8u);
}

TEST(EscapeHtml, EscapesTheFiveSpecialCharacters) {
    EXPECT_EQ(report::escapeHtml("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&#39;");
    EXPECT_EQ(report::escapeHtml("µs — ok"), "µs — ok");
}

}  // namespace
