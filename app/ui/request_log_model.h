// The driver request log as a table: time, session time, request, status, Information. Pulled
// from LiveSession::requestLog() after each request the window sends and a few times a second,
// never per interrupt. A replaced session (new bus model, a scenario) adds a marker row, so that
// the log reads on across sessions.
#pragma once

#include <QAbstractTableModel>
#include <QString>
#include <QTime>
#include <deque>

#include "live_session.h"

namespace ui {

class RequestLogModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { kTime, kSessionTime, kRequest, kStatus, kInformation, kColumnCount };
    static constexpr int kRowsKept = 5000;

    explicit RequestLogModel(QObject* parent = nullptr);

    // Appends the session's entries not seen yet.
    void pull(const engine::LiveSession& session);
    // A new session starts here; its entries count from zero again.
    void markSession(const QString& description);

    // The rows as tab-separated text with a header line, in row order (Ctrl+C).
    QString rowsAsText(std::vector<int> rows) const;
    QString statusAt(int row) const;
    QString requestAt(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    struct Row {
        QTime wall;
        double session_s = 0;
        QString request;
        QString status;
        quint64 information = 0;
        bool marker = false;
    };
    QString cell(const Row& row, int column) const;
    void append(Row row);

    std::deque<Row> rows_;
    std::int64_t last_at_ns_ = -1;
};

// A request status that is not a success: shown in red, in the log and under the buttons.
bool isErrorStatus(const QString& status);

}  // namespace ui
