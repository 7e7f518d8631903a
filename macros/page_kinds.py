"""The kinds of page that stand for one entity of the data: one row each.

A row says everything the code needs to know about a kind: the front-matter key that ties a page to
its entity (`practice: sanwei-zutuan`), the folder its pages live in under docs/ (also the name of the
store's table), the word readers see for it, and, for pages generated from the data, the macro that
renders them. Adding a kind is adding a row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .store import Store


@dataclass(frozen=True)
class PageKind:
    key: str  # front-matter key, and the Store's lookup method (store.practice(id))
    folder: str  # docs/<folder>/<id>.md, and the Store's table (store.practices)
    label: str  # what readers call it
    details: str | None = None  # the macro a generated page calls; None: pages written by editors
    name_field: str = "name"  # the entity's field that names it (its page's H1)

    def page(self, id_: str) -> str:
        """Docs-relative path of the page for `id_`: practices/sanwei-zutuan.md."""
        return f"{self.folder}/{id_}.md"

    def docs_folder(self) -> str:
        return f"docs/{self.folder}"

    def entity(self, store: Store, id_: str) -> Any:
        """The entity with this id (an unknown id raises UnknownIdError listing the known ones)."""
        return getattr(store, self.key)(id_)

    def table(self, store: Store) -> dict[str, Any]:
        return getattr(store, self.folder)

    def name(self, entity: Any) -> str:
        return getattr(entity, self.name_field)


PRACTICE = PageKind("practice", "practices", "做法")
PLACE = PageKind("place", "places", "地区", details="place_details")
THEME = PageKind("theme", "themes", "主题", details="theme_details")
COURSE = PageKind("course", "courses", "课程", details="course_details", name_field="title")
SOURCE = PageKind("source", "sources", "来源", details="source_details", name_field="title")  # one page a report
KINDS = (PRACTICE, PLACE, THEME, COURSE, SOURCE)
GENERATED = tuple(kind for kind in KINDS if kind.details)


def kind_of(meta: dict) -> tuple[PageKind, str] | None:
    """The kind of a page and the id it stands for, from its front matter; None for other pages."""
    return next(((kind, meta[kind.key]) for kind in KINDS if meta.get(kind.key)), None)


SHEETS_FOLDER = "sheets"  # 案例单页: plain files beside the pages, not MkDocs pages (macros/render/sheets.py)
PRINT_VIEW = f"{SHEETS_FOLDER}/print.html"  # the sheets of the practices ticked on 找做法


def sheet_file(practice_id: str) -> str:
    """Docs-relative path of a practice's case sheet: sheets/sanwei-zutuan.html."""
    return f"{SHEETS_FOLDER}/{practice_id}.html"


HANDOUT_EDITIONS = {"jiaoshi": "教师版", "xueyuan": "学员版"}  # the course page; the participants' packet


def handout_file(course_id: str, edition: str) -> str:
    """Site-relative path of a course handout PDF: downloads/courses/<id>-jiaoshi.pdf."""
    return f"downloads/{COURSE.folder}/{course_id}-{edition}.pdf"


def packet_file(course_id: str) -> str:
    """Docs-relative path of a course's 学员版 page (its case sheets, questions and terms). The underscore keeps it
    apart from any practice's sheet: ids have none."""
    return f"{SHEETS_FOLDER}/course_{course_id}.html"
