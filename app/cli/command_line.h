// The one argument parser of every subcommand: Qt's QCommandLineParser with isrbench's
// conventions. `isrbench CMD --help` prints the command's own usage and options; a usage error
// (unknown option, missing or bad value, a positional argument too many) is told as
// "isrbench CMD: <why>" and "Try 'isrbench CMD --help'." (a bench built beside it names itself:
// program()) and ends with kExitBadInput, never with a status that a run uses for its verdict.
#pragma once

#include <QCommandLineParser>
#include <QString>
#include <QStringList>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

namespace cli {

// Bad input, as every command says it (2 is a contract violation or an invalid run).
inline constexpr int kExitBadInput = 3;

// A value that does not fit its option, found after parsing (a number out of range, a name that
// is not one of the choices); `CommandLine::parse` reports it like a parsing error.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class CommandLine {
public:
    // `command`: "run", "history", ... or "" for isrbench itself; `synopsis`: what follows it in
    // the usage line, e.g. "[options] FILE"; `description`: one paragraph on what it does.
    CommandLine(std::string command, std::string synopsis, std::string description);

    // An option without a value (a switch) when `value_name` is empty.
    CommandLine& option(std::initializer_list<const char*> names, const char* help,
                        const char* value_name = "");
    // Text printed after the options in --help (examples, exit codes).
    CommandLine& epilogue(std::string text);
    // The largest number of positional arguments the command takes (default: none).
    CommandLine& positionals(int most);
    // The program named in the usage line and in refusals (default "isrbench"): a bench built
    // beside isrbench parses its options the same way.
    CommandLine& program(std::string name);

    enum class Outcome { Proceed, HelpShown, Refused };
    // Parses `args` (what follows the subcommand). Prints the help on --help/-h, or the reason
    // of a refusal on `err`. Proceed only when the arguments can be used.
    Outcome parse(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
    // The status a caller returns for an outcome other than Proceed.
    static int exitStatusOf(Outcome outcome);

    // Parses `args`, then reads the command's options with `read(*this)`, which throws UsageError
    // for a value that does not fit (told the way parse() tells its own refusals). Holds what
    // `read` returned, or the status the command ends with instead (0 after --help, 3).
    template <typename Read>
    std::variant<std::invoke_result_t<Read, const CommandLine&>, int> parseAndRead(
        const std::vector<std::string>& args, std::ostream& out, std::ostream& err, Read read) {
        if (const Outcome outcome = parse(args, out, err); outcome != Outcome::Proceed) {
            return exitStatusOf(outcome);
        }
        try {
            return read(static_cast<const CommandLine&>(*this));
        } catch (const UsageError& error) {
            return refuse(error.what(), err);
        }
    }

    // Tells a usage error found after parsing the way parse() tells its own; returns
    // kExitBadInput.
    int refuse(const std::string& why, std::ostream& err) const;

    bool isSet(const char* name) const;
    // The option's last value ("" when not given) or every value of a repeatable option.
    std::string value(const char* name) const;
    std::vector<std::string> values(const char* name) const;
    std::vector<std::string> positionalArguments() const;

    // The option's value as a whole number in [least, most], nullopt when not given;
    // UsageError ("--repeat takes a whole number from 1 to 100, not 'x'") when it does not fit.
    std::optional<std::int64_t> wholeNumber(const char* name, std::int64_t least,
                                            std::int64_t most) const;
    // The same for a decimal number; `unit` ("seconds") is named in the refusal.
    std::optional<double> decimal(const char* name, double least, double most,
                                  const char* unit = "") const;

    std::string helpText() const;

private:
    std::string prefix() const;  // "isrbench run"

    std::string program_ = "isrbench";
    std::string command_;
    std::string synopsis_;
    std::string description_;
    std::string epilogue_;
    int most_positionals_ = 0;
    std::vector<QCommandLineOption> options_;
    std::unique_ptr<QCommandLineParser> parser_;  // a pointer: the parser cannot be moved
};

}  // namespace cli
