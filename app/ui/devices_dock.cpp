#include "devices_dock.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>

#include "codec.h"
#include "hud_style.h"
#include "state_palette.h"
#include "virtual_fixture.h"

namespace ui {
namespace {
// Low enough for the bottom docks to share a 768-line screen with the charts; it scrolls.
constexpr int kMinimumTableHeight = 48;
}  // namespace
namespace {

enum Column { kFixture, kBus, kFirmware, kCapabilities, kStatus, kColumns };

QString virtualName() {
    return QString::fromLatin1(hwbridge::VirtualFixture::kLabel) + QStringLiteral(" — simulated");
}
QString ready() {
    return QStringLiteral("ready");
}
QString inUse() {
    return QStringLiteral("● in use");  // a glyph too: not colour alone
}

QString text(const std::string& value) {
    return QString::fromStdString(value);
}

QString firmware(std::uint16_t version) {
    return QStringLiteral("%1.%2").arg(version >> 8).arg(version & 0xFF);
}

QString fixtureName(const hwbridge::FoundFixture& found) {
    return found.identity.serial.empty() ? QStringLiteral("? (serial not readable)")
                                         : text(found.identity.serial);
}

QString busText(const hwbridge::FoundFixture& found) {
    return text(found.identity.bus_speed) + QStringLiteral(" speed, ") +
           text(found.identity.location);
}

}  // namespace

DevicesDock::DevicesDock(Source source, PortSource ports, QWidget* parent)
    : QWidget(parent), source_(std::move(source)), port_source_(std::move(ports)) {
    setObjectName(QStringLiteral("devicesPanel"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);

    current_label_ = new QLabel;
    current_label_->setObjectName(QStringLiteral("devicesCurrent"));
    table_ = new QTableWidget(0, kColumns);
    table_->setMinimumHeight(kMinimumTableHeight);
    table_->setObjectName(QStringLiteral("devicesTable"));
    table_->setAccessibleName(QStringLiteral("Fixtures"));
    table_->setHorizontalHeaderLabels({QStringLiteral("Fixture"), QStringLiteral("Bus"),
                                       QStringLiteral("Firmware"), QStringLiteral("Capabilities"),
                                       QStringLiteral("Status")});
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setTabKeyNavigation(false);  // Tab leaves the table for the Use button
    table_->verticalHeader()->hide();
    table_->verticalHeader()->setDefaultSectionSize(22);
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->setWordWrap(false);
    hint_ = new QLabel;
    hint_->setObjectName(QStringLiteral("devicesHint"));
    hint_->setProperty("role", QStringLiteral("muted"));
    hint_->setWordWrap(true);
    use_ = new QPushButton(QStringLiteral("Use"));
    use_->setObjectName(QStringLiteral("useFixtureButton"));
    use_->setProperty("role", QStringLiteral("neutral"));
    use_->setToolTip(QStringLiteral("Run the live session on the selected fixture  [Enter]"));
    use_->setAutoDefault(true);  // Enter on the focused button presses it, as Space would

    auto* bottom = new QHBoxLayout;
    bottom->addWidget(hint_, 1);
    bottom->addWidget(use_);
    layout->addWidget(current_label_);
    layout->addWidget(table_, 1);
    layout->addLayout(bottom);
    setFocusProxy(table_);

    // activated is Enter on the current row and a double-click, once each.
    connect(table_, &QAbstractItemView::activated, this,
            [this](const QModelIndex& index) { chooseRow(index.row()); });
    connect(use_, &QPushButton::clicked, this, [this] { chooseRow(table_->currentRow()); });
    connect(table_, &QTableWidget::itemSelectionChanged, this, &DevicesDock::updateUseButton);

    const hwbridge::WatchedFixtures first = source_ ? source_() : hwbridge::WatchedFixtures{};
    shown_generation_ = first.generation;
    if (port_source_) {
        ports_ = port_source_();
    }
    rebuild(first);
    poll_.setInterval(kPollMs);
    connect(&poll_, &QTimer::timeout, this, &DevicesDock::refresh);
    poll_.start();
}

// ---- the list -----------------------------------------------------------------------------------

void DevicesDock::refresh() {
    if (++polls_ % kPortPolls == 0) {
        rescanPorts();
    }
    if (!source_) {
        return;
    }
    const hwbridge::WatchedFixtures watched = source_();
    if (shown_generation_ == watched.generation) {
        return;  // nothing moved: no relayout, no signal
    }
    shown_generation_ = watched.generation;
    QStringList before;
    for (const Row& row : rows_) {
        if (row.kind == RowKind::Usb) {
            before.append(row.key);
        }
    }
    rebuild(watched);
    announce(before);
}

// A port's rows change when a module is loaded, a group granted, another client lets go.
void DevicesDock::rescanPorts() {
    if (!port_source_) {
        return;
    }
    driver::ParallelPortScan scan = port_source_();
    const auto same = [](const driver::FoundParallelPort& a, const driver::FoundParallelPort& b) {
        return a.device == b.device && a.irq == b.irq && a.problem == b.problem &&
               a.modes == b.modes;
    };
    if (std::equal(scan.ports.begin(), scan.ports.end(), ports_.ports.begin(), ports_.ports.end(),
                   same)) {
        return;
    }
    ports_ = std::move(scan);
    rebuild(shown_fixtures_);
}

void DevicesDock::rebuild(const hwbridge::WatchedFixtures& watched) {
    const std::optional<QString> selected = selectedKey();
    shown_fixtures_ = watched;
    table_->setRowCount(0);
    rows_.clear();
    addVirtualRow();
    for (const hwbridge::FoundFixture& found : watched.fixtures) {
        addFixtureRow(found);
    }
    for (const driver::FoundParallelPort& port : ports_.ports) {
        addPortRow(port);
    }
    table_->resizeColumnsToContents();
    selectKey(selected);
    showHint(watched);
    markCurrent();
    updateUseButton();
}

void DevicesDock::addVirtualRow() {
    rows_.push_back({RowKind::Virtual, QString(), QString(), true, QString()});
    setCells(0,
             {virtualName(), QStringLiteral("simulated"), QStringLiteral("—"), QStringLiteral("—"),
              ready()},
             QStringLiteral("The software twin of the fixture: edges timestamped on its own "
                            "clock, reported through a bus model. Always there."));
}

// A fixture that cannot be opened still gets its row, with the reason where the status goes.
void DevicesDock::addFixtureRow(const hwbridge::FoundFixture& found) {
    const QString serial = text(found.identity.serial);
    const QString problem = text(found.problem);
    const bool choosable = !serial.isEmpty() && problem.isEmpty();
    rows_.push_back({RowKind::Usb, serial,
                     serial.isEmpty() ? text(found.identity.location) : serial, choosable,
                     QString()});
    const int row = static_cast<int>(rows_.size()) - 1;
    setCells(row,
             {fixtureName(found), busText(found),
              found.info ? firmware(found.info->firmware_version) : QStringLiteral("?"),
              found.info ? text(hwbridge::codec::capabilityNames(found.info->capabilities))
                         : QStringLiteral("?"),
              problem.isEmpty() ? ready() : problem},
             problem.isEmpty() ? text(found.identity.location) : problem);
    if (!problem.isEmpty()) {
        table_->item(row, kStatus)->setForeground(themeColour(charts::hud::kViolation));
    }
}

// A real parallel port through one way of using it; what is in the way goes where the status
// goes, as for a fixture.
void DevicesDock::addPortRow(const driver::FoundParallelPort& port) {
    const QString device = text(port.device);
    const QString access = QString::fromLatin1(driver::accessName(port.access));
    const QString problem = text(port.problem);
    rows_.push_back({RowKind::Port, device, device, problem.isEmpty(), access});
    const int row = static_cast<int>(rows_.size()) - 1;
    const QString way = port.access == driver::ParallelPortAccess::Ppdev
                            ? QStringLiteral("ppdev")
                            : QStringLiteral("kernel module");
    QString bus = port.irq >= 0 ? QStringLiteral("irq %1").arg(port.irq) : QStringLiteral("no irq");
    if (!port.base.empty()) {
        bus += QStringLiteral(", ") + text(port.base);
    }
    setCells(row,
             {text(port.port) + QStringLiteral(" via ") + way, bus, QStringLiteral("—"),
              port.modes.empty() ? QStringLiteral("?") : text(port.modes),
              problem.isEmpty() ? ready() : problem},
             problem.isEmpty() ? device : problem);
    if (!problem.isEmpty()) {
        table_->item(row, kStatus)->setForeground(themeColour(charts::hud::kViolation));
    }
}

void DevicesDock::setCells(int row, const QStringList& cells, const QString& tip) {
    table_->insertRow(row);
    for (int column = 0; column < cells.size(); ++column) {
        auto* item = new QTableWidgetItem(cells[column]);
        item->setToolTip(tip);
        table_->setItem(row, column, item);
    }
}

// Arrivals and departures against the rows shown before; a fixture whose description changed
// (same serial) is neither.
void DevicesDock::announce(const QStringList& before) {
    QStringList gone = before;
    QStringList arrived;
    for (const Row& row : rows_) {
        if (row.kind == RowKind::Usb && !gone.removeOne(row.key)) {
            arrived.append(row.key);
        }
    }
    for (const QString& key : gone) {
        emit fixtureLeft(key);
    }
    for (const QString& key : arrived) {
        emit fixtureArrived(key);
    }
}

// ---- selection and choice -----------------------------------------------------------------------

std::optional<QString> DevicesDock::selectedKey() const {
    const int row = table_->currentRow();
    if (row < 0 || row >= static_cast<int>(rows_.size())) {
        return std::nullopt;
    }
    return rows_[static_cast<std::size_t>(row)].key;
}

// The selection follows its fixture across a rebuild; a fixture that left takes it with it.
void DevicesDock::selectKey(const std::optional<QString>& key) {
    for (std::size_t i = 0; key && i < rows_.size(); ++i) {
        if (rows_[i].key == *key) {
            table_->selectRow(static_cast<int>(i));
            return;
        }
    }
    table_->selectRow(0);
}

void DevicesDock::chooseRow(int row) {
    if (row < 0 || row >= static_cast<int>(rows_.size()) ||
        !rows_[static_cast<std::size_t>(row)].choosable) {
        return;
    }
    const Row& chosen = rows_[static_cast<std::size_t>(row)];
    if (chosen.kind == RowKind::Port) {
        emit portChosen(chosen.serial, chosen.access);
    } else {
        emit fixtureChosen(chosen.serial);
    }
}

void DevicesDock::updateUseButton() {
    const int row = table_->currentRow();
    use_->setEnabled(row >= 0 && row < static_cast<int>(rows_.size()) &&
                     rows_[static_cast<std::size_t>(row)].choosable);
}

// ---- what is in use, and what to say ------------------------------------------------------------

void DevicesDock::showCurrent(const QString& key, const QString& description) {
    current_ = key;
    current_description_ = description.isEmpty() && !key.isEmpty()
                               ? QStringLiteral("USB fixture ") + key
                               : description;
    markCurrent();
}

void DevicesDock::markCurrent() {
    const bool listed =
        current_.isEmpty() || std::any_of(rows_.begin(), rows_.end(),
                                          [&](const Row& row) { return row.serial == current_; });
    current_label_->setText(QStringLiteral("Live session on: ") +
                            (current_.isEmpty() ? virtualName() : current_description_) +
                            (listed ? QString() : QStringLiteral(" (not plugged in)")));
    for (std::size_t i = 0; i < rows_.size(); ++i) {
        QTableWidgetItem* status = table_->item(static_cast<int>(i), kStatus);
        // Our own session holds the port, so a port row in use says busy: it is marked anyway.
        const bool in_use =
            (rows_[i].choosable || rows_[i].kind == RowKind::Port) && rows_[i].serial == current_;
        if (in_use || status->text() == inUse()) {
            status->setText(in_use ? inUse() : ready());
            status->setForeground(themeColour(in_use ? charts::hud::kLatency : charts::hud::kText));
        }
    }
}

void DevicesDock::showHint(const hwbridge::WatchedFixtures& watched) {
    if (!watched.error.empty()) {
        hint_->setText(QStringLiteral("No USB fixtures: ") + text(watched.error));
    } else if (watched.fixtures.empty()) {
        hint_->setText(QStringLiteral("No USB fixture plugged in: one plugged in appears here."));
    } else {
        hint_->setText(QStringLiteral("Enter or double-click a row to use it."));
    }
}

QString DevicesDock::rowText(int row) const {
    QStringList cells;
    for (int column = 0; column < table_->columnCount(); ++column) {
        const QTableWidgetItem* item = table_->item(row, column);
        cells.append(item != nullptr ? item->text() : QString());
    }
    return cells.join(QStringLiteral(" | "));
}

}  // namespace ui
