"""Browsing pages: the place tree, the themes, the glossary."""

from __future__ import annotations

from ..models import Place
from ..store import Store
from .cards import practice_link
from .tables import place_metrics_table
from .text import anchor_page, md, relative_link


def place_tree(store: Store, here: str) -> str:
    """省 → 市 → 区县 → 街道, one heading (and anchor) per place: its practices, reports and what lies below."""
    blocks = []

    def describe(place: Place) -> str:
        parent = store.places.get(place.parent) if place.parent else None
        parts = [place.level.value + (f"，属{md(parent.name)}" if parent else "") + (f"，{md(place.note)}" if place.note else "")]
        local = store.practices_at(place.id)
        below = [p for p in store.practices_in(place.id) if p not in local]
        reports = [s for s in store.sources.values() if place.id in s.places]
        if local:
            parts.append("本地做法：" + "、".join(practice_link(p, here) for p in local))
        if below:
            parts.append(f"下辖地区的做法 {len(below)} 项")
        if reports:
            links = (f"[《{md(s.title)}》]({relative_link(here, anchor_page('sources.md', s.id))})" for s in reports)
            parts.append("报道：" + "、".join(links))
        figures = place_metrics_table(place, store, here)
        return "。".join(parts) + "。" + (f"\n\n概况数字（报道原文）：\n\n{figures}" if figures else "")

    def walk(parent: str | None, depth: int) -> None:
        for place in store.children(parent):
            blocks.append(f"{'#' * min(depth, 6)} {md(place.name)} {{#{place.id}}}\n\n{describe(place)}")
            walk(place.id, depth + 1)

    walk(None, 2)
    return "\n\n".join(blocks)


def theme_list(store: Store, here: str) -> str:
    """One section per theme with its description and practices."""
    blocks = []
    for theme in store.themes.values():
        practices = "、".join(practice_link(p, here) for p in store.practices_with_theme(theme.id)) or "（暂无）"
        blocks.append(f"## {md(theme.name)} {{#{theme.id}}}\n\n{md(theme.description)}\n\n做法：{practices}")
    return "\n\n".join(blocks)


def glossary(store: Store, here: str) -> str:
    """Every term with its definition and the reports it appears in, in data order."""
    blocks = []
    for term in store.terms.values():
        aliases = f"（又作{md('、'.join(term.aliases))}）" if term.aliases else ""
        cited = "、".join(f"[《{md(store.source(s).title)}》]({relative_link(here, anchor_page('sources.md', s))})" for s in term.sources)
        blocks.append(f"## {md(term.term)} {{#{term.id}}}\n\n{aliases}{md(term.definition)}" + (f"\n\n见于：{cited}" if cited else ""))
    return "\n\n".join(blocks)
