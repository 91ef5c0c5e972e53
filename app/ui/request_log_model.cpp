#include "request_log_model.h"

#include <QBrush>
#include <QFont>
#include <algorithm>

#include "hud_style.h"
#include "state_palette.h"

namespace ui {

bool isErrorStatus(const QString& status) {
    if (status.startsWith(QLatin1String("STATUS_"))) {
        return status != QLatin1String("STATUS_SUCCESS");
    }
    return status != QLatin1String("ok") && !status.startsWith(QLatin1String("fixture"));
}

RequestLogModel::RequestLogModel(QObject* parent) : QAbstractTableModel(parent) {}

void RequestLogModel::pull(const engine::LiveSession& session) {
    for (const engine::LiveRequest& entry : session.requestLog()) {
        if (entry.at_ns <= last_at_ns_) {
            continue;
        }
        last_at_ns_ = entry.at_ns;
        append({QTime::currentTime(), static_cast<double>(entry.at_ns) / 1e9,
                QString::fromStdString(entry.request), QString::fromStdString(entry.status),
                entry.information, false});
    }
}

void RequestLogModel::markSession(const QString& description) {
    last_at_ns_ = -1;
    append({QTime::currentTime(), 0, QStringLiteral("— new session —"), description, 0, true});
}

void RequestLogModel::append(Row row) {
    if (static_cast<int>(rows_.size()) >= kRowsKept) {
        beginRemoveRows({}, 0, 0);
        rows_.pop_front();
        endRemoveRows();
    }
    const int at = static_cast<int>(rows_.size());
    beginInsertRows({}, at, at);
    rows_.push_back(std::move(row));
    endInsertRows();
}

int RequestLogModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int RequestLogModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : kColumnCount;
}

QString RequestLogModel::cell(const Row& row, int column) const {
    switch (column) {
        case kTime:
            return row.wall.toString(u"HH:mm:ss.zzz");
        case kSessionTime:
            return row.marker ? QString() : QString::number(row.session_s, 'f', 3);
        case kRequest:
            return row.request;
        case kStatus:
            return row.status;
        case kInformation:
            return row.marker ? QString() : QString::number(row.information);
        default:
            return {};
    }
}

QVariant RequestLogModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= static_cast<int>(rows_.size())) {
        return {};
    }
    const Row& row = rows_[static_cast<std::size_t>(index.row())];
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
        return cell(row, index.column());
    }
    if (role == Qt::ForegroundRole && index.column() == kStatus && !row.marker) {
        return QBrush(isErrorStatus(row.status) ? themeColour(charts::hud::kViolation)
                                                : stateColour(engine::PortState::Active));
    }
    if (role == Qt::ForegroundRole && row.marker) {
        return QBrush(themeColour(charts::hud::kHighlight));
    }
    if (role == Qt::TextAlignmentRole &&
        (index.column() == kSessionTime || index.column() == kInformation)) {
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    }
    return {};
}

QVariant RequestLogModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    static const char* const kHeaders[] = {"Time", "Session s", "Request", "Status", "Information"};
    return section >= 0 && section < kColumnCount ? QString::fromLatin1(kHeaders[section])
                                                  : QVariant();
}

QString RequestLogModel::rowsAsText(std::vector<int> rows) const {
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    QStringList lines;
    QStringList header;
    for (int column = 0; column < kColumnCount; ++column) {
        header << headerData(column, Qt::Horizontal, Qt::DisplayRole).toString();
    }
    lines << header.join(QLatin1Char('\t'));
    for (const int row : rows) {
        if (row < 0 || row >= static_cast<int>(rows_.size())) {
            continue;
        }
        QStringList cells;
        for (int column = 0; column < kColumnCount; ++column) {
            cells << cell(rows_[static_cast<std::size_t>(row)], column);
        }
        lines << cells.join(QLatin1Char('\t'));
    }
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

QString RequestLogModel::statusAt(int row) const {
    return data(index(row, kStatus), Qt::DisplayRole).toString();
}

QString RequestLogModel::requestAt(int row) const {
    return data(index(row, kRequest), Qt::DisplayRole).toString();
}

}  // namespace ui
