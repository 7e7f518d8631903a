"""What readers type for a page: its search tags (name, aliases, keywords, figures such as 299户, short
place names), which the theme's search ranks highest."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ..models import Place, Practice
from ..page_kinds import PLACE, PRACTICE, PageKind, kind_of
from ..render.text import format_figure
from ..store import Store

_PLAIN_FIGURE = re.compile(r"^\w+$")  # 299户, 3760余名; not 约1.5万平方米 (a reader types 1.5万, which the text has)
_PLACE_SUFFIX = re.compile(r"(街道|社区|区|县|市|省)$")


def figures(practice: Practice) -> list[str]:
    """The practice's figures as a reader would type them (392个, 299户), for search."""
    return [f for f in map(format_figure, practice.metrics) if _PLAIN_FIGURE.match(f)]


def search_terms(practice: Practice) -> list[str]:
    """What a reader may type for this practice: its name, aliases, keywords and figures, each once."""
    return list(dict.fromkeys([practice.name, *practice.aliases, *practice.keywords, *figures(practice)]))


def place_search_terms(place: Place) -> list[str]:
    """A place's name and its short form (林山寨街道 → 林山寨, 中原区 → 中原), as readers say it."""
    short = _PLACE_SUFFIX.sub("", place.name)
    return [place.name] + ([short] if len(short) >= 2 and short != place.name else [])


def page_tags(meta: dict, store: Store) -> list[str] | None:
    """Search tags for a page from its front matter key (practice, place, course or theme); None for other pages."""
    found = kind_of(meta)
    if found is None:
        return None
    kind, id_ = found
    entity = kind.entity(store, id_)
    return TAGS[kind](entity) if kind in TAGS else [kind.name(entity)]


# What readers type for a kind of page (macros/page_kinds.py), where it is more than the entity's name
TAGS: dict[PageKind, Callable[[Any], list[str]]] = {PRACTICE: search_terms, PLACE: place_search_terms}
