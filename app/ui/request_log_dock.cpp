#include "request_log_dock.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QScrollBar>
#include <QVBoxLayout>

#include "request_log_model.h"

namespace ui {

RequestLogDock::RequestLogDock(RequestLogModel& model, QWidget* parent)
    : QDockWidget(QStringLiteral("Request log"), parent), model_(model) {
    setObjectName(QStringLiteral("requestLogDock"));
    proxy_.setSourceModel(&model_);
    proxy_.setFilterKeyColumn(-1);  // every column
    proxy_.setFilterCaseSensitivity(Qt::CaseInsensitive);

    auto* body = new QWidget;
    auto* layout = new QVBoxLayout(body);
    layout->setContentsMargins(6, 6, 6, 6);
    filter_ = new QLineEdit;
    filter_->setObjectName(QStringLiteral("logFilter"));
    filter_->setPlaceholderText(
        QStringLiteral("Filter: request, status, time… (e.g. INVALID or report_)"));
    filter_->setClearButtonEnabled(true);
    table_ = new QTableView;
    table_->setObjectName(QStringLiteral("requestLogTable"));
    table_->setModel(&proxy_);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    table_->verticalHeader()->hide();
    table_->verticalHeader()->setDefaultSectionSize(22);
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->setWordWrap(false);
    table_->setColumnWidth(0, 110);
    table_->setColumnWidth(1, 90);
    table_->setColumnWidth(2, 150);
    table_->setColumnWidth(3, 260);
    layout->addWidget(filter_);
    layout->addWidget(table_, 1);
    setWidget(body);

    connect(filter_, &QLineEdit::textChanged, &proxy_,
            &QSortFilterProxyModel::setFilterFixedString);
    auto* copy = new QAction(QStringLiteral("Copy rows"), table_);
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(copy, &QAction::triggered, this, &RequestLogDock::copySelection);
    table_->addAction(copy);
    table_->setContextMenuPolicy(Qt::ActionsContextMenu);
    connect(&model_, &QAbstractItemModel::rowsInserted, this, &RequestLogDock::followNewRows);
}

void RequestLogDock::setFilterText(const QString& text) {
    filter_->setText(text);
}

// New rows scroll into view unless the technician has scrolled up to read older ones.
void RequestLogDock::followNewRows() {
    QScrollBar* bar = table_->verticalScrollBar();
    if (bar->value() >= bar->maximum() - 2 * table_->verticalHeader()->defaultSectionSize()) {
        table_->scrollToBottom();
    }
}

QString RequestLogDock::selectedText() const {
    std::vector<int> rows;
    for (const QModelIndex& index : table_->selectionModel()->selectedRows()) {
        rows.push_back(proxy_.mapToSource(index).row());
    }
    return model_.rowsAsText(std::move(rows));
}

void RequestLogDock::copySelection() const {
    QApplication::clipboard()->setText(selectedText());
}

}  // namespace ui
