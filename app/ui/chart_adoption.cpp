#include "chart_adoption.h"

#include <QAreaSeries>
#include <QBarCategoryAxis>
#include <QCategoryAxis>
#include <QChart>
#include <QLegend>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QValueAxis>
#include <QXYSeries>

namespace ui {
namespace {

bool adoptable(QAbstractSeries::SeriesType type) {
    return type == QAbstractSeries::SeriesTypeLine || type == QAbstractSeries::SeriesTypeSpline ||
           type == QAbstractSeries::SeriesTypeScatter || type == QAbstractSeries::SeriesTypeArea;
}

bool sameStructure(const QChart& shown, const charts::ChartContent& fresh) {
    const QList<QAbstractSeries*> a = shown.series();
    if (static_cast<std::size_t>(a.size()) != fresh.series.size()) {
        return false;
    }
    for (qsizetype i = 0; i < a.size(); ++i) {
        const QAbstractSeries& b = *fresh.series[static_cast<std::size_t>(i)];
        if (a[i]->type() != b.type() || !adoptable(a[i]->type())) {
            return false;
        }
        const auto* area = qobject_cast<const QAreaSeries*>(a[i]);
        const auto* fresh_area = qobject_cast<const QAreaSeries*>(&b);
        if (area != nullptr &&
            (area->lowerSeries() == nullptr) != (fresh_area->lowerSeries() == nullptr)) {
            return false;
        }
    }
    const QList<QAbstractAxis*> x = shown.axes();
    if (static_cast<std::size_t>(x.size()) != fresh.axes.size()) {
        return false;
    }
    for (qsizetype i = 0; i < x.size(); ++i) {
        const charts::ChartContent::Axis& y = fresh.axes[static_cast<std::size_t>(i)];
        if (x[i]->type() != y.axis->type() || x[i]->alignment() != y.alignment) {
            return false;
        }
    }
    return true;
}

void replacePoints(QXYSeries& to, const QXYSeries& from) {
    to.replace(from.points());
    if (to.pen() != from.pen()) {
        to.setPen(from.pen());
    }
}

void adoptSeries(QAbstractSeries& to, const QAbstractSeries& from) {
    if (to.type() == QAbstractSeries::SeriesTypeArea) {
        auto& area = static_cast<QAreaSeries&>(to);
        const auto& fresh = static_cast<const QAreaSeries&>(from);
        area.upperSeries()->replace(fresh.upperSeries()->points());
        if (area.lowerSeries() != nullptr) {
            area.lowerSeries()->replace(fresh.lowerSeries()->points());
        }
        if (area.brush() != fresh.brush()) {
            area.setBrush(fresh.brush());
        }
        if (area.pen() != fresh.pen()) {
            area.setPen(fresh.pen());
        }
    } else {
        replacePoints(static_cast<QXYSeries&>(to), static_cast<const QXYSeries&>(from));
    }
}

// The ticks are set before the range and the range is set under fixed ticks: a dynamic axis
// lays out one item per old interval across the new range at once, so a histogram that jumps from
// a 10 µs span to a 1 s outlier would make a million tick items (the window froze for a minute).
bool sameTicks(const QValueAxis& a, const QValueAxis& b) {
    return a.min() == b.min() && a.max() == b.max() && a.tickType() == b.tickType() &&
           a.tickCount() == b.tickCount() && a.tickAnchor() == b.tickAnchor() &&
           a.tickInterval() == b.tickInterval() && a.minorTickCount() == b.minorTickCount() &&
           a.labelFormat() == b.labelFormat();
}

// An axis that already shows what the fresh one would is left alone: switching its tick type to
// fixed and back would re-lay out its labels for nothing.
void adoptValueAxis(QValueAxis& to, const QValueAxis& from) {
    if (sameTicks(to, from)) {
        return;
    }
    to.setTickType(QValueAxis::TicksFixed);
    to.setTickCount(from.tickCount());
    if (to.min() != from.min() || to.max() != from.max()) {
        to.setRange(from.min(), from.max());
    }
    to.setTickAnchor(from.tickAnchor());
    to.setTickInterval(from.tickInterval());
    to.setTickType(from.tickType());
    to.setMinorTickCount(from.minorTickCount());
    if (to.labelFormat() != from.labelFormat()) {
        to.setLabelFormat(from.labelFormat());
    }
}

void adoptLogAxis(QLogValueAxis& to, const QLogValueAxis& from) {
    to.setBase(from.base());
    if (to.min() != from.min() || to.max() != from.max()) {
        to.setRange(from.min(), from.max());
    }
    to.setMinorTickCount(from.minorTickCount());
    if (to.labelFormat() != from.labelFormat()) {
        to.setLabelFormat(from.labelFormat());
    }
}

void adoptCategoryAxis(QCategoryAxis& to, QCategoryAxis& from) {
    const QStringList labels = from.categoriesLabels();
    bool same = labels == to.categoriesLabels();
    for (qsizetype i = 0; same && i < labels.size(); ++i) {
        same = to.endValue(labels[i]) == from.endValue(labels[i]);
    }
    if (!same) {
        for (const QString& label : to.categoriesLabels()) {
            to.remove(label);
        }
        to.setStartValue(from.startValue());
        for (const QString& label : labels) {
            to.append(label, from.endValue(label));
        }
    }
    if (to.min() != from.min() || to.max() != from.max()) {
        to.setRange(from.min(), from.max());
    }
}

void adoptAxis(QAbstractAxis& to, QAbstractAxis& from) {
    switch (to.type()) {
        case QAbstractAxis::AxisTypeValue:
            adoptValueAxis(static_cast<QValueAxis&>(to), static_cast<const QValueAxis&>(from));
            break;
        case QAbstractAxis::AxisTypeLogValue:
            adoptLogAxis(static_cast<QLogValueAxis&>(to), static_cast<const QLogValueAxis&>(from));
            break;
        case QAbstractAxis::AxisTypeCategory:
            adoptCategoryAxis(static_cast<QCategoryAxis&>(to), static_cast<QCategoryAxis&>(from));
            break;
        case QAbstractAxis::AxisTypeBarCategory: {
            const QStringList categories = static_cast<QBarCategoryAxis&>(from).categories();
            auto& bars = static_cast<QBarCategoryAxis&>(to);
            if (bars.categories() != categories) {
                bars.setCategories(categories);
            }
            break;
        }
        default:
            break;
    }
}

// Names and titles. Series names show only in the legend, and a renamed series lays its whole
// chart out again, legend hidden or not: a chart shown without a legend keeps its names.
void adoptWords(QChart& shown, const charts::ChartContent& fresh) {
    const QList<QAbstractSeries*> to = shown.series();
    const qsizetype named = shown.legend()->isVisible() ? to.size() : 0;
    for (qsizetype i = 0; i < named; ++i) {
        const QString& name = fresh.series[static_cast<std::size_t>(i)]->name();
        if (to[i]->name() != name) {
            to[i]->setName(name);
        }
    }
    const QList<QAbstractAxis*> axes = shown.axes();
    for (qsizetype i = 0; i < axes.size(); ++i) {
        const QString title = fresh.axes[static_cast<std::size_t>(i)].axis->titleText();
        if (axes[i]->titleText() != title) {
            axes[i]->setTitleText(title);
        }
    }
    if (shown.title() != fresh.title) {
        shown.setTitle(fresh.title);
    }
}

}  // namespace

bool adoptChart(QChart& shown, const charts::ChartContent& fresh) {
    if (!sameStructure(shown, fresh)) {
        return false;
    }
    const QList<QAbstractSeries*> to = shown.series();
    for (qsizetype i = 0; i < to.size(); ++i) {
        adoptSeries(*to[i], *fresh.series[static_cast<std::size_t>(i)]);
    }
    const QList<QAbstractAxis*> axes = shown.axes();
    for (qsizetype i = 0; i < axes.size(); ++i) {
        adoptAxis(*axes[i], *fresh.axes[static_cast<std::size_t>(i)].axis);
    }
    adoptWords(shown, fresh);
    return true;
}

}  // namespace ui
