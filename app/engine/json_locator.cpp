#include "json_locator.h"

namespace engine {

TextPosition positionAt(std::string_view text, std::size_t offset) {
    TextPosition position;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++position.line;
            position.column = 1;
        } else {
            ++position.column;
        }
    }
    return position;
}

JsonLocator::JsonLocator(std::string_view valid_json) : text_(valid_json) {
    skipSpace();
    scanValue("");
}

TextPosition JsonLocator::find(const std::string& path) const {
    std::string probe = path;
    while (true) {
        if (const auto it = offsets_.find(probe); it != offsets_.end()) {
            return positionAt(text_, it->second);
        }
        const auto cut = probe.find_last_of(".[");
        if (cut == std::string::npos) {
            return positionAt(text_, offsets_.count("") != 0 ? offsets_.at("") : 0);
        }
        probe.resize(cut);
    }
}

void JsonLocator::skipSpace() {
    while (at_ < text_.size() &&
           (text_[at_] == ' ' || text_[at_] == '\n' || text_[at_] == '\r' || text_[at_] == '\t')) {
        ++at_;
    }
}

void JsonLocator::scanValue(const std::string& path) {
    if (at_ >= text_.size()) {
        return;
    }
    offsets_[path] = at_;
    switch (text_[at_]) {
        case '{':
            scanObject(path);
            break;
        case '[':
            scanArray(path);
            break;
        case '"':
            scanString();
            break;
        default:
            skipScalar();
            break;
    }
}

void JsonLocator::scanObject(const std::string& path) {
    ++at_;  // {
    skipSpace();
    while (at_ < text_.size() && text_[at_] != '}') {
        const std::string key = scanString();
        skipSpace();
        ++at_;  // :
        skipSpace();
        scanValue(path.empty() ? key : path + "." + key);
        skipSpace();
        if (at_ < text_.size() && text_[at_] == ',') {
            ++at_;
            skipSpace();
        }
    }
    ++at_;  // }
}

void JsonLocator::scanArray(const std::string& path) {
    ++at_;  // [
    skipSpace();
    for (int index = 0; at_ < text_.size() && text_[at_] != ']'; ++index) {
        scanValue(path + "[" + std::to_string(index) + "]");
        skipSpace();
        if (at_ < text_.size() && text_[at_] == ',') {
            ++at_;
            skipSpace();
        }
    }
    ++at_;  // ]
}

// Keys in scenario files are plain ASCII; escapes are kept as written, which is enough to match.
std::string JsonLocator::scanString() {
    std::string value;
    ++at_;  // opening quote
    while (at_ < text_.size() && text_[at_] != '"') {
        if (text_[at_] == '\\' && at_ + 1 < text_.size()) {
            value += text_[at_++];
        }
        value += text_[at_++];
    }
    ++at_;  // closing quote
    return value;
}

void JsonLocator::skipScalar() {
    while (at_ < text_.size() && text_[at_] != ',' && text_[at_] != '}' && text_[at_] != ']' &&
           text_[at_] != ' ' && text_[at_] != '\n' && text_[at_] != '\r' && text_[at_] != '\t') {
        ++at_;
    }
}

}  // namespace engine
