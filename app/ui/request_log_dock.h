// The request log panel: the table, a filter over every column (QSortFilterProxyModel), and
// Ctrl+C to copy the selected rows as tab-separated text, header included.
#pragma once

#include <QDockWidget>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QTableView>

namespace ui {

class RequestLogModel;

class RequestLogDock : public QDockWidget {
    Q_OBJECT

public:
    explicit RequestLogDock(RequestLogModel& model, QWidget* parent = nullptr);

    void setFilterText(const QString& text);
    int visibleRows() const { return proxy_.rowCount(); }
    QTableView& table() { return *table_; }
    // The selected rows as text, as Ctrl+C puts them on the clipboard.
    QString selectedText() const;
    void copySelection() const;

private:
    void followNewRows();

    RequestLogModel& model_;
    QSortFilterProxyModel proxy_;
    QLineEdit* filter_;
    QTableView* table_;
};

}  // namespace ui
