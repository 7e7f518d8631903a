"""The macros pages call, as plain functions of the page being rendered: `name(page, *ids) -> Markdown`.

macros/__init__.py registers each with mkdocs-macros and expands simple calls itself (macros/expand.py);
bench/ renders a page's static twin from the same table. A page is anything with `.file.src_uri`,
`.url` and `.meta`, as MkDocs' Page has.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from .history import History
from .models import Practice
from .page_kinds import COURSE, PLACE, PRACTICE, SOURCE, THEME, PageKind
from .pdf import chromium
from .render import cards, changes, charts, citations, courses, downloads, finder, glance, listings, tables, text
from .store import Store

NO_HISTORY = History(False)


def _here(page) -> str:
    """Docs-relative path of the page being rendered, so that emitted links can be relative."""
    return page.file.src_uri


def _to_site_root(page) -> str:
    """The way up from this page's URL to the site root, for files written after the build (not checked by MkDocs):
    courses/x/ → ../../ with directory URLs, courses/x.html → ../ without."""
    return "../" * page.url.count("/")


def _finder_url(page) -> str:
    """找做法 from this page, in the build's URL style, for links that carry filters (#theme=…): written as HTML,
    since MkDocs would look for `#theme=…` as a heading anchor."""
    return _to_site_root(page) + ("finder.html" if page.url.endswith(".html") else "finder/")


def page_stub(here: str, meta: dict) -> SimpleNamespace:
    """The page a macro sees (macros/page_macros.py), for the docs-relative path `here` with its front matter."""
    url = re.sub(r"(^|/)index\.md$", r"\1", here).removesuffix(".md")  # MkDocs' directory URLs: a/b.md -> a/b/
    return SimpleNamespace(file=SimpleNamespace(src_uri=here), url=url if not url or url.endswith("/") else url + "/", meta=meta)


def page_macros(store: Store, history: History = NO_HISTORY) -> dict[str, Callable[..., str]]:
    """Every macro by name. On its own kind of page a macro needs no id: {{ metrics_table() }}, {{ place_details() }}."""
    macros: dict[str, Callable[..., str]] = {}
    printed = chromium() is not None  # the build prints the course handouts (macros/pdf.py): asked once, not per page

    def macro(function: Callable[..., str]) -> Callable[..., str]:
        macros[function.__name__] = function
        return function

    def own(page, kind: PageKind, given: str | None) -> Any:
        """The entity a macro is about: the one whose id is given, else the page's own (front matter `practice:` …)."""
        if given is None:
            given = page.meta.get(kind.key)
            if given is None:
                raise KeyError(f"{_here(page)}: 本页没有 {kind.key} 元数据，宏须在括号里写明 id，如 metrics_table('sanwei-zutuan')")
        return kind.entity(store, given)

    def practice_of(page, practice_id: str | None) -> Practice:
        return own(page, PRACTICE, practice_id)

    # On a practice page these are called without arguments: {{ metrics_table() }}.
    @macro
    def practice_header(page, practice_id: str | None = None) -> str:
        """The facts line (地区、时间、主题、回应的问题) and the 一眼看懂 box (kb-glance) of one practice."""
        practice = practice_of(page, practice_id)
        return glance.practice_header(practice, store, _here(page), changes.changed_on(history, practice.id))

    @macro
    def practice_summary(page, practice_id: str | None = None) -> str:
        """一句话概括 of one practice, from its data."""
        return text.md(practice_of(page, practice_id).summary)

    @macro
    def components_list(page, practice_id: str | None = None) -> str:
        """The numbered parts of a practice's slogan with their sub-items."""
        return cards.components_list(practice_of(page, practice_id))

    @macro
    def actors_table(page, practice_id: str | None = None) -> str:
        """谁做什么."""
        return tables.actors_table(practice_of(page, practice_id))

    @macro
    def metrics_table(page, practice_id: str | None = None) -> str:
        """成效表 of one practice, derived rates included."""
        return tables.metrics_table(practice_of(page, practice_id), store, _here(page))

    @macro
    def related_practices(page, practice_id: str | None = None) -> str:
        """同类做法 and 同一地区的其他做法, computed from the data."""
        return cards.related_practices(practice_of(page, practice_id), store, _here(page))

    @macro
    def source_refs(page, practice_id: str | None = None) -> str:
        """来源 of one practice, as full citations."""
        return citations.source_refs(practice_of(page, practice_id), store, _here(page))

    @macro
    def practice_cards(page, place: str | None = None) -> str:
        """Cards of all practices, or of those at or below one place."""
        practices = store.practices_in(place) if place else list(store.practices.values())
        return cards.practice_cards(practices, store, _here(page))

    @macro
    def practice_index(page) -> str:
        """All practices as link lists, grouped by district and street."""
        return cards.practice_index(store, _here(page))

    @macro
    def district_list(page) -> str:
        """Every district with practices, linked to its page."""
        return cards.district_list(store, _here(page))

    @macro
    def change_log(page) -> str:
        """更新记录: per content version, the practices added and the figures changed (from the git history)."""
        return changes.change_log(history, store, _here(page))

    @macro
    def problem_grid(page) -> str:
        """我遇到的问题是……: the problems of data/problems.yaml, each with the practices that answer it."""
        return glance.problem_grid(store, _here(page))

    @macro
    def site_counts(page) -> str:
        """What the knowledge base holds, counted from the data."""
        return cards.site_counts(store)

    @macro
    def practice_finder(page) -> str:
        """找做法: every practice as a card with facets and a text filter."""
        return finder.finder(store, _here(page), _to_site_root(page))

    @macro
    def course_details(page, course_id: str | None = None) -> str:
        """A course plan: objectives, timetable, sessions with questions, closing comparison."""
        return courses.course_details(own(page, COURSE, course_id), store, _here(page), _to_site_root(page), printed)

    @macro
    def course_list(page) -> str:
        """Every course plan."""
        return courses.course_list(store, _here(page))

    @macro
    def compare(page, *practice_ids: str) -> str:
        """Side-by-side table of practices: compare("sanwei-zutuan", "zhangpeng-zhibu")."""
        return courses.compare_practices([store.practice(p) for p in practice_ids], store, _here(page))

    @macro
    def compare_measure(page, measure_id: str) -> str:
        """Bar chart and table of every figure that carries one measure key (data/measures.yaml)."""
        measure = store.measures.get(measure_id)
        if measure is None:
            raise KeyError(f"未知的 measure: {measure_id!r}；已有: {'、'.join(store.measures)}")
        return charts.measure_comparison(measure, store, _here(page))

    @macro
    def measure_comparisons(page) -> str:
        """Every measure with at least two figures, as chart and table."""
        return charts.all_comparisons(store, _here(page))

    @macro
    def download_list(page) -> str:
        """Links to the data downloads, relative to this page's URL (they are written after the build)."""
        return downloads.download_links(store, _here(page))

    @macro
    def source_list(page) -> str:
        """All reports with full citations."""
        return citations.source_list(store, _here(page))

    @macro
    def source_details(page, source_id: str | None = None) -> str:
        """One report's page: citation, places, subheadings, file, and the practices taken from it."""
        return citations.source_details(own(page, SOURCE, source_id), store, _here(page))

    @macro
    def place_tree(page) -> str:
        """省 → 市 → 区县 → 街道, each linked to its page."""
        return listings.place_tree(store, _here(page))

    @macro
    def place_details(page, place_id: str | None = None) -> str:
        """One place's page: its practices, its own figures and the reports on it."""
        return listings.place_details(own(page, PLACE, place_id), store, _here(page), _finder_url(page))

    @macro
    def theme_list(page) -> str:
        """Every theme with its description and number of practices."""
        return listings.theme_list(store, _here(page))

    @macro
    def theme_details(page, theme_id: str | None = None) -> str:
        """One theme's page: its practices as cards."""
        return listings.theme_details(own(page, THEME, theme_id), store, _here(page), _finder_url(page))

    @macro
    def glossary(page) -> str:
        """Every term with its definition and the reports it appears in."""
        return listings.glossary(store, _here(page))

    return macros
