// The one argument parser every subcommand uses: values, switches, repeatable options, --help,
// and every refusal told the same way with status 3.
#include "command_line.h"

#include <gtest/gtest.h>

#include <limits>
#include <sstream>
#include <string>
#include <vector>

namespace {

using cli::CommandLine;

CommandLine sample() {
    CommandLine line("sample", "[options] [NAME]", "Does a sample thing for the tests.");
    line.option({"out"}, "where it goes", "DIR")
        .option({"set"}, "an override; repeatable", "PATH=VALUE")
        .option({"count"}, "how many", "N")
        .option({"seconds"}, "how long", "S")
        .option({"quiet"}, "no progress line")
        .positionals(1)
        .epilogue("Exit status: 0 fine, 3 bad input.");
    return line;
}

struct Parsed {
    CommandLine::Outcome outcome;
    std::string out;
    std::string err;
};

Parsed parse(CommandLine& line, const std::vector<std::string>& args) {
    std::ostringstream out;
    std::ostringstream err;
    const CommandLine::Outcome outcome = line.parse(args, out, err);
    return {outcome, out.str(), err.str()};
}

TEST(CommandLine, ValuesSwitchesRepeatsAndAnArgumentAreRead) {
    CommandLine line = sample();
    const Parsed parsed =
        parse(line, {"--out", "d", "--set", "a=1", "--quiet", "--set=b=2", "name", "--count", "7"});
    ASSERT_EQ(parsed.outcome, CommandLine::Outcome::Proceed) << parsed.err;
    EXPECT_EQ(line.value("out"), "d");
    EXPECT_EQ(line.values("set"), (std::vector<std::string>{"a=1", "b=2"}));
    EXPECT_TRUE(line.isSet("quiet"));
    EXPECT_FALSE(line.isSet("seconds"));
    EXPECT_EQ(line.value("seconds"), "");
    EXPECT_EQ(line.positionalArguments(), std::vector<std::string>{"name"});
    EXPECT_EQ(line.wholeNumber("count", 1, 10), 7);
    EXPECT_EQ(line.decimal("seconds", 0, 10), std::nullopt);  // not given
    EXPECT_EQ(parsed.out, "");
    EXPECT_EQ(parsed.err, "");
}

TEST(CommandLine, HelpListsEveryOptionWithItsValueAndExitsZero) {
    CommandLine line = sample();
    const Parsed parsed = parse(line, {"--help"});
    ASSERT_EQ(parsed.outcome, CommandLine::Outcome::HelpShown);
    EXPECT_EQ(CommandLine::exitStatusOf(parsed.outcome), 0);
    EXPECT_EQ(parsed.out.rfind("Usage: isrbench sample [options] [NAME]\n", 0), 0u) << parsed.out;
    for (const char* expected :
         {"-h, --help", "--out DIR", "--set PATH=VALUE", "--count N", "--seconds S", "--quiet",
          "no progress line", "Exit status: 0 fine, 3 bad input."}) {
        EXPECT_NE(parsed.out.find(expected), std::string::npos) << expected;
    }
    std::istringstream lines(parsed.out);
    for (std::string text; std::getline(lines, text);) {
        EXPECT_LE(text.size(), 96u) << text;
    }
    CommandLine again = sample();
    EXPECT_EQ(parse(again, {"-h"}).outcome, CommandLine::Outcome::HelpShown);
}

TEST(CommandLine, EveryRefusalNamesTheCommandAndItsHelpAndIsStatusThree) {
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
        {{"--bogus"}, "unknown option '--bogus'"},
        {{"-x"}, "unknown option '-x'"},
        {{"--out"}, "missing value after '--out'"},
        {{"one", "two"}, "unexpected argument 'two'"},
    };
    for (const auto& [args, why] : cases) {
        CommandLine line = sample();
        const Parsed parsed = parse(line, args);
        EXPECT_EQ(parsed.outcome, CommandLine::Outcome::Refused) << why;
        EXPECT_EQ(CommandLine::exitStatusOf(parsed.outcome), cli::kExitBadInput);
        EXPECT_EQ(parsed.err, "isrbench sample: " + why + "\nTry 'isrbench sample --help'.\n");
        EXPECT_EQ(parsed.out, "");
    }
}

// A bench built beside isrbench (tests/bench/gui_bench) parses its options the same way, under
// its own name.
TEST(CommandLine, AnotherProgramIsNamedInItsUsageAndRefusals) {
    CommandLine line("", "[options]", "A bench.");
    line.program("gui_bench").option({"seconds"}, "how long", "S");
    const Parsed refused = parse(line, {"--bogus"});
    EXPECT_EQ(refused.err, "gui_bench: unknown option '--bogus'\nTry 'gui_bench --help'.\n");
    const Parsed help = parse(line, {"--help"});
    EXPECT_EQ(help.out.rfind("Usage: gui_bench [options]\n", 0), 0u) << help.out;
}

TEST(CommandLine, NumbersOutOfRangeOrNotNumbersAreUsageErrors) {
    const std::vector<std::pair<std::string, std::string>> counts = {
        {"0", "--count takes a whole number from 1 to 10, not '0'"},
        {"11", "not '11'"},
        {"3x", "not '3x'"},
        {"", "not ''"},
    };
    for (const auto& [text, why] : counts) {
        CommandLine line = sample();
        ASSERT_EQ(parse(line, {"--count", text}).outcome, CommandLine::Outcome::Proceed);
        try {
            line.wholeNumber("count", 1, 10);
            ADD_FAILURE() << "accepted '" << text << "'";
        } catch (const cli::UsageError& error) {
            EXPECT_NE(std::string(error.what()).find(why), std::string::npos) << error.what();
        }
    }
    CommandLine line = sample();
    ASSERT_EQ(parse(line, {"--count", "-2", "--seconds", "soon"}).outcome,
              CommandLine::Outcome::Proceed);
    EXPECT_THROW(line.wholeNumber("count", 1, std::numeric_limits<std::int64_t>::max()),
                 cli::UsageError);
    try {
        line.decimal("seconds", 0.5, 60, "seconds");
        ADD_FAILURE() << "accepted 'soon'";
    } catch (const cli::UsageError& error) {
        EXPECT_EQ(std::string(error.what()), "--seconds takes 0.5 to 60 seconds, not 'soon'");
    }
    std::ostringstream err;
    EXPECT_EQ(line.refuse("--seconds is odd", err), cli::kExitBadInput);
    EXPECT_EQ(err.str(), "isrbench sample: --seconds is odd\nTry 'isrbench sample --help'.\n");
}

TEST(CommandLine, ADecimalInRangeIsRead) {
    CommandLine line = sample();
    ASSERT_EQ(parse(line, {"--seconds", "2.5"}).outcome, CommandLine::Outcome::Proceed);
    EXPECT_EQ(line.decimal("seconds", 0.4, 600), 2.5);
}

}  // namespace
