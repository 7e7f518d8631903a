"""The practice header, the steps of a practice, and practice cards for listings."""

from __future__ import annotations

from ..models import Place, PlaceLevel, Practice, Theme
from ..page_kinds import PLACE, PRACTICE, THEME
from ..store import Store
from .order import in_chinese_order, pinyin_key
from .text import format_date, format_figure, md, relative_link

# Written as HTML rather than `!!! note` so that it can carry data-search-exclude: the same
# sentence on every practice page would otherwise be indexed 46 (or 5,000) times.
EVIDENCE_ANCHOR = "evidence"
EVIDENCE_NOTE = (
    f'<div class="admonition note" id="{EVIDENCE_ANCHOR}" data-search-exclude markdown="1">\n'
    '<p class="admonition-title">证据说明</p>\n'
    "<p>本页事实与数字均来自地方报纸的报道，按报道原文录入（保留“余”“近”“约”等限定词），"
    "未经独立核实；计算得出的比率已注明。</p>\n"
    "</div>"
)


def period(practice: Practice) -> str:
    """2016年—2020年 / 2018年起 / 至2013年4月, then the note; 报道未说明 when there is nothing."""
    p = practice.period
    start, end = (format_date(d) if d else None for d in (p.start, p.end))
    span = f"{start}—{end}" if start and end else f"{start}起" if start else f"至{end}" if end else ""
    return "，".join(x for x in (span, p.note) if x) or "报道未说明"


def not_indexed(markdown: str) -> str:
    """Markdown wrapped in a block that Material's search leaves out of the index (data-search-exclude)."""
    return f'<div class="kb-not-indexed" data-search-exclude markdown="1">\n\n{markdown}\n\n</div>'


def practice_link(practice: Practice, here: str) -> str:
    return f"[{md(practice.name)}]({relative_link(here, PRACTICE.page(practice.id))})"


def place_link(place: Place, here: str) -> str:
    return f"[{md(place.name)}]({relative_link(here, PLACE.page(place.id))})"


def theme_link(theme: Theme, here: str) -> str:
    return f"[{md(theme.name)}]({relative_link(here, THEME.page(theme.id))})"


def place_path(store: Store, place_id: str, here: str) -> str:
    """河南省 › 郑州市 › 中原区, each part linked to its place page."""
    return " › ".join(place_link(p, here) for p in store.place_chain(place_id))


def components_list(practice: Practice) -> str:
    """The numbered parts of a slogan, each with its meaning and sub-items."""
    out = []
    for c in practice.components:
        out.append(f"{c.order}. **{md(c.name)}**：{md(c.meaning)}")
        out += [f"    - {md(item)}" for item in c.items]
    return "\n".join(out)


def headline(practice: Practice) -> str:
    """The practice's first reported figure, as a card shows it: 39个（全区重点项目……）; empty if it has none."""
    if not practice.metrics:
        return ""
    first = practice.metrics[0]
    return f"{format_figure(first)}（{first.label}）"


def in_reading_order(practices: list[Practice], store: Store) -> list[Practice]:
    """By district (in the order of places.yaml), then by the pinyin of the name: how a Chinese reader scans a list."""
    order = {id_: i for i, id_ in enumerate(store.places)}
    county = store.county_of_practice
    return sorted(practices, key=lambda p: (order.get(county[p.id] or "", -1), pinyin_key(p.name), p.name))


def practice_cards(practices: list[Practice], store: Store, here: str) -> str:
    """A grid of cards (by district, then name in Chinese order): name, place, one-line summary and the first figure."""
    if not practices:
        return "_暂无做法。_"
    cards = []
    for p in in_reading_order(practices, store):
        place = "、".join(" › ".join(x.name for x in store.place_chain(at)[1:]) for at in (p.place, *p.also_at))
        figure = f"\n\n    代表数字：{md(headline(p))}" if p.metrics else ""
        cards.append(f"-   **{practice_link(p, here)}**\n\n    {md(place)}\n\n    ---\n\n    {md(p.summary)}{figure}")
    # not indexed: each card repeats a practice's summary, and the practice's own page should rank instead
    return '<div class="grid cards" markdown data-search-exclude>\n\n' + "\n\n".join(cards) + "\n\n</div>"


INDEX_LIMIT = 300  # practices the full index lists on one page; beyond, it lists the districts, each with its page


def practice_index(store: Store, here: str) -> str:
    """All practices as compact link lists under 区县 and 街道 headings (cards are for place and theme pages); a
    collection too large for one page gets the districts with their numbers, each linked to its own page."""
    if len(store.practices) > INDEX_LIMIT:
        return f"共 {len(store.practices)} 项做法，按区县分页：\n\n{district_list(store, here)}"
    blocks = []
    for county, streets in store.practices_by_district().items():
        blocks.append(f"## {md(county)}")
        for street, practices in streets.items():
            if len(streets) > 1:
                blocks.append(f"### {md(street)}")
            blocks.append("\n".join(f"- {practice_link(p, here)}：{md(p.summary)}" for p in in_chinese_order(practices, lambda p: p.name)))
    return "\n\n".join(blocks)


def district_list(store: Store, here: str) -> str:
    """Every 区县 that has practices, linked to its place page, with the number of practices."""
    lines = []
    for id_, place in store.places.items():
        if place.level == PlaceLevel.COUNTY and (count := len(store.practices_in(id_))):
            city = store.places.get(place.parent) if place.parent else None
            lines.append(f"- {md(city.name) if city else ''} {place_link(place, here)}：做法 {count} 项")
    return "\n".join(lines)


def site_counts(store: Store) -> str:
    """One sentence of what the knowledge base holds, counted from the data."""
    metrics = sum(len(p.metrics) for p in store.practices.values()) + sum(len(p.metrics) for p in store.places.values())
    counties = {id_ for id_, place in store.places.items() if place.level == PlaceLevel.COUNTY and store.practices_in(id_)}
    return (
        f"目前收录做法 {len(store.practices)} 项，涉及 {len(counties)} 个区县（市）；"
        f"报道中的数字 {metrics} 个，每个都注明出处；报道 {len(store.sources)} 篇；术语 {len(store.terms)} 条。"
    )


def related_practices(practice: Practice, store: Store, here: str) -> str:
    """One list of related practices: those the data names (as the page header does) first, then 同类做法 computed
    from themes, targets and keywords (which leaves those out), then 同一地区的其他做法."""
    similar = store.similar(practice)
    near = store.neighbours(practice)
    parts = []
    if practice.related:
        parts.append("**直接相关的做法**：" + "、".join(practice_link(store.practice(p), here) for p in practice.related))
    if similar:
        lines = [f"- {practice_link(p, here)}（共同点：{md('、'.join(shared))}）" for p, shared in similar]
        parts.append("**同类做法**（按主题、作用对象和关键词计算）：\n\n" + "\n".join(lines))
    if near:
        places = "、".join(store.place(id_).name for id_ in (practice.place, *practice.also_at))
        parts.append(f"**同在{md(places)}的其他做法**：" + "、".join(practice_link(p, here) for p in near))
    # not indexed: these are other practices' names, which should find those practices, not this one
    return not_indexed("\n\n".join(parts) or "_暂无。_")
