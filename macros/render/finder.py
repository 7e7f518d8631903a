"""The 找做法 page: facets, a text filter and cards, drawn in the browser from one compact data file.

The page itself holds the form and a small fallback (the districts and themes, linked to their pages) but no
card: at 5,000 practices the cards would make it 5 MB. `kb-finder-data.js` (written by `python -m macros sync`
beside the pages, and into every build) lists each practice once in reading order; finder.js draws the cards
that match, fifty at a time, with text nodes only (no value is parsed as HTML). It is a script, not JSON fetched,
so that it loads from file:// too. The link of every card is made from one real link MkDocs resolved (the
first practice's), so either URL style works.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from markupsafe import escape

from ..models import PlaceLevel, Practice, Target
from ..page_kinds import PRINT_VIEW
from ..scripts import assignment, save_if_changed
from ..store import Store
from .cards import district_list, headline, in_reading_order, practice_link, theme_link
from .text import relative_link

FINDER_DATA_IN_SITE = "assets/javascripts/kb-finder-data.js"  # where the finder page loads it from
FINDER_DATA = f"docs/{FINDER_DATA_IN_SITE}"  # beside the pages, written by sync; not committed

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


FIELDS = ["id", "name", "meta", "summary", "figure", "text", "theme", "place", "level", "year", "target"]


def finder_rows(store: Store) -> list[list]:
    """One row per practice, in reading order (district, then the name in Chinese order), fields as FIELDS."""
    rows = []
    for practice in in_reading_order(list(store.practices.values()), store):
        where = "、".join(" › ".join(p.name for p in store.place_chain(at)[1:]) for at in (practice.place, *practice.also_at))
        year = practice_year(practice, store)
        facets_of = facet_values(practice, store)
        rows.append([
            practice.id, practice.name, where + (f" · {year}年" if year else ""), practice.summary,
            headline(practice), search_text(practice, store), *(facets_of[key] for key in FIELDS[6:]),
        ])
    return rows


def write_finder_data(store: Store, root: Path) -> list[str]:
    """Write the data file beside the pages if it changed; return its path if written."""
    return save_if_changed(root, FINDER_DATA, assignment("__kbFinder", {"fields": FIELDS, "rows": finder_rows(store)}))


def _fieldset(facet: Facet) -> str:
    """One group of checkboxes; the count after each option is filled in by finder.js, which shows the form."""
    boxes = "\n".join(
        f'<label class="kb-finder__option"><input type="checkbox" name="{facet.key}" value="{_attr(value)}" data-label="{_attr(label)}"> '
        f'{_attr(label)} <span class="kb-finder__count"></span></label>'
        for value, label in facet.options
    )
    return f'<fieldset class="kb-finder__facet" data-facet="{facet.key}">\n<legend>{_attr(facet.legend)}</legend>\n{boxes}\n</fieldset>'


def fallback(store: Store, here: str) -> str:
    """What a reader without JavaScript gets instead of the cards: the ways to browse, each a small page."""
    themes = "、".join(theme_link(t, here) for t in store.themes.values() if store.practices_with_theme(t.id))
    return (
        '<div class="kb-finder__fallback" markdown="1">\n\n'
        f"筛选需要浏览器运行 JavaScript。也可以按地区或主题浏览全部 {len(store.practices)} 项做法：\n\n"
        f"{district_list(store, here)}\n\n主题：{themes}\n\n</div>"
    )


def finder(store: Store, here: str, to_root: str) -> str:
    """The whole finder: form, status line, the pick-and-print bar, the list the script fills, and the fallback."""
    blocks = [_fieldset(facet) for facet in facets(store)]
    # the readers' words and the pages' words (data/synonyms.yaml), as the site's search uses them
    synonyms = _attr(json.dumps([[[w.lower() for w in s.say], [w.lower() for w in s.means]] for s in store.synonyms], ensure_ascii=False))
    # Results first: the box, then the count and the cards; the filters stand beside them on a wide screen and
    # fold away on a phone (kb.css; finder.js opens them where there is room, or when the address names some).
    form = (
        f'<form class="kb-finder__form" role="search" aria-label="筛选做法" data-synonyms="{synonyms}" hidden>\n'
        '<div class="kb-finder__search">\n'
        '<label class="kb-finder__query-label" for="kb-finder-q">关键词（可输入多个，用空格分开）</label>\n'
        '<input id="kb-finder-q" class="kb-finder__query" type="search" name="q" autocomplete="off" placeholder="如：楼院 物业">\n'
        '</div>\n<details class="kb-finder__filters">\n<summary>筛选条件：主题、地区、层级、时间、作用对象</summary>\n'
        + "\n".join(blocks)
        + '\n<button type="reset" class="md-button kb-finder__reset">清除全部条件</button>\n</details>\n</form>'
    )
    status = (
        f'<p id="kb-finder-status" class="kb-finder__status" role="status" aria-live="polite" hidden>共 {len(store.practices)} 项做法</p>\n'
        '<div class="kb-finder__none" hidden markdown="1">\n\n'
        '<p class="kb-finder__none-text">没有符合全部条件的做法。</p>\n<ul class="kb-finder__suggestions"></ul>\n\n'
        f'也可以试试页首的搜索（它也按意思找）；知识库里还没有的做法，欢迎[投稿]({relative_link(here, "contribute.md")})。\n\n</div>'
    )
    picked = (
        '<div class="kb-finder__picked" hidden>\n'
        '<span class="kb-finder__picked-count"></span>\n'
        f'<a class="md-button md-button--primary kb-finder__print" href="{_attr(to_root + PRINT_VIEW)}">打印所选的案例单页</a>\n'
        '<button type="button" class="md-button kb-finder__unpick">清除所选</button>\n</div>'
    )
    any_practice = next(iter(store.practices.values()), None)
    # a link MkDocs resolves like any other (its id in data-id); the script swaps the id in it for each card's
    pattern = (f'<p class="kb-finder__pattern" data-id="{any_practice.id}" hidden markdown="1">{practice_link(any_practice, here)}</p>'
               if any_practice else "")
    results = (
        '<ul class="kb-finder__results"></ul>\n'
        '<button type="button" class="md-button kb-finder__more" hidden>再显示 50 项</button>'
    )
    data = f'<script src="{_attr(to_root + FINDER_DATA_IN_SITE)}"></script>'
    main = f'<div class="kb-finder__main" markdown="1">\n{status}\n{picked}\n{pattern}\n{results}\n{fallback(store, here)}\n</div>'
    return f'<div id="kb-finder" class="kb-finder" markdown="1">\n{form}\n{main}\n</div>\n{data}'

