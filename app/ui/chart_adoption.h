// Keeping a shown chart and giving it a freshly built one's content. The distribution panels are
// drawn by the report's own builders (charts/latency_charts.h); building one is cheap (~0.5 ms),
// but putting a new chart in a view costs a whole layout (~6 ms here), which would land on the
// frame that does it. When the fresh chart has the same structure (the same series types in the
// same order, the same axes), its points go into the shown chart's series with replace(), and its
// axes, names, title and legend entries are copied: what is shown is exactly what the builder
// built, at the cost of a refill.
#pragma once

class QChart;

namespace ui {

// True: `shown` now shows what `fresh` does. False: their structures differ and `shown` was left
// as it was (the caller swaps the chart instead). `fresh` is only read (non-const because Qt's
// category getters are). Measured: the first change re-lays out the chart once (2–4 ms for these
// panels), whatever changed; copying the words on a later frame than the data saves nothing.
bool adoptChart(QChart& shown, QChart& fresh);

}  // namespace ui
