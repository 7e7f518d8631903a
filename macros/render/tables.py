"""Tables: the figures of a practice and who does what."""

from __future__ import annotations

from ..models import Derived, Metric, Place, Practice, Source
from ..page_kinds import SOURCE
from ..store import Store
from .text import format_date, format_figure, md, percentage, relative_link

HEADER = ["指标", "数值", "时间", "出处（报道小标题）", "说明"]


def table(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown table; the cells are Markdown already (escaped by the caller)."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _when(metric: Metric) -> str:
    """累计，截至报道时 / 截至报道时 / 2018年: the time a figure refers to."""
    if metric.as_of is None:
        return "累计，截至报道时" if metric.cumulative else "截至报道时"
    return f"累计，截至{format_date(metric.as_of)}" if metric.cumulative else format_date(metric.as_of)


def cite(source: Source, locator: str, here: str) -> str:
    """The locator (article subheading) linked to its report on the sources page."""
    section, _, detail = locator.partition("·")
    link = relative_link(here, SOURCE.page(source.id))
    return f'[{md(section)}]({link} "{md(source.title)}")' + (f" · {md(detail)}" if detail else "")


def derived_value(derived: Derived, practice: Practice) -> tuple[str, Metric, Metric]:
    """The computed rate of a derived row, with the two metrics it is computed from."""
    by_id = {m.id: m for m in practice.metrics}
    num, den = by_id[derived.numerator], by_id[derived.denominator]
    return percentage(num.value, den.value, derived.digits), num, den


def rate_note(derived: Derived, num: Metric, den: Metric) -> str:
    """What a computed rate is computed from, and what the report printed if it differs: on pages and in downloads."""
    note = f"由“{num.label}”÷“{den.label}”计算（{format_figure(num)} ÷ {format_figure(den)}），非报道原文"
    if derived.printed:
        note += f"；报道印为 {derived.printed}"
    if derived.note:
        note += f"；{derived.note}"
    return note


def _metric_rows(metrics: list[Metric], store: Store, here: str) -> list[list[str]]:
    return [
        [md(m.label), f"**{md(format_figure(m))}**", md(_when(m)), cite(store.source(m.source), m.locator, here), md(m.note or "")]
        for m in metrics
    ]


def place_metrics_table(place: Place, store: Store, here: str) -> str:
    """Figures that describe a place itself (area, economy, honours), in the same form as a 成效表."""
    return table(HEADER, _metric_rows(place.metrics, store, here)) if place.metrics else ""


def metrics_table(practice: Practice, store: Store, here: str) -> str:
    """成效表: one row per reported figure, then one per rate computed from them."""
    if not practice.metrics:
        return "_报道没有给出这一做法的具体数字。_"
    rows = _metric_rows(practice.metrics, store, here)
    for d in practice.derived:
        value, num, den = derived_value(d, practice)
        note = rate_note(d, num, den)
        # a rate is a state at a date, even when computed from two running totals
        when = f"截至{format_date(num.as_of)}" if num.as_of else "截至报道时"
        rows.append([md(d.label), f"**{md(value)}**", md(when), "据本表数字计算", md(note)])
    return table(HEADER, rows)


def actors_table(practice: Practice) -> str:
    """谁做什么: the actors of a practice."""
    if not practice.actors:
        return ""
    return table(["谁", "做什么"], [[md(a.who), md(a.does)] for a in practice.actors])
