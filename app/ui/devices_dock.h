// The devices panel: the fixtures and ports the live session can run on. The virtual fixture is
// always the first row; below it, each USB fixture as the FixtureWatcher describes it (serial,
// bus speed, firmware and capabilities from GET_INFO, or what is wrong, e.g. no permission), then
// each real parallel port twice, through ppdev and through the kernel module, with its IRQ and
// what is in the way (group lp, module not loaded, busy). The panel pulls the USB list from a
// source on a 250 ms timer and rebuilds its rows only when the source's generation moved, so the
// watcher's thread never calls into the UI; the ports, which do not come and go, are rescanned
// every 2 s. A QWidget: the window puts it in a QDockWidget.
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
#include "parallel_port_discovery.h"

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
    // The parallel ports (driver::discoverParallelPorts, or a test's fake); null: none.
    using PortSource = std::function<driver::ParallelPortScan()>;
    static constexpr int kPollMs = 250;
    static constexpr int kPortPolls = 8;  // ports are rescanned every 8th poll

    // Shows the sources' lists at once. Fixtures already in them are not announced: only what
    // appears or disappears afterwards is.
    explicit DevicesDock(Source source, PortSource ports = {}, QWidget* parent = nullptr);

    // Marks what the live session runs on: a serial as fixtureChosen carries it, a device as
    // portChosen does, empty for the virtual fixture; `description` is what the panel says.
    void showCurrent(const QString& key, const QString& description = {});
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
    // The same for a parallel port: its device and the way to use it (driver::accessName).
    void portChosen(QString device, QString access);

private:
    enum class RowKind { Virtual, Usb, Port };
    struct Row {
        RowKind kind = RowKind::Virtual;
        QString serial;  // a USB fixture's; a port's device
        QString key;     // what arrivals and departures are told by: serial, or bus location
        bool choosable = false;
        QString access;  // a port's way: "ppdev" or "kernel"
    };

    void rebuild(const hwbridge::WatchedFixtures& watched);
    void addVirtualRow();
    void addFixtureRow(const hwbridge::FoundFixture& found);
    void addPortRow(const driver::FoundParallelPort& port);
    void rescanPorts();
    void setCells(int row, const QStringList& cells, const QString& tip);
    void announce(const QStringList& before);
    void selectKey(const std::optional<QString>& key);
    std::optional<QString> selectedKey() const;
    void showHint(const hwbridge::WatchedFixtures& watched);
    void markCurrent();
    void chooseRow(int row);
    void updateUseButton();

    Source source_;
    PortSource port_source_;
    QTimer poll_;
    int polls_ = 0;
    std::uint64_t shown_generation_ = 0;
    hwbridge::WatchedFixtures shown_fixtures_;
    driver::ParallelPortScan ports_;
    std::vector<Row> rows_;  // one per table row, in order
    QString current_;        // the serial or device in use; empty: the virtual fixture
    QString current_description_;

    QLabel* current_label_;
    QTableWidget* table_;
    QLabel* hint_;
    QPushButton* use_;
};

}  // namespace ui
