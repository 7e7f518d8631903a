"""Browsing pages: the place tree and one page per place, the themes, the glossary."""

from __future__ import annotations

from markupsafe import escape

from ..models import Place, PlaceLevel, Practice, Theme
from ..page_kinds import SOURCE
from ..store import Store
from .cards import place_link, place_path, practice_cards, theme_link
from .order import in_chinese_order
from .tables import place_metrics_table
from .text import md, relative_link


def listing_heading(title: str) -> str:
    """A heading over a list of cards, kept out of search: the cards are, and a bare heading on every
    place and theme page would only crowd the results."""
    return f"## {title} {{ data-search-exclude }}"


LISTING_LIMIT = 60  # cards on one listing page; beyond, the page points onward (smaller places, 找做法) instead


def finder_link(finder_url: str, text: str, **filters: str) -> str:
    """A link to 找做法 with its filters set (raw HTML: see page_macros._finder_url)."""
    query = "&".join(f"{key}={value}" for key, value in filters.items())
    return f'<a href="{escape(finder_url + "#" + query)}">{escape(text)}</a>'


def by_county(practices: list[Practice], store: Store) -> dict[str, int]:
    """How many of these practices lie in each 区县 (county id -> count), in the order of places.yaml."""
    county = store.county_of_practice
    counts = {id_: 0 for id_, p in store.places.items() if p.level == PlaceLevel.COUNTY}
    for practice in practices:
        if county[practice.id] in counts:
            counts[county[practice.id]] += 1
    return {id_: n for id_, n in counts.items() if n}


def _source_links(store: Store, ids: list[str], here: str) -> str:
    return "、".join(f"[《{md(store.source(s).title)}》]({relative_link(here, SOURCE.page(s))})" for s in ids)


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


def place_details(place: Place, store: Store, here: str, finder_url: str) -> str:
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
    if below and len(below) <= LISTING_LIMIT:
        parts.append(f"{listing_heading('下辖地区的做法')}\n\n{practice_cards(below, store, here)}")
    elif below:  # too many for one page: each smaller place has its own, and 找做法 filters them all
        rows = "\n".join(f"- {place_link(c, here)}：做法 {n} 项" for c in children if (n := len(store.practices_in(c.id))))
        everything = finder_link(finder_url, f"在找做法中查看全部 {len(below)} 项", place=place.id)
        parts.append(f"{listing_heading('下辖地区的做法')}\n\n共 {len(below)} 项，按下辖地区分页：\n\n{rows}\n\n{everything}")
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


def theme_details(theme: Theme, store: Store, here: str, finder_url: str) -> str:
    """One theme's page: its description, then its practices as cards; beyond one page, how many in each district,
    each a link to 找做法 with the theme and the district set."""
    practices = store.practices_with_theme(theme.id)
    counties = by_county(practices, store)
    where = "、".join(place_link(store.place(id_), here) for id_ in counties)
    head = f"# {md(theme.name)}\n\n{md(theme.description)}\n\n涉及地区：{where or '（暂无）'}\n\n{listing_heading('做法')}"
    if len(practices) <= LISTING_LIMIT:
        return f"{head}\n\n{practice_cards(practices, store, here)}"
    rows = "\n".join(
        f"- {finder_link(finder_url, store.county_label(id_), theme=theme.id, place=id_)}：{n} 项" for id_, n in counties.items()
    )
    everything = finder_link(finder_url, f"在找做法中查看全部 {len(practices)} 项", theme=theme.id)
    return f"{head}\n\n共 {len(practices)} 项，按区县列出：\n\n{rows}\n\n{everything}"


def glossary(store: Store, here: str) -> str:
    """Every term with its definition and the reports it appears in, in Chinese order of the terms."""
    blocks = []
    for term in in_chinese_order(store.terms.values(), lambda t: t.term):
        aliases = f"（又作{md('、'.join(term.aliases))}）" if term.aliases else ""
        cited = _source_links(store, term.sources, here)
        blocks.append(f"## {md(term.term)} {{#{term.id}}}\n\n{aliases}{md(term.definition)}" + (f"\n\n见于：{cited}" if cited else ""))
    return "\n\n".join(blocks)
