#include "control_panel.h"

#include <QAction>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QVBoxLayout>

#include "bench_actions.h"
#include "hud_style.h"
#include "rate_scale.h"

namespace ui {
namespace {

constexpr int kRateSettleMs = 250;

bool isSuccess(const std::string& status) {
    return status == "STATUS_SUCCESS" || status == "ok" || status == "fixture attached";
}

QGroupBox* group(const QString& title) {
    auto* box = new QGroupBox(title);
    auto* layout = new QVBoxLayout(box);
    layout->setSpacing(6);
    return box;
}

}  // namespace

ControlPanel::ControlPanel(BenchActions& actions, QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("controlPanel"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->setSpacing(10);
    layout->addWidget(lifeCycleGroup(actions));
    layout->addWidget(stimulusGroup(actions));
    layout->addWidget(fixtureGroup(actions));
    last_request_ = new QLabel(QStringLiteral("No request sent yet."));
    last_request_->setObjectName(QStringLiteral("lastRequest"));
    last_request_->setWordWrap(true);
    last_request_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(last_request_);
    layout->addStretch(1);

    rate_settle_.setSingleShot(true);
    rate_settle_.setInterval(kRateSettleMs);
    connect(&rate_settle_, &QTimer::timeout, this, [this] { emit rateChosen(rateHz()); });
}

QPushButton* ControlPanel::actionButton(QAction* action, const QString& caption, const char* name,
                                        const QString& role) {
    auto* button = new QPushButton(caption);
    button->setObjectName(QLatin1String(name));
    button->setProperty("role", role);
    button->setToolTip(action->toolTip() + QStringLiteral("  [") +
                       action->shortcut().toString(QKeySequence::NativeText) + QStringLiteral("]"));
    // The keyboard drives the actions' shortcuts; a focused button would take Space for itself.
    button->setFocusPolicy(Qt::NoFocus);
    button->setCursor(Qt::PointingHandCursor);
    connect(button, &QPushButton::clicked, action, &QAction::trigger);
    return button;
}

QWidget* ControlPanel::lifeCycleGroup(BenchActions& actions) {
    using engine::PortState;
    QGroupBox* box = group(QStringLiteral("ISR LIFE CYCLE"));
    const auto caption = [](PortState leads_to, const char* verb, const char* key) {
        return stateCaption(leads_to).section(QLatin1Char(' '), 0, 0) + QLatin1Char(' ') +
               QLatin1String(verb) + QStringLiteral("   ") + QLatin1String(key);
    };
    box->layout()->addWidget(actionButton(actions.connect_isr,
                                          caption(PortState::Active, "CONNECT", "1"),
                                          "connectButton", stateKey(PortState::Active)));
    box->layout()->addWidget(actionButton(actions.activate,
                                          caption(PortState::Active, "ACTIVATE", "2"),
                                          "activateButton", stateKey(PortState::Active)));
    box->layout()->addWidget(actionButton(actions.deactivate,
                                          caption(PortState::Inactive, "DEACTIVATE", "3"),
                                          "deactivateButton", stateKey(PortState::Inactive)));
    box->layout()->addWidget(actionButton(actions.disconnect_isr,
                                          caption(PortState::Disconnected, "DISCONNECT", "4"),
                                          "disconnectButton", stateKey(PortState::Disconnected)));
    box->layout()->addWidget(actionButton(actions.free_port, QStringLiteral("FREE PORT   5"),
                                          "freePortButton", QStringLiteral("neutral")));
    return box;
}

QWidget* ControlPanel::stimulusGroup(BenchActions& actions) {
    QGroupBox* box = group(QStringLiteral("STIMULUS"));
    stimulus_button_ = actionButton(actions.stimulus, QStringLiteral("▶ START   Space"),
                                    "stimulusButton", QStringLiteral("stimulus"));
    box->layout()->addWidget(stimulus_button_);
    auto* row = new QHBoxLayout;
    rate_slider_ = new QSlider(Qt::Horizontal);
    rate_slider_->setObjectName(QStringLiteral("rateSlider"));
    rate_slider_->setRange(rate_scale::kMinimum, rate_scale::kMaximum);
    rate_slider_->setSingleStep(10);
    rate_slider_->setPageStep(rate_scale::kStepsPerDecade);
    rate_slider_->setFocusPolicy(Qt::NoFocus);
    rate_slider_->setToolTip(QStringLiteral("Stimulus rate, log scale 1 Hz … 100 kHz  [+ / −]"));
    rate_label_ = new QLabel;
    rate_label_->setObjectName(QStringLiteral("rateLabel"));
    rate_label_->setMinimumWidth(76);
    rate_label_->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    row->addWidget(rate_slider_, 1);
    row->addWidget(rate_label_);
    qobject_cast<QVBoxLayout*>(box->layout())->addLayout(row);
    connect(rate_slider_, &QSlider::valueChanged, this, [this](int position) {
        rate_label_->setText(rate_scale::rateText(rate_scale::hertzAt(position)));
        rate_settle_.start();
    });
    setRateHz(1000);
    return box;
}

QWidget* ControlPanel::fixtureGroup(BenchActions& actions) {
    QGroupBox* box = group(QStringLiteral("VIRTUAL FIXTURE"));
    auto* row = new QHBoxLayout;
    row->addWidget(actionButton(actions.unplug, QStringLiteral("UNPLUG   U"), "unplugButton",
                                QStringLiteral("neutral")));
    row->addWidget(actionButton(actions.replug, QStringLiteral("RE-PLUG   R"), "replugButton",
                                QStringLiteral("neutral")));
    qobject_cast<QVBoxLayout*>(box->layout())->addLayout(row);
    fixture_label_ = new QLabel;
    fixture_label_->setObjectName(QStringLiteral("fixtureChoice"));
    fixture_label_->setWordWrap(true);
    fixture_label_->setProperty("role", QStringLiteral("muted"));
    box->layout()->addWidget(fixture_label_);
    return box;
}

double ControlPanel::rateHz() const {
    return rate_scale::hertzAt(rate_slider_->value());
}

void ControlPanel::setRateHz(double hertz) {
    rate_slider_->setValue(rate_scale::positionOf(hertz));
    rate_label_->setText(rate_scale::rateText(rateHz()));
    rate_settle_.stop();  // set from outside: nothing to restart
}

void ControlPanel::stepRate(int steps) {
    rate_slider_->setValue(rate_slider_->value() + steps * rate_slider_->singleStep());
}

void ControlPanel::showSnapshot(const engine::LiveSnapshot& snapshot) {
    const QString caption = snapshot.stimulus_running ? QStringLiteral("■ STOP   Space")
                                                      : QStringLiteral("▶ START   Space");
    if (stimulus_button_->text() != caption) {
        stimulus_button_->setText(caption);
        setStyleProperty(*stimulus_button_, "running",
                         snapshot.stimulus_running ? QStringLiteral("true") : QString());
    }
}

void ControlPanel::showRequest(const engine::LiveRequest& request) {
    const bool ok = isSuccess(request.status);
    last_request_->setText(QStringLiteral("%1 → %2").arg(QString::fromStdString(request.request),
                                                         QString::fromStdString(request.status)));
    setStyleProperty(*last_request_, "tone", ok ? QStringLiteral("ok") : QStringLiteral("alert"));
}

void ControlPanel::showFixtureChoice(const QString& description) {
    fixture_label_->setText(description +
                            QStringLiteral("\nFixture menu: bus Ctrl+1…5, faults Ctrl+Alt+0…5"));
}

QPushButton& ControlPanel::button(const char* object_name) const {
    return *findChild<QPushButton*>(QLatin1String(object_name));
}

}  // namespace ui
