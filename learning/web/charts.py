"""Charts drawn on the server as SVG: readable without JavaScript, with a visible caption
saying what they measure, and a title and a summary for screen readers.

Each bar has its label on its own line above it, so a long label (a sector, a country in
Spanish) never runs into the bar or out of the picture, and the picture stays narrow enough
to keep its words readable on a 360 px phone."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

CHART_WIDTH = 360
LABEL_HEIGHT = 17  # one line of 13 px text
BAR_HEIGHT = 18
GAP = 10
ROW = LABEL_HEIGHT + BAR_HEIGHT + GAP
VALUE_ROOM = 64  # right of the longest bar: the value ("12 345 %")
LABEL_X = 2  # room for a first letter drawn left of its origin ("J")
LABEL_CHARS = 44  # 44 characters of 13 px text fit in CHART_WIDTH


def bar_chart(
    title: str,
    rows: Sequence[tuple[str, float]],
    *,
    unit: str = "",
    chart_id: str,
    measures: str = "",
) -> Markup:
    """Horizontal bars, one per (label, value), scaled to the largest value, in a figure whose
    caption is ``title`` and, below it, ``measures`` (what a bar counts)."""
    largest = max((value for _, value in rows), default=0) or 1
    span = CHART_WIDTH - VALUE_ROOM
    height = max(len(rows), 1) * ROW
    parts = [
        f'<figure class="chart-figure"><figcaption id="{chart_id}-caption">'
        f'<span class="chart-title">{escape(title)}</span>'
        + (f' <span class="chart-measures">{escape(measures)}</span>' if measures else "")
        + "</figcaption>",
        f'<svg class="chart" viewBox="0 0 {CHART_WIDTH} {height}" width="{CHART_WIDTH}" '
        f'height="{height}" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        # str(): a str followed by Markup would be escaped as a whole.
        f'<desc id="{chart_id}-desc">'
        + str(escape("; ".join(f"{label}: {_number(value)}{unit}" for label, value in rows)))
        + "</desc>",
    ]
    for index, (label, value) in enumerate(rows):
        y = index * ROW
        bar_y = y + LABEL_HEIGHT
        width = round(span * value / largest, 1)
        parts.append(
            f'<text x="{LABEL_X}" y="{y + 13}" class="chart-label">{escape(_clip(label))}</text>'
            f'<rect x="0" y="{bar_y}" width="{width}" height="{BAR_HEIGHT}" class="chart-bar"/>'
            f'<text x="{width + 6}" y="{bar_y + 14}" class="chart-value">'
            f"{_number(value)}{escape(unit)}</text>"
        )
    parts.append("</svg></figure>")
    return Markup("".join(parts))  # noqa: S704 - every text above is escaped


def _number(value: float) -> str:
    return f"{value:.1f}" if isinstance(value, float) and not value.is_integer() else f"{value:g}"


def _clip(label: str, limit: int = LABEL_CHARS) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
