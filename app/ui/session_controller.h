// Owns the live session the window shows and carries out what the technician asks of it. Every
// request goes to the engine as asked, whatever the state: a refused request is an answer worth
// seeing (the contract's error rows are part of the job), so nothing here second-guesses one.
// One signal per request the window sends, never one per interrupt.
#pragma once

#include <QObject>
#include <QString>
#include <memory>

#include "live_session.h"

namespace ui {

// The virtual fixture's bus model and fault plan as the menus offer them.
struct FixtureChoice {
    std::string bus = "ideal";
    std::string faults;  // empty: none
};

class SessionController : public QObject {
    Q_OBJECT

public:
    // Throws engine::RunError when not even the virtual fixture can be opened.
    explicit SessionController(engine::LiveOptions options, QObject* parent = nullptr);
    ~SessionController() override;

    engine::LiveSession& session() { return *session_; }
    const engine::LiveSession& session() const { return *session_; }
    const engine::LiveOptions& options() const { return options_; }
    // "virtual fixture, bus ideal, no faults", "USB fixture <serial>" or a real port's label
    // ("ppdev /dev/parport0", "kernel module on parport0").
    QString describe() const;

    // A new session on these options (a new bus model, fault plan, a scenario's fixture). On
    // failure the previous options are reopened and the reason is returned; empty on success.
    QString replaceSession(engine::LiveOptions options);
    // The virtual fixture with another bus model or fault plan; the train restarts if it ran.
    QString changeFixture(const FixtureChoice& choice);

    engine::LiveRequest carryOut(engine::StepKind step);
    engine::LiveRequest startStimulus(double rate_hz);
    engine::LiveRequest stopStimulus();
    // Starts the train at `rate_hz` when stopped, stops it when running.
    engine::LiveRequest toggleStimulus(double rate_hz);
    bool unplugFixture();
    bool replugFixture();

signals:
    void requestSent(const engine::LiveRequest& request);
    // The session was replaced: counts, bands and the request log start again.
    void sessionReplaced(const QString& description);

private:
    engine::LiveRequest sent(engine::LiveRequest request);
    std::unique_ptr<engine::LiveSession> reopen();

    engine::LiveOptions options_;
    std::unique_ptr<engine::LiveSession> session_;
};

}  // namespace ui
