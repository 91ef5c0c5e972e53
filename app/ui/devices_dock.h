// The devices panel: the fixtures the live session can run on. The virtual fixture is always the
// first row; below it, each USB fixture as the FixtureWatcher describes it (serial, bus speed,
// firmware and capabilities from GET_INFO, or what is wrong, e.g. no permission). The panel pulls
// its list from a source on a 250 ms timer and rebuilds its rows only when the source's
// generation moved, so the watcher's thread never calls into the UI. A QWidget: the window puts
// it in a QDockWidget.
#pragma once

#include <QString>
#include <QStringList>
#include <QTimer>
#include <QWidget>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "fixture_watcher.h"

class QLabel;
class QPushButton;
class QTableWidget;

namespace ui {

class DevicesDock : public QWidget {
    Q_OBJECT

public:
    // Called on the UI thread; the window passes a lambda over a FixtureWatcher's snapshot(),
    // tests a fake. A null source is a USB side with nothing plugged.
    using Source = std::function<hwbridge::WatchedFixtures()>;
    static constexpr int kPollMs = 250;

    // Shows the source's list at once. Fixtures already in it are not announced: only what
    // appears or disappears afterwards is.
    explicit DevicesDock(Source source, QWidget* parent = nullptr);

    // Marks the fixture the live session runs on: a serial as fixtureChosen carries it, empty
    // for the virtual fixture.
    void showCurrent(const QString& label);
    // Polls the source now; the timer does the same every kPollMs.
    void refresh();

    QTableWidget& table() { return *table_; }
    QPushButton& useButton() { return *use_; }
    // One row's cells joined by " | ", as a test or a screen reader would read them.
    QString rowText(int row) const;

signals:
    // A fixture's serial (its bus location when the serial could not be read).
    void fixtureArrived(QString serial);
    void fixtureLeft(QString serial);
    // The technician picked a row (Enter, double-click, or Use): a serial, empty for the virtual
    // fixture. Only rows that can be opened (a serial, no problem) are offered.
    void fixtureChosen(QString serial);

private:
    struct Row {
        QString serial;  // empty for the virtual fixture
        QString key;     // what arrivals and departures are told by: serial, or bus location
        bool choosable = false;
    };

    void rebuild(const hwbridge::WatchedFixtures& watched);
    void addVirtualRow();
    void addFixtureRow(const hwbridge::FoundFixture& found);
    void setCells(int row, const QStringList& cells, const QString& tip);
    void announce(const QStringList& before);
    void selectKey(const std::optional<QString>& key);
    std::optional<QString> selectedKey() const;
    void showHint(const hwbridge::WatchedFixtures& watched);
    void markCurrent();
    void chooseRow(int row);
    void updateUseButton();

    Source source_;
    QTimer poll_;
    std::uint64_t shown_generation_ = 0;
    std::vector<Row> rows_;  // one per table row, in order
    QString current_;        // the serial the live session uses; empty: the virtual fixture

    QLabel* current_label_;
    QTableWidget* table_;
    QLabel* hint_;
    QPushButton* use_;
};

}  // namespace ui
