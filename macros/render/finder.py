"""The 找做法 page: every practice as a card, with facets and a text filter that run in the browser.

The cards are rendered here, in full, so the page works without JavaScript, from file:// and in
print; `overrides/assets/javascripts/finder.js` only hides cards and updates the counts. Each card
carries its facet values in data-* attributes; links stay Markdown (md_in_html) so that MkDocs
resolves them for either URL style.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from markupsafe import escape

from ..models import PlaceLevel, Practice, Target
from ..store import Store
from .cards import headline, in_reading_order, practice_link
from .text import md, relative_link

LEVEL_LABELS = {
    PlaceLevel.COUNTY: "区（县）级",
    PlaceLevel.SUBDISTRICT: "街道级",
    PlaceLevel.COMMUNITY: "社区级",
    PlaceLevel.COMPOUND: "楼院级",
}


@dataclass(frozen=True)
class Facet:
    key: str  # the data-* attribute and the checkbox name, also the URL parameter
    legend: str
    options: list[tuple[str, str]]  # (value, label)


def practice_year(practice: Practice, store: Store) -> str:
    """The year a practice is filed under: its start year, else the (approximate) year of its first dated report."""
    if practice.period.start:
        return practice.period.start[:4]
    years = [store.source(s).year for s in practice.sources if store.source(s).year]
    return str(min(years)) if years else ""


def facet_values(practice: Practice, store: Store) -> dict[str, list[str]]:
    places = {p.id for at in (practice.place, *practice.also_at) for p in store.place_chain(at)}
    year = practice_year(practice, store)
    return {
        "theme": list(practice.themes),
        "place": sorted(places),
        "level": [store.place(practice.place).level.name.lower()],
        "year": [year] if year else [],
        "target": [t.name.lower() for t in practice.targets],
    }


def facets(store: Store) -> list[Facet]:
    """The filters, each listing only values some practice has, in data order."""
    values = [facet_values(p, store) for p in store.practices.values()]
    used = {key: {v for vs in values for v in vs[key]} for key in ("theme", "place", "level", "year", "target")}
    counties = [p for p in store.places.values() if p.level == PlaceLevel.COUNTY and p.id in used["place"]]
    return [
        Facet("theme", "主题", [(t.id, t.name) for t in store.themes.values() if t.id in used["theme"]]),
        Facet("place", "地区", [(p.id, store.county_label(p.id)) for p in counties]),
        Facet("level", "层级", [(lv.name.lower(), label) for lv, label in LEVEL_LABELS.items() if lv.name.lower() in used["level"]]),
        Facet("year", "时间（起始年份，或报道的大致年份）", [(y, f"{y}年") for y in sorted(used["year"], reverse=True)]),
        Facet("target", "作用对象", [(t.name.lower(), t.value) for t in Target if t.name.lower() in used["target"]]),
    ]


def search_text(practice: Practice, store: Store) -> str:
    """What the text filter looks through: names, keywords, summary, problem, places, themes, targets."""
    places = [p.name for at in (practice.place, *practice.also_at) for p in store.place_chain(at)]
    parts = [practice.name, *practice.aliases, *practice.keywords, practice.summary, practice.problem, *places,
             *(store.theme(t).name for t in practice.themes), *(t.value for t in practice.targets)]
    return " ".join(parts).lower()


def _attr(value: str) -> str:
    return str(escape(value))


def _card(practice: Practice, store: Store, here: str) -> str:
    data = " ".join(f'data-{key}="{_attr(" ".join(vals))}"' for key, vals in facet_values(practice, store).items())
    where = "、".join(" › ".join(p.name for p in store.place_chain(at)[1:]) for at in (practice.place, *practice.also_at))
    year = practice_year(practice, store)
    meta = where + (f" · {year}年" if year else "")
    figure = f'\n<p class="kb-finder__figure">代表数字：{md(headline(practice))}</p>' if practice.metrics else ""
    return (
        f'<li class="kb-finder__item" markdown="1" {data} data-text="{_attr(search_text(practice, store))}">\n'
        f'<p class="kb-finder__name" markdown="1">{practice_link(practice, here)}</p>\n'
        f'<p class="kb-finder__meta">{md(meta)}</p>\n'
        f'<p class="kb-finder__summary">{md(practice.summary)}</p>{figure}\n'
        "</li>"
    )


def _fieldset(facet: Facet, counts: dict[str, int]) -> str:
    boxes = "\n".join(
        f'<label class="kb-finder__option"><input type="checkbox" name="{facet.key}" value="{_attr(value)}"> '
        f'{md(label)} <span class="kb-finder__count">{counts.get(value, 0)}</span></label>'
        for value, label in facet.options
    )
    return f'<fieldset class="kb-finder__facet" data-facet="{facet.key}">\n<legend>{md(facet.legend)}</legend>\n{boxes}\n</fieldset>'


def finder(store: Store, here: str) -> str:
    """The whole finder: form, live status line and the cards."""
    practices = in_reading_order(list(store.practices.values()), store)  # by district, then the name in Chinese order
    values = [facet_values(p, store) for p in practices]
    blocks = []
    for facet in facets(store):
        counts = {value: sum(value in v[facet.key] for v in values) for value, _ in facet.options}
        blocks.append(_fieldset(facet, counts))
    # the readers' words and the pages' words (data/synonyms.yaml), as the site's search uses them
    synonyms = _attr(json.dumps([[[w.lower() for w in s.say], [w.lower() for w in s.means]] for s in store.synonyms], ensure_ascii=False))
    # Results first: the box, then the count and the cards; the filters stand beside them on a wide screen and
    # fold away on a phone (kb.css; finder.js opens them where there is room, or when the address names some).
    form = (
        f'<form class="kb-finder__form" role="search" aria-label="筛选做法" data-synonyms="{synonyms}">\n'
        '<div class="kb-finder__search">\n'
        '<label class="kb-finder__query-label" for="kb-finder-q">关键词（可输入多个，用空格分开）</label>\n'
        '<input id="kb-finder-q" class="kb-finder__query" type="search" name="q" autocomplete="off" placeholder="如：楼院 物业">\n'
        '</div>\n<details class="kb-finder__filters">\n<summary>筛选条件：主题、地区、层级、时间、作用对象</summary>\n'
        + "\n".join(blocks)
        + '\n<button type="reset" class="md-button kb-finder__reset">清除全部条件</button>\n</details>\n</form>'
    )
    status = (f'<p id="kb-finder-status" class="kb-finder__status" role="status" aria-live="polite">共 {len(practices)} 项做法</p>\n'
              f'<p class="kb-finder__none" hidden markdown="1">没有符合全部条件的做法：去掉一个条件或换个关键词试试；'
              f'知识库里还没有的做法，欢迎[投稿]({relative_link(here, "contribute.md")})。</p>')
    cards = "\n".join(_card(p, store, here) for p in practices)
    results = f'<ul class="kb-finder__results" markdown="1">\n{cards}\n</ul>'
    return f'<div id="kb-finder" class="kb-finder" markdown="1">\n{form}\n{status}\n{results}\n</div>'
