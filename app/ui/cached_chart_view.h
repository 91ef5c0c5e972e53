// A chart view that keeps its last picture: painted again, it draws a pixmap until its scene
// changes (QGraphicsScene::changed) or its size does. The distribution panels change a few times
// a second but are painted with the whole window, up to every frame; drawing their scenes each
// time took 3.5-6 ms of a 1920x1080 window's 8-14 ms paint (gui_bench, render mode).
#pragma once

#include <QChartView>
#include <cstdint>

#include "kept_picture.h"

namespace ui {

class CachedChartView : public QChartView {
    Q_OBJECT

public:
    explicit CachedChartView(QWidget* parent = nullptr);

    // How often the scene itself has been drawn (the rest were the kept picture).
    std::uint64_t scenePaints() const { return picture_.draws(); }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    KeptPicture picture_;
};

}  // namespace ui
