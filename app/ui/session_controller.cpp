#include "session_controller.h"

#include "run_controller.h"

namespace ui {

SessionController::SessionController(engine::LiveOptions options, QObject* parent)
    : QObject(parent),
      options_(std::move(options)),
      session_(std::make_unique<engine::LiveSession>(options_)) {}

SessionController::~SessionController() = default;

QString SessionController::describe() const {
    const engine::BackendSpec& backend = options_.backend;
    switch (backend.kind) {
        case engine::BackendKind::UsbFixture:
            return QStringLiteral("USB fixture %1").arg(QString::fromStdString(backend.serial));
        case engine::BackendKind::Ppdev:
        case engine::BackendKind::KernelModule:
            return QString::fromStdString(session_->snapshot(1, 1).source_label);
        case engine::BackendKind::VirtualFixture:
            break;
    }
    QString text =
        QStringLiteral("virtual fixture, bus %1").arg(QString::fromStdString(backend.bus));
    text += backend.faults.empty()
                ? QStringLiteral(", no faults")
                : QStringLiteral(", faults %1").arg(QString::fromStdString(backend.faults));
    return text;
}

// After a failed replacement: the previous options, or the plain virtual fixture if even those
// fail now (a USB fixture unplugged meanwhile).
std::unique_ptr<engine::LiveSession> SessionController::reopen() {
    try {
        return std::make_unique<engine::LiveSession>(options_);
    } catch (const std::exception&) {
        options_ = engine::LiveOptions{};
        return std::make_unique<engine::LiveSession>(options_);
    }
}

QString SessionController::replaceSession(engine::LiveOptions options) {
    // The old session goes first: a USB fixture can be opened by one session at a time.
    session_.reset();
    QString error;
    try {
        session_ = std::make_unique<engine::LiveSession>(options);
        options_ = std::move(options);
    } catch (const std::exception& failure) {
        error = QString::fromStdString(failure.what());
        session_ = reopen();
    }
    emit sessionReplaced(describe());
    return error;
}

QString SessionController::changeFixture(const FixtureChoice& choice) {
    const engine::LiveSnapshot before = session_->snapshot(1, 1);
    engine::LiveOptions options = options_;
    options.backend.kind = engine::BackendKind::VirtualFixture;
    options.backend.bus = choice.bus;
    options.backend.faults = choice.faults;
    const QString error = replaceSession(std::move(options));
    if (before.stimulus_running) {
        startStimulus(before.rate_hz);
    }
    return error;
}

engine::LiveRequest SessionController::sent(engine::LiveRequest request) {
    emit requestSent(request);
    return request;
}

engine::LiveRequest SessionController::carryOut(engine::StepKind step) {
    switch (step) {
        case engine::StepKind::Connect:
            return sent(session_->connect());
        case engine::StepKind::ReportActive:
            return sent(session_->reportActive());
        case engine::StepKind::ReportInactive:
            return sent(session_->reportInactive());
        case engine::StepKind::Disconnect:
            return sent(session_->disconnect());
        case engine::StepKind::FreePort:
            return sent(session_->freePort());
    }
    return {};
}

engine::LiveRequest SessionController::startStimulus(double rate_hz) {
    return sent(session_->startStimulus(rate_hz));
}

engine::LiveRequest SessionController::stopStimulus() {
    return sent(session_->stopStimulus());
}

engine::LiveRequest SessionController::toggleStimulus(double rate_hz) {
    return session_->snapshot(1, 1).stimulus_running ? stopStimulus() : startStimulus(rate_hz);
}

bool SessionController::unplugFixture() {
    const bool done = session_->unplugFixture();
    if (done) {
        emit requestSent(session_->requestLog().back());
    }
    return done;
}

bool SessionController::replugFixture() {
    const bool done = session_->replugFixture();
    if (done) {
        emit requestSent(session_->requestLog().back());
    }
    return done;
}

}  // namespace ui
