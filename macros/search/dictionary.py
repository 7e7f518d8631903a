"""The jieba user dictionary made from data/: the search plugin keeps these words whole (practice names,
aliases, keywords, figures, terms, places and their short names, themes)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..store import Store
from .terms import figures, place_search_terms

JIEBA_USERDICT = "data/generated/jieba_userdict.txt"

_QUOTES = re.compile(r"[“”\"‘’'「」]")
_WORD = re.compile(r"^\w{2,}$")


def dictionary_words(store: Store) -> Iterator[str]:
    """Names a reader types that jieba must keep whole: practices, aliases, keywords, figures (299户),
    terms, places (and their short names), themes."""
    for p in store.practices.values():
        yield from (p.name, *p.aliases, *p.keywords, *figures(p))
    for t in store.terms.values():
        yield from (t.term, *t.aliases)
    yield from (name for p in store.places.values() for name in place_search_terms(p))
    yield from (t.name for t in store.themes.values())


def jieba_userdict(store: Store) -> str:
    """One word per line, sorted; jieba then suggests a frequency that keeps each word whole."""
    words = {_QUOTES.sub("", w) for w in dictionary_words(store)}
    return "".join(f"{w}\n" for w in sorted(w for w in words if _WORD.match(w)))
