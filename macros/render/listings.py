"""Browsing pages: the place tree and one page per place, the themes, the glossary."""

from __future__ import annotations

from ..models import Place, Theme
from ..store import Store
from .cards import place_link, place_path, practice_cards, theme_link
from .order import in_chinese_order
from .tables import place_metrics_table
from .text import anchor_page, md, relative_link


def listing_heading(title: str) -> str:
    """A heading over a list of cards, kept out of search: the cards are, and a bare heading on every
    place and theme page would only crowd the results."""
    return f"## {title} {{ data-search-exclude }}"


def _source_links(store: Store, ids: list[str], here: str) -> str:
    return "、".join(f"[《{md(store.source(s).title)}》]({relative_link(here, anchor_page('sources.md', s))})" for s in ids)


def place_tree(store: Store, here: str) -> str:
    """省 → 市 → 区县 → 街道 as a nested list: each place linked to its page, with its number of practices."""
    lines = []

    def walk(parent: str | None, depth: int) -> None:
        for place in store.children(parent):
            count = len(store.practices_in(place.id))
            suffix = f"（{place.level.value}，做法 {count} 项）" if count else f"（{place.level.value}）"
            lines.append(f"{'    ' * depth}- {place_link(place, here)}{suffix}")
            walk(place.id, depth + 1)

    walk(None, 0)
    return "\n".join(lines)


def place_details(place: Place, store: Store, here: str) -> str:
    """One place's page: where it is, what lies below, its practices, its own figures and the reports on it."""
    where = f"**层级**：{place.level.value}" + (f"　**所属**：{place_path(store, place.parent, here)}" if place.parent else "")
    parts = [f"# {md(place.name)}", where]
    if place.note:
        parts.append(md(place.note))
    children = store.children(place.id)
    if children:
        parts.append("**下辖地区**：" + "、".join(place_link(c, here) for c in children))
    local = store.practices_at(place.id)
    below = [p for p in store.practices_in(place.id) if p not in local]
    if local:
        parts.append(f"{listing_heading('本地做法')}\n\n{practice_cards(local, store, here)}")
    if below:
        parts.append(f"{listing_heading('下辖地区的做法')}\n\n{practice_cards(below, store, here)}")
    if not local and not below:
        parts.append("_报道中没有这一地区的具体做法。_")
    figures = place_metrics_table(place, store, here)
    if figures:
        parts.append(f"## 概况数字\n\n描述这一地区本身的数字（不属于某一项做法），按报道原文录入。\n\n{figures}")
    reports = [s.id for s in store.sources.values() if place.id in s.places]
    if reports:
        parts.append(f"## 报道\n\n{_source_links(store, reports, here)}")
    return "\n\n".join(parts)


def theme_list(store: Store, here: str) -> str:
    """Every theme linked to its page, with its description and number of practices."""
    return "\n".join(
        f"- **{theme_link(t, here)}**（{len(store.practices_with_theme(t.id))} 项）：{md(t.description)}" for t in store.themes.values()
    )


def theme_details(theme: Theme, store: Store, here: str) -> str:
    """One theme's page: its description, then its practices as cards."""
    practices = store.practices_with_theme(theme.id)
    places = {p.place: None for p in practices}
    where = "、".join(place_link(store.place(id_), here) for id_ in places)
    cards = practice_cards(practices, store, here)
    return f"# {md(theme.name)}\n\n{md(theme.description)}\n\n涉及地区：{where or '（暂无）'}\n\n{listing_heading('做法')}\n\n{cards}"


def glossary(store: Store, here: str) -> str:
    """Every term with its definition and the reports it appears in, in Chinese order of the terms."""
    blocks = []
    for term in in_chinese_order(store.terms.values(), lambda t: t.term):
        aliases = f"（又作{md('、'.join(term.aliases))}）" if term.aliases else ""
        cited = _source_links(store, term.sources, here)
        blocks.append(f"## {md(term.term)} {{#{term.id}}}\n\n{aliases}{md(term.definition)}" + (f"\n\n见于：{cited}" if cited else ""))
    return "\n\n".join(blocks)
