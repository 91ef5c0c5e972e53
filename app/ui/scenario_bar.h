// The scenario being played, drawn as its timeline: one block per phase in its state's colour and
// pattern (with its name), a tick at each step, and the playhead moving across; on the right the
// scenario's name and where the playback is.
#pragma once

#include <QWidget>

namespace ui {

class ScenarioPlayer;

class ScenarioBar : public QWidget {
    Q_OBJECT

public:
    explicit ScenarioBar(const ScenarioPlayer& player, QWidget* parent = nullptr);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    QString statusText() const;  // "▶ whole life cycle · 1.8 / 3.5 s · step 3 of 5"

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    void paintPhases(QPainter& painter, const QRect& track) const;
    void paintPlayhead(QPainter& painter, const QRect& track) const;

    const ScenarioPlayer& player_;
};

}  // namespace ui
