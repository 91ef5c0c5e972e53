// Where each value of a JSON text starts, by path ("timeline[2].at_ms"), so that an error found
// after parsing (a wrong type, a value out of range) can still name the line and column. Qt's
// parser reports positions only for syntax errors; this scanner runs on text Qt already accepted.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>

namespace engine {

struct TextPosition {
    int line = 1;    // 1-based
    int column = 1;  // 1-based, in bytes
};

TextPosition positionAt(std::string_view text, std::size_t offset);

class JsonLocator {
public:
    explicit JsonLocator(std::string_view valid_json);

    // The position of the value at `path`, or of the closest enclosing value that exists.
    TextPosition find(const std::string& path) const;

private:
    void scanValue(const std::string& path);
    void scanObject(const std::string& path);
    void scanArray(const std::string& path);
    std::string scanString();
    void skipScalar();
    void skipSpace();

    std::string_view text_;
    std::size_t at_ = 0;
    std::map<std::string, std::size_t> offsets_;
};

}  // namespace engine
