"""Issue 22: the server-drawn bar charts say what they measure in a visible caption, put
each label on its own line above its bar (never beside it, where a long label ran into the
bar or out of the picture), and keep their screen-reader summary as text."""

from __future__ import annotations

import re

from learning.web.charts import CHART_WIDTH, LABEL_CHARS, bar_chart


def _chart(rows, **kwargs):
    return str(bar_chart("Completions, by sector", rows, chart_id="c", **kwargs))


def test_the_caption_says_what_the_chart_measures():
    html = _chart([("Media", 3)], measures="Each bar: people who completed.")
    assert '<figcaption id="c-caption"><span class="chart-title">Completions, by sector' in html
    assert '<span class="chart-measures">Each bar: people who completed.</span>' in html


def test_the_summary_is_text_not_escaped_markup():
    html = _chart([("Media & press", 3), ("<b>", 1)])
    assert '<desc id="c-desc">Media &amp; press: 3; &lt;b&gt;: 1</desc>' in html


def test_labels_sit_above_their_bars_and_within_the_picture():
    long = "Gobierno y sector público de los países de la región y de Europa"
    html = _chart([(long, 10), ("Medios", 4)])
    labels = re.findall(r'<text x="([\d.]+)" y="([\d.]+)" class="chart-label">([^<]*)</text>', html)
    bars = re.findall(r'<rect x="0" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"', html)
    assert [float(x) for x, _y, _t in labels] == [2, 2]
    for (_x, label_y, _text), (bar_y, width, _h) in zip(labels, bars, strict=True):
        assert float(label_y) <= float(bar_y)  # the baseline is above the bar's top
        assert float(width) <= CHART_WIDTH - 60
    assert len(labels[0][2]) == LABEL_CHARS and labels[0][2].endswith("…")
