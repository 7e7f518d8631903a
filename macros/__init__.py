"""mkdocs-macros glue: registers the site's macros. The only module that knows the engine.

Everything else (loading, validation, rendering) is plain Python in this package and
runs the same under MkDocs and Zensical.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import pass_context

from .downloads import download_links, write_downloads
from .models import Practice
from .release import release
from .render import cards, charts, citations, courses, finder, listings, tables, text
from .store import DataError, load_store


class BuildStopped(Exception, SystemExit):
    """Bad data: exits `mkdocs build` with the report (status 1); `mkdocs serve` prints it and keeps serving.

    Both bases are deliberate: MkDocs' live-reload loop catches Exception and prints a SystemExit's
    message without a traceback, while a plain build exits with the message as a SystemExit does.
    """

    def __init__(self, report: str):
        super().__init__(report)
        self.code = report  # a string code: Python prints it to stderr and exits with status 1


def _here(context) -> str:
    """Docs-relative path of the page being rendered, so that emitted links can be relative."""
    return context["page"].file.src_uri


def _to_site_root(context) -> str:
    """The way up from this page's URL to the site root, for files written after the build (not checked by MkDocs):
    courses/x/ → ../../ with directory URLs, courses/x.html → ../ without."""
    return "../" * context["page"].url.count("/")


def on_pre_page_macros(env) -> None:
    """Give practice, place, course and theme pages what readers call them as search tags (Material ranks tags highest)."""
    tags = cards.page_tags(env.page.meta, env.kb_store)
    if tags is not None:
        env.page.meta["tags"] = tags


def on_post_build(env) -> None:
    """Write the data downloads (CSV, XLSX, JSON) into the built site."""
    write_downloads(env.kb_store, Path(env.conf["site_dir"]), Path(env.project_dir))


def define_env(env) -> None:
    """Register the macros; bad data stops the build here, before any page renders."""
    try:
        store = load_store(Path(env.project_dir))
    except DataError as error:
        raise BuildStopped(error.report()) from None
    env.kb_store = store  # for on_pre_page_macros, which mkdocs-macros calls without a closure
    current = release(Path(env.project_dir))
    env.conf["extra"]["kb_release"] = {"label": current.label, "build_date": current.build_date.isoformat()}

    def practice_of(context, practice_id: str | None) -> Practice:
        """The practice a macro is about: the one named, else the page's own (front matter `practice:`)."""
        if practice_id is None:
            practice_id = context["page"].meta.get("practice")
            if practice_id is None:
                raise KeyError(f"{_here(context)}: 本页没有 practice 元数据，宏须写明做法 id，如 metrics_table('sanwei-zutuan')")
        return store.practice(practice_id)

    # On a practice page these are called without arguments: {{ metrics_table() }}.
    @env.macro
    @pass_context
    def practice_header(context, practice_id: str | None = None) -> str:
        """地区、时间、主题、相关做法、来源 and the evidence note of one practice."""
        return cards.practice_header(practice_of(context, practice_id), store, _here(context))

    @env.macro
    @pass_context
    def practice_summary(context, practice_id: str | None = None) -> str:
        """一句话概括 of one practice, from its data."""
        return text.md(practice_of(context, practice_id).summary)

    @env.macro
    @pass_context
    def components_list(context, practice_id: str | None = None) -> str:
        """The numbered parts of a practice's slogan with their sub-items."""
        return cards.components_list(practice_of(context, practice_id))

    @env.macro
    @pass_context
    def actors_table(context, practice_id: str | None = None) -> str:
        """谁做什么."""
        return tables.actors_table(practice_of(context, practice_id))

    @env.macro
    @pass_context
    def metrics_table(context, practice_id: str | None = None) -> str:
        """成效表 of one practice, derived rates included."""
        return tables.metrics_table(practice_of(context, practice_id), store, _here(context))

    @env.macro
    @pass_context
    def related_practices(context, practice_id: str | None = None) -> str:
        """同类做法 and 同一地区的其他做法, computed from the data."""
        return cards.related_practices(practice_of(context, practice_id), store, _here(context))

    @env.macro
    @pass_context
    def source_refs(context, practice_id: str | None = None) -> str:
        """来源 of one practice, as full citations."""
        return citations.source_refs(practice_of(context, practice_id), store, _here(context))

    @env.macro
    @pass_context
    def practice_cards(context, place: str | None = None) -> str:
        """Cards of all practices, or of those at or below one place."""
        practices = store.practices_in(place) if place else list(store.practices.values())
        return cards.practice_cards(practices, store, _here(context))

    @env.macro
    @pass_context
    def practice_index(context) -> str:
        """All practices as link lists, grouped by district and street."""
        return cards.practice_index(store, _here(context))

    @env.macro
    @pass_context
    def district_list(context) -> str:
        """Every district with practices, linked to its page."""
        return cards.district_list(store, _here(context))

    @env.macro
    def site_counts() -> str:
        """What the knowledge base holds, counted from the data."""
        return cards.site_counts(store)

    @env.macro
    @pass_context
    def practice_finder(context) -> str:
        """找做法: every practice as a card with facets and a text filter."""
        return finder.finder(store, _here(context))

    @env.macro
    @pass_context
    def course_details(context, course_id: str) -> str:
        """A course plan: objectives, timetable, sessions with questions, closing comparison."""
        return courses.course_details(store.course(course_id), store, _here(context), _to_site_root(context))

    @env.macro
    @pass_context
    def course_list(context) -> str:
        """Every course plan."""
        return courses.course_list(store, _here(context))

    @env.macro
    @pass_context
    def compare(context, *practice_ids: str) -> str:
        """Side-by-side table of practices: compare("sanwei-zutuan", "zhangpeng-zhibu")."""
        return courses.compare_practices([store.practice(p) for p in practice_ids], store, _here(context))

    @env.macro
    @pass_context
    def compare_measure(context, measure_id: str) -> str:
        """Bar chart and table of every figure that carries one measure key (data/measures.yaml)."""
        measure = store.measures.get(measure_id)
        if measure is None:
            raise KeyError(f"未知的 measure: {measure_id!r}；已有: {'、'.join(store.measures)}")
        return charts.measure_comparison(measure, store, _here(context))

    @env.macro
    @pass_context
    def measure_comparisons(context) -> str:
        """Every measure with at least two figures, as chart and table."""
        return charts.all_comparisons(store, _here(context))

    @env.macro
    @pass_context
    def download_list(context) -> str:
        """Links to the data downloads, relative to this page's URL (they are written after the build)."""
        return download_links(store, _to_site_root(context))

    @env.macro
    @pass_context
    def source_list(context) -> str:
        """All reports with full citations."""
        return citations.source_list(store, _here(context))

    @env.macro
    @pass_context
    def place_tree(context) -> str:
        """省 → 市 → 区县 → 街道, each linked to its page."""
        return listings.place_tree(store, _here(context))

    @env.macro
    @pass_context
    def place_details(context, place_id: str) -> str:
        """One place's page: its practices, its own figures and the reports on it."""
        return listings.place_details(store.place(place_id), store, _here(context))

    @env.macro
    @pass_context
    def theme_list(context) -> str:
        """Every theme with its description and number of practices."""
        return listings.theme_list(store, _here(context))

    @env.macro
    @pass_context
    def theme_details(context, theme_id: str) -> str:
        """One theme's page: its practices as cards."""
        return listings.theme_details(store.theme(theme_id), store, _here(context))

    @env.macro
    @pass_context
    def glossary(context) -> str:
        """Every term with its definition and the reports it appears in."""
        return listings.glossary(store, _here(context))
