"""Bar charts as inline SVG, rendered at build time: no JavaScript, prints sharply, works offline.

Each chart is a <figure> whose SVG has role="img" with a <title> and a <desc> listing every bar in
words, so screen readers get the same figures as the eye; the same figures also stand in the table
beside it.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import escape

from ..models import Measure, Place, Practice
from ..page_kinds import PLACE
from ..store import Store
from .cards import practice_link
from .tables import cite, table
from .text import format_figure, md, relative_link

# The SVG is drawn in CSS pixels (no viewBox), so its text keeps its size on any screen (13 px, also on a 390 px
# phone) while the bars stretch with the width: their lengths are percentages of it.
FONT = 13
LINE = 18  # a label line; a long Chinese label wraps onto more lines above its bar, never cut
LABEL_CHARS = 24  # characters a label line holds at 13 px in a phone's ~340 px column
BAR_HEIGHT = 18
GAP = 10
BAR_SPAN = 72  # percent of the width for the longest bar; the rest is room for its figure


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    shown: str  # the figure as printed, qualifier included: 3760余名


def label_lines(label: str) -> list[str]:
    return [label[i : i + LABEL_CHARS] for i in range(0, len(label), LABEL_CHARS)] or [""]


def bar_chart(bars: list[Bar], title: str, chart_id: str) -> str:
    """A horizontal bar chart; bar lengths are proportional to the values (scale starts at zero)."""
    if not bars:
        return ""
    top = max(b.value for b in bars) or 1
    desc = "；".join(f"{b.label}：{b.shown}" for b in bars)
    rows, y = [], 0
    for bar in bars:
        lines = label_lines(bar.label)
        length = round(BAR_SPAN * bar.value / top, 1)
        spans = "".join(f'<tspan x="0" y="{y + LINE * (k + 1) - 5}">{escape(line)}</tspan>' for k, line in enumerate(lines))
        bar_y = y + LINE * len(lines)
        rows += [
            f'<text class="kb-chart__label">{spans}</text>',
            f'<rect x="0" y="{bar_y}" width="{length}%" height="{BAR_HEIGHT}" class="kb-chart__bar"/>',
            f'<text x="{length}%" dx="6" y="{bar_y + BAR_HEIGHT / 2}" dominant-baseline="middle" class="kb-chart__value">'
            f"{escape(bar.shown)}</text>",
        ]
        y = bar_y + BAR_HEIGHT + GAP
    parts = [
        f'<svg class="kb-chart" width="100%" height="{y}" font-size="{FONT}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
        *rows,
        "</svg>",
    ]
    return f'<figure class="kb-chart-figure">\n{"".join(parts)}\n<figcaption>{escape(title)}</figcaption>\n</figure>'


def _owner_link(owner: Practice | Place, here: str) -> str:
    if isinstance(owner, Practice):
        return practice_link(owner, here)
    return f"[{md(owner.name)}]({relative_link(here, PLACE.page(owner.id))})"


def measure_comparison(measure: Measure, store: Store, here: str) -> str:
    """A measure's figures side by side: a bar chart and a table with each figure's source."""
    rows = store.metrics_with_measure(measure.id)
    if not rows:
        return "_暂无可比较的数字。_"
    bars = [Bar(f"{owner.name}：{m.label}", float(m.value), format_figure(m)) for owner, m in rows]
    figures = [
        [_owner_link(owner, here), md(m.label), f"**{md(format_figure(m))}**", cite(store.source(m.source), m.locator, here),
         md(m.note or "")]
        for owner, m in rows
    ]
    chart = bar_chart(bars, f"{measure.name}（单位：{measure.unit}）", f"chart-{measure.id.replace('.', '-')}")
    note = f"\n\n{md(measure.description)}" if measure.description else ""
    return f"{chart}{note}\n\n" + table(["做法或地区", "指标", "数值", "出处（报道小标题）", "说明"], figures)


def all_comparisons(store: Store, here: str) -> str:
    """One section per measure that at least two figures carry."""
    blocks = []
    for measure in store.measures.values():
        if len(store.metrics_with_measure(measure.id)) >= 2:
            blocks.append(f"## {md(measure.name)} {{#{measure.id.replace('.', '-')}}}\n\n{measure_comparison(measure, store, here)}")
    return "\n\n".join(blocks) or "_暂无可比较的数字。_"
