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

WIDTH = 640
LABEL_HEIGHT = 18  # each bar's label stands on its own line above it, so long Chinese labels are never cut
BAR_HEIGHT = 18
GAP = 10
VALUE_ROOM = 100  # room right of the longest bar for its figure


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    shown: str  # the figure as printed, qualifier included: 3760余名


def bar_chart(bars: list[Bar], title: str, chart_id: str) -> str:
    """A horizontal bar chart; bar lengths are proportional to the values (scale starts at zero)."""
    if not bars:
        return ""
    top = max(b.value for b in bars) or 1
    span = WIDTH - VALUE_ROOM
    row = LABEL_HEIGHT + BAR_HEIGHT + GAP
    height = len(bars) * row
    desc = "；".join(f"{b.label}：{b.shown}" for b in bars)
    parts = [
        f'<svg class="kb-chart" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]
    for i, bar in enumerate(bars):
        y = i * row
        length = round(span * bar.value / top, 1)
        bar_y = y + LABEL_HEIGHT
        parts += [
            f'<text x="0" y="{y + LABEL_HEIGHT - 5}" class="kb-chart__label">{escape(bar.label)}</text>',
            f'<rect x="0" y="{bar_y}" width="{length}" height="{BAR_HEIGHT}" class="kb-chart__bar"/>',
            f'<text x="{length + 6}" y="{bar_y + BAR_HEIGHT / 2}" dominant-baseline="middle" class="kb-chart__value">'
            f"{escape(bar.shown)}</text>",
        ]
    parts.append("</svg>")
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
