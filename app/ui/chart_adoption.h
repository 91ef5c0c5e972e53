// Keeping a shown chart and giving it fresh content. The distribution panels show what the
// report's own builders make (charts/latency_charts.h), taken as content (charts/chart_content.h):
// building a whole chart costs about 1 ms under a 100 k/s stream, and putting a new chart in a
// view a whole layout (~6 ms here), either of which would land on the frame that does it. When
// the content has the shown chart's structure (the same series types in the same order, the same
// axes), its points go into the shown chart's series with replace(), and its axes, names and
// title are copied: what is shown is exactly what the builder built, at the cost of a refill.
#pragma once

#include "chart_content.h"

class QChart;

namespace ui {

// True: `shown` now shows `fresh`. False: their structures differ and `shown` was left as it was
// (the caller shows a chart built from the content instead). `fresh` is only read. Measured: the
// first change re-lays out the chart once (2–4 ms for these panels), whatever changed; copying the
// words on a later frame than the data saves nothing.
bool adoptChart(QChart& shown, const charts::ChartContent& fresh);

}  // namespace ui
