// `isrbench console`: requests, responses and every kind of bad line, in process and through the
// real executable.
#include "console.h"

#include <gtest/gtest.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

namespace {

QJsonObject ask(cli::ConsoleSession& session, const std::string& line, long number = 1) {
    const std::string answer = cli::answerLine(session, line, number);
    const auto document = QJsonDocument::fromJson(QByteArray::fromStdString(answer));
    EXPECT_TRUE(document.isObject()) << answer;
    return document.object();
}

std::string status(const QJsonObject& response) {
    return response.value("status").toString().toStdString();
}

class Console : public ::testing::Test {
protected:
    cli::ConsoleSession session;
};

TEST_F(Console, ConnectAnswersStatusCodeInformationAndTheNewState) {
    const auto r = ask(session, R"({"op":"connect","isr":"responder","context":1})");
    EXPECT_EQ(status(r), "STATUS_SUCCESS");
    EXPECT_EQ(r["code"].toString(), "0x00000000");
    EXPECT_EQ(r["information"].toInt(), 32);
    EXPECT_EQ(r["state"].toString(), "CA");
    EXPECT_TRUE(r["interrupt_object"].toString().startsWith("0x"));
    EXPECT_EQ(r["op"].toString(), "connect");
}

TEST_F(Console, ShortBuffersAnswerBufferTooSmallWithItsCode) {
    const auto r = ask(session, R"({"op":"connect","in_len":31})");
    EXPECT_EQ(status(r), "STATUS_BUFFER_TOO_SMALL");
    EXPECT_EQ(r["code"].toString(), "0xC0000023");
    EXPECT_EQ(r["information"].toInt(), 0);
    EXPECT_EQ(status(ask(session, R"({"op":"disconnect","in_len":8})")), "STATUS_BUFFER_TOO_SMALL");
}

TEST_F(Console, StimulateAccountsForEveryInterruptInEachState) {
    auto r = ask(session, R"({"op":"stimulate","count":5})");
    EXPECT_EQ(r["unclaimed"].toInt(), 5);
    EXPECT_EQ(r["source"].toString(), "virtual port (simulated loopback)");

    ask(session, R"({"op":"connect","isr":"responder","context":7})");
    ask(session, R"({"op":"connect","isr":"decliner","context":2})");
    r = ask(session, R"({"op":"stimulate","count":20})");
    EXPECT_EQ(r["serviced"].toInt(), 20);
    EXPECT_EQ(r["lost"].toInt(), 0);
    EXPECT_EQ(r["violations"].toInt(), 0);
    EXPECT_EQ(r["calls"].toObject()["responder:7"].toInt(), 20);
    EXPECT_EQ(r["calls"].toObject()["decliner:2"].toInt(), 20);
    EXPECT_EQ(r["responses"].toInt(), 20);  // the responder toggled D0 each time
    EXPECT_EQ(r["latency_ns"].toObject()["samples"].toInt(), 20);
    EXPECT_GT(r["latency_ns"].toObject()["p50"].toDouble(), 0.0);

    ask(session, R"({"op":"report_inactive"})");
    r = ask(session, R"({"op":"stimulate","count":9})");
    EXPECT_EQ(r["suppressed"].toInt(), 9);
    EXPECT_EQ(r["calls"].toObject()["responder:7"].toInt(), 0);
    EXPECT_EQ(r["responses"].toInt(), 0);
    EXPECT_EQ(r["serviced"].toInt() + r["suppressed"].toInt() + r["unclaimed"].toInt() +
                  r["lost"].toInt(),
              r["sent"].toInt());
}

TEST_F(Console, FreePortAnswersTheDeferredRoutinesCalled) {
    ask(session, R"({"op":"connect","isr":"counter","context":1,"deferred":true})");
    ask(session, R"({"op":"connect","isr":"counter","context":2})");
    const auto r = ask(session, R"({"op":"free_port"})");
    EXPECT_EQ(status(r), "STATUS_SUCCESS");
    const auto deferred = r["deferred"].toObject();
    EXPECT_EQ(deferred["counter:1"].toInt(), 1);
    EXPECT_EQ(deferred["counter:2"].toInt(), 0);
    EXPECT_FALSE(r["handed_to_waiter"].toBool());
}

TEST_F(Console, ReportsOnStaleOrMissingObjectsOrWrongVersionAreInvalidParameter) {
    EXPECT_EQ(status(ask(session, R"({"op":"report_active"})")), "STATUS_INVALID_PARAMETER");
    ask(session, R"({"op":"connect"})");
    EXPECT_EQ(status(ask(session, R"({"op":"report_inactive","version":3})")),
              "STATUS_INVALID_PARAMETER");
    ask(session, R"({"op":"disconnect"})");
    ask(session, R"({"op":"connect"})");
    const auto r = ask(session, R"({"op":"report_inactive","object":"stale"})");
    EXPECT_EQ(status(r), "STATUS_INVALID_PARAMETER");
    EXPECT_EQ(r["state"].toString(), "CA");
    EXPECT_EQ(ask(session, R"({"op":"state"})")["rejected_reports"].toInt(), 3);
}

TEST_F(Console, LogShowsEachRequestWithItsStatus) {
    ask(session, R"({"op":"connect","in_len":4})");
    ask(session, R"({"op":"report_active"})");  // no connection: row 13
    const auto r = ask(session, R"({"op":"log","count":5})");
    const auto entries = r["entries"].toArray();
    ASSERT_EQ(entries.size(), 2);
    EXPECT_EQ(entries[0].toObject()["request"].toString(),
              "IOCTL_INTERNAL_PARALLEL_CONNECT_INTERRUPT");
    EXPECT_EQ(entries[0].toObject()["status"].toString(), "STATUS_BUFFER_TOO_SMALL");
    EXPECT_EQ(entries[1].toObject()["request"].toString(), "IoReportInterruptActive");
    EXPECT_EQ(entries[1].toObject()["code"].toString(), "0xC000000D");
}

TEST_F(Console, RemovalAnswersDeletePendingUntilReattached) {
    ask(session, R"({"op":"connect"})");
    ask(session, R"({"op":"remove"})");
    EXPECT_EQ(status(ask(session, R"({"op":"disconnect"})")), "STATUS_DELETE_PENDING");
    EXPECT_EQ(status(ask(session, R"({"op":"report_inactive"})")), "STATUS_DELETE_PENDING");
    EXPECT_EQ(status(ask(session, R"({"op":"stimulate","count":3})")), "STATUS_DELETE_PENDING");
    ask(session, R"({"op":"reattach"})");
    EXPECT_EQ(ask(session, R"({"op":"stimulate","count":3})")["serviced"].toInt(), 3);
}

TEST_F(Console, RawIoctlConfigureAndAllocate) {
    auto r = ask(session, R"({"op":"ioctl","code":"0x00160099"})");
    EXPECT_EQ(status(r), "STATUS_INVALID_PARAMETER");
    EXPECT_EQ(status(ask(session, R"({"op":"ioctl","code":1441844,"in_len":32,"out_len":32})")),
              "STATUS_INVALID_PARAMETER");  // CONNECT with a zero buffer: no routine
    r = ask(session, R"({"op":"configure","connect_enabled":false})");
    EXPECT_FALSE(r["connect_enabled"].toBool());
    EXPECT_EQ(status(ask(session, R"({"op":"connect","in_len":0})")), "STATUS_UNSUCCESSFUL");
    ask(session, R"({"op":"configure","connect_enabled":true,"interrupt_line":false})");
    EXPECT_EQ(status(ask(session, R"({"op":"connect"})")), "STATUS_NOT_SUPPORTED");
    EXPECT_TRUE(ask(session, R"({"op":"allocate"})")["granted"].toBool());
    EXPECT_EQ(ask(session, R"({"op":"allocate"})")["queue_position"].toInt(), 1);
    EXPECT_TRUE(ask(session, R"({"op":"free_port"})")["handed_to_waiter"].toBool());
}

TEST_F(Console, NortonWiringWorksEndToEnd) {
    ask(session, R"({"op":"configure","wiring":"norton"})");
    ask(session, R"({"op":"connect","isr":"responder"})");
    const auto r = ask(session, R"({"op":"stimulate","count":4})");
    EXPECT_EQ(r["serviced"].toInt(), 4);
    EXPECT_EQ(r["responses"].toInt(), 4);
}

struct BadLine {
    const char* name;
    const char* line;
    const char* message_part;
};

class ConsoleBadLines : public ::testing::TestWithParam<BadLine> {};

TEST_P(ConsoleBadLines, AnswerAnErrorWithTheLineNumberAndCountIt) {
    cli::ConsoleSession session;
    const auto r = ask(session, GetParam().line, 42);
    EXPECT_EQ(r["line"].toInt(), 42);
    EXPECT_TRUE(r["error"].toString().contains(GetParam().message_part))
        << r["error"].toString().toStdString();
    EXPECT_FALSE(r.contains("status"));
    EXPECT_EQ(ask(session, R"({"op":"state"})")["errors"].toInt(), 1);
}

INSTANTIATE_TEST_SUITE_P(
    EveryKind, ConsoleBadLines,
    ::testing::Values(
        BadLine{"malformed_json", R"({"op":"connect")", "malformed JSON at column"},
        BadLine{"not_an_object", "[1,2]", "must be a JSON object"},
        BadLine{"missing_op", R"({"isr":"responder"})", "needs \"op\""},
        BadLine{"unknown_op", R"({"op":"teleport"})", "unknown op 'teleport'"},
        BadLine{"unknown_isr", R"({"op":"connect","isr":"sleeper"})", "unknown isr 'sleeper'"},
        BadLine{"unknown_field", R"({"op":"connect","contxt":1})", "unknown field 'contxt'"},
        BadLine{"fractional_context", R"({"op":"connect","context":1.5})", "must be an integer"},
        BadLine{"non_boolean_deferred", R"({"op":"connect","deferred":"yes"})",
                "must be true or false"},
        BadLine{"zero_count", R"({"op":"stimulate","count":0})", "from 1 to"},
        BadLine{"negative_length", R"({"op":"connect","in_len":-1})", "from 0 to"},
        BadLine{"ioctl_without_code", R"({"op":"ioctl"})", "needs field 'code'"},
        BadLine{"ioctl_bad_code", R"({"op":"ioctl","code":"banana"})", "32-bit request code"},
        BadLine{"unknown_wiring", R"({"op":"configure","wiring":"laplink"})", "checkit"},
        BadLine{"no_stale_object", R"({"op":"report_active","object":"stale"})", "no stale"},
        BadLine{"bad_object_value", R"({"op":"report_active","object":"mine"})", "field 'object'"}),
    [](const ::testing::TestParamInfo<BadLine>& bad) { return std::string(bad.param.name); });

TEST(ConsoleLoop, AnswersEveryRequestLineAndGoesOnAfterErrors) {
    cli::ConsoleSession session;
    std::istringstream in(
        "# a comment\n"
        "{\"op\":\"connect\"}\n"
        "\n"
        "not json\n"
        "{\"op\":\"stimulate\",\"count\":2}\n");
    std::ostringstream out;
    EXPECT_EQ(cli::runConsole(session, in, out), 1);
    std::vector<std::string> lines;
    std::istringstream answers(out.str());
    for (std::string line; std::getline(answers, line);) {
        lines.push_back(line);
    }
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_NE(lines[0].find("STATUS_SUCCESS"), std::string::npos);
    EXPECT_NE(lines[1].find("\"line\":4"), std::string::npos);
    EXPECT_NE(lines[2].find("\"serviced\":2"), std::string::npos);
}

// The executable itself: nothing but one JSON line per request on stdout.
TEST(ConsoleExecutable, PrintsOneJsonResponsePerRequestOnStdout) {
    const std::string command = std::string(ISRBENCH_EXECUTABLE) + " console < " +
                                ISRBENCH_SOURCE_DIR
                                "/resources/console/lifecycle.jsonl 2>/dev/null";
    FILE* pipe = popen(command.c_str(), "r");
    ASSERT_NE(pipe, nullptr);
    std::string output;
    char buffer[4096];
    while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) {
        output += buffer;
    }
    EXPECT_EQ(pclose(pipe), 0);
    int responses = 0;
    std::istringstream lines(output);
    for (std::string line; std::getline(lines, line); ++responses) {
        const auto document = QJsonDocument::fromJson(QByteArray::fromStdString(line));
        ASSERT_TRUE(document.isObject()) << line;
        EXPECT_TRUE(document.object().contains("status")) << line;
        EXPECT_EQ(document.object()["violations"].toInt(0), 0);
    }
    EXPECT_EQ(responses, 14);  // the requests in lifecycle.jsonl
}

}  // namespace
