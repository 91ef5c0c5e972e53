#include "console.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <istream>
#include <ostream>
#include <string>

#include "request_fields.h"

namespace cli {
namespace {

bool isSkippable(const std::string& line) {
    const auto first = line.find_first_not_of(" \t\r");
    return first == std::string::npos || line[first] == '#';
}

std::string compact(const QJsonObject& object) {
    return QJsonDocument(object).toJson(QJsonDocument::Compact).toStdString();
}

std::string errorLine(const std::string& message, long line_number) {
    QJsonObject error;
    error["error"] = QString::fromStdString(message);
    error["line"] = static_cast<double>(line_number);
    return compact(error);
}

QJsonObject parseRequest(const std::string& line) {
    QJsonParseError parse_error{};
    const QJsonDocument document = QJsonDocument::fromJson(
        QByteArray::fromRawData(line.data(), static_cast<qsizetype>(line.size())), &parse_error);
    if (parse_error.error != QJsonParseError::NoError) {
        throw ConsoleError("malformed JSON at column " + std::to_string(parse_error.offset + 1) +
                           ": " + parse_error.errorString().toStdString());
    }
    if (!document.isObject()) {
        throw ConsoleError("a request must be a JSON object like {\"op\":\"state\"}");
    }
    return document.object();
}

template <typename Emit>
int runLoop(ConsoleSession& session, std::istream& in, Emit write_answer) {
    int errors = 0;
    long line_number = 0;
    std::string line;
    while (std::getline(in, line)) {
        ++line_number;
        if (isSkippable(line)) {
            continue;
        }
        const std::string answer = answerLine(session, line, line_number);
        errors += answer.rfind("{\"error\"", 0) == 0 ? 1 : 0;
        write_answer(line, answer);
    }
    return errors;
}

}  // namespace

std::string answerLine(ConsoleSession& session, const std::string& line, long line_number) {
    try {
        return compact(session.handle(parseRequest(line)));
    } catch (const ConsoleError& error) {
        session.countError();
        return errorLine(error.what(), line_number);
    }
}

int runConsole(ConsoleSession& session, std::istream& in, std::ostream& out) {
    return runLoop(session, in, [&out](const std::string&, const std::string& answer) {
        out << answer << '\n' << std::flush;
    });
}

int runTranscript(ConsoleSession& session, std::istream& in, std::ostream& out) {
    return runLoop(session, in, [&out](const std::string& request, const std::string& answer) {
        out << "> " << request << '\n' << "< " << answer << '\n' << std::flush;
    });
}

}  // namespace cli
