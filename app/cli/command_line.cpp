#include "command_line.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <sstream>

namespace cli {
namespace {

constexpr std::size_t kHelpColumn = 30;  // where an option's help text starts
constexpr std::size_t kLineWidth = 96;

// "--seconds S" / "--json" / "-h, --help": how the option is written on a command line.
std::string spelling(const QCommandLineOption& option) {
    std::string text;
    for (const QString& name : option.names()) {
        if (!text.empty()) {
            text += ", ";
        }
        text += (name.size() == 1 ? "-" : "--") + name.toStdString();
    }
    if (!option.valueName().isEmpty()) {
        text += ' ' + option.valueName().toStdString();
    }
    return text;
}

// `text` wrapped at word boundaries into lines of at most `width - indent` characters, each
// continuation line indented by `indent` spaces.
std::string wrapped(const std::string& text, std::size_t indent, std::size_t width) {
    std::istringstream words(text);
    std::string out;
    std::string word;
    std::size_t column = indent;
    bool first = true;
    while (words >> word) {
        if (!first && column + 1 + word.size() > width) {
            out += '\n' + std::string(indent, ' ');
            column = indent;
        } else if (!first) {
            out += ' ';
            ++column;
        }
        out += word;
        column += word.size();
        first = false;
    }
    return out;
}

std::string optionName(const QString& name) {
    return (name.size() == 1 ? "-" : "--") + name.toStdString();
}

// Qt's "Missing value after '--show'." in the form of every other refusal: "missing value after
// '--show'".
std::string asClause(const QString& sentence) {
    std::string text = sentence.toStdString();
    if (!text.empty() && text.back() == '.') {
        text.pop_back();
    }
    if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z') {
        text[0] = static_cast<char>(text[0] - 'A' + 'a');
    }
    return text;
}

}  // namespace

CommandLine::CommandLine(std::string command, std::string synopsis, std::string description)
    : command_(std::move(command)),
      synopsis_(std::move(synopsis)),
      description_(std::move(description)),
      parser_(std::make_unique<QCommandLineParser>()) {
    parser_->setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    option({"h", "help"}, "this help");
}

CommandLine& CommandLine::option(std::initializer_list<const char*> names, const char* help,
                                 const char* value_name) {
    QStringList spelled;
    for (const char* name : names) {
        spelled << QString::fromLatin1(name);
    }
    QCommandLineOption option(spelled, QString::fromUtf8(help), QString::fromLatin1(value_name));
    parser_->addOption(option);
    options_.push_back(option);
    return *this;
}

CommandLine& CommandLine::epilogue(std::string text) {
    epilogue_ = std::move(text);
    return *this;
}

CommandLine& CommandLine::positionals(int most) {
    most_positionals_ = most;
    return *this;
}

CommandLine& CommandLine::program(std::string name) {
    program_ = std::move(name);
    return *this;
}

CommandLine::Outcome CommandLine::parse(const std::vector<std::string>& args, std::ostream& out,
                                        std::ostream& err) {
    QStringList arguments{QStringLiteral("isrbench")};  // the parser skips the program's name
    for (const std::string& arg : args) {
        arguments << QString::fromStdString(arg);
    }
    if (!parser_->parse(arguments)) {
        const QStringList unknown = parser_->unknownOptionNames();
        refuse(unknown.isEmpty() ? asClause(parser_->errorText())
                                 : "unknown option '" + optionName(unknown.front()) + "'",
               err);
        return Outcome::Refused;
    }
    if (parser_->isSet(QStringLiteral("help"))) {
        out << helpText();
        return Outcome::HelpShown;
    }
    const QStringList extra = parser_->positionalArguments();
    if (extra.size() > most_positionals_) {
        refuse("unexpected argument '" + extra.at(most_positionals_).toStdString() + "'", err);
        return Outcome::Refused;
    }
    return Outcome::Proceed;
}

int CommandLine::exitStatusOf(Outcome outcome) {
    return outcome == Outcome::HelpShown ? 0 : kExitBadInput;
}

int CommandLine::refuse(const std::string& why, std::ostream& err) const {
    err << prefix() << ": " << why << "\nTry '" << prefix() << " --help'.\n";
    return kExitBadInput;
}

bool CommandLine::isSet(const char* name) const {
    return parser_->isSet(QString::fromLatin1(name));
}

std::string CommandLine::value(const char* name) const {
    return parser_->value(QString::fromLatin1(name)).toStdString();
}

std::vector<std::string> CommandLine::values(const char* name) const {
    std::vector<std::string> all;
    for (const QString& value : parser_->values(QString::fromLatin1(name))) {
        all.push_back(value.toStdString());
    }
    return all;
}

std::vector<std::string> CommandLine::positionalArguments() const {
    std::vector<std::string> all;
    for (const QString& argument : parser_->positionalArguments()) {
        all.push_back(argument.toStdString());
    }
    return all;
}

std::optional<std::int64_t> CommandLine::wholeNumber(const char* name, std::int64_t least,
                                                     std::int64_t most) const {
    if (!isSet(name)) {
        return std::nullopt;
    }
    const std::string text = value(name);
    std::int64_t number = 0;
    const char* end = text.data() + text.size();
    const auto [stop, error] = std::from_chars(text.data(), end, number);
    if (text.empty() || error != std::errc{} || stop != end || number < least || number > most) {
        const std::string range =
            most != std::numeric_limits<std::int64_t>::max()
                ? "a whole number from " + std::to_string(least) + " to " + std::to_string(most)
            : least == 1 ? std::string("a positive whole number")
                         : "a whole number of at least " + std::to_string(least);
        throw UsageError(optionName(QString::fromLatin1(name)) + " takes " + range + ", not '" +
                         text + "'");
    }
    return number;
}

std::optional<double> CommandLine::decimal(const char* name, double least, double most,
                                           const char* unit) const {
    if (!isSet(name)) {
        return std::nullopt;
    }
    const std::string text = value(name);
    char* end = nullptr;
    const double number = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || !std::isfinite(number) || number < least || number > most) {
        std::ostringstream why;
        why.precision(15);  // 1000000, not 1e+06
        why << optionName(QString::fromLatin1(name)) << " takes " << least << " to " << most
            << (*unit != '\0' ? " " : "") << unit << ", not '" << text << "'";
        throw UsageError(why.str());
    }
    return number;
}

std::string CommandLine::helpText() const {
    std::string text = "Usage: " + prefix() + (synopsis_.empty() ? "" : " " + synopsis_) + "\n\n" +
                       wrapped(description_, 0, kLineWidth) + "\n\nOptions:\n";
    for (const QCommandLineOption& option : options_) {
        std::string line = "  " + spelling(option);
        line += line.size() + 2 <= kHelpColumn ? std::string(kHelpColumn - line.size(), ' ')
                                               : '\n' + std::string(kHelpColumn, ' ');
        text += line + wrapped(option.description().toStdString(), kHelpColumn, kLineWidth) + '\n';
    }
    if (!epilogue_.empty()) {
        text += '\n';
        std::istringstream paragraphs(epilogue_);
        for (std::string paragraph; std::getline(paragraphs, paragraph);) {
            text += wrapped(paragraph, 0, kLineWidth) + '\n';
        }
    }
    return text;
}

std::string CommandLine::prefix() const {
    return command_.empty() ? program_ : program_ + " " + command_;
}

}  // namespace cli
