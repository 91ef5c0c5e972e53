#include "exposition.h"

#include <cmath>
#include <cstdio>

namespace metrics {

std::string escapeLabelValue(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    for (const char c : value) {
        if (c == '\\' || c == '"') {
            out += '\\';
            out += c;
        } else if (c == '\n') {
            out += "\\n";
        } else {
            out += c;
        }
    }
    return out;
}

std::string label(std::string_view name, std::string_view value) {
    std::string out(name);
    out += "=\"";
    out += escapeLabelValue(value);
    out += '"';
    return out;
}

std::string formatNumber(double value) {
    if (std::isnan(value)) {
        return "NaN";
    }
    if (std::isinf(value)) {
        return value > 0 ? "+Inf" : "-Inf";
    }
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.9g", value);
    return buffer;
}

void writeFamily(std::string& out, std::string_view name, std::string_view type,
                 std::string_view help) {
    out += "# HELP ";
    out += name;
    out += ' ';
    out += help;
    out += "\n# TYPE ";
    out += name;
    out += ' ';
    out += type;
    out += '\n';
}

void writeSample(std::string& out, std::string_view name, std::string_view labels,
                 std::string_view value) {
    out += name;
    if (!labels.empty()) {
        out += '{';
        out += labels;
        out += '}';
    }
    out += ' ';
    out += value;
    out += '\n';
}

void writeSingle(std::string& out, std::string_view name, std::string_view type,
                 std::string_view help, std::string_view labels, std::string_view value) {
    writeFamily(out, name, type, help);
    writeSample(out, name, labels, value);
}

void writeSimulated(std::string& out, std::string_view labels, bool simulated) {
    writeSingle(out, "isrbench_simulated", "gauge",
                "1 when the source is a software model (the virtual fixture), 0 on real hardware.",
                labels, simulated ? "1" : "0");
}

}  // namespace metrics
