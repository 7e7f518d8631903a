"""The site's own search index, made from the validated store and the pages' prose (no engine involved).

One document per practice, place, theme, course, glossary term and source, each with weighted fields.
Scores are BM25 per field, summed with the field weights and multiplied by the term's idf, all
computed here: the browser only adds up the scores of the terms a query holds. The index is written
as a script (`window.__kbSearch = …`), which loads from file:// as well as over http, and is loaded
only when a reader first uses the search box.
"""

from __future__ import annotations

import math
import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..page_kinds import COURSE, PLACE, PRACTICE, SOURCE, THEME
from ..render.text import format_figure
from ..scripts import assignment_emptying, save_if_changed
from ..store import Store
from ..yaml_files import read_front_matter
from .analysis import BIGRAM_WEIGHT, GENERIC, GENERIC_WEIGHT, INSIDE_WEIGHT, LONGEST_WORD, SYNONYM_WEIGHT, bigrams, words
from .dictionary import JIEBA_USERDICT
from .terms import place_search_terms

# field: (weight, also indexed by bigrams, BM25's length normalisation b)
FIELDS = {
    "name": (8.0, True, 0.5),  # name and aliases
    "tags": (5.0, True, 0.0),  # keywords a reader may use, figures: a longer list is no weaker a match
    "problem": (4.0, True, 0.5),
    "summary": (2.0, True, 0.5),  # one-line summary, parts of the slogan, who does what
    "body": (1.0, False, 0.75),  # the page's prose (bigrams there would make the index several times larger)
}
K1 = 1.2
SCALE = 100  # scores are stored as whole hundredths
INDEX_IN_SITE = "assets/javascripts/kb-search-index.js"  # where kb-search.js loads it from
INDEX_SCRIPT = f"docs/{INDEX_IN_SITE}"  # beside the pages, written by sync; not committed
MACRO_CALL = re.compile(r"\{\{[^}]*\}\}|<!--.*?-->|<[^>]+>|[#*_`>|\[\]()]", re.S)


@dataclass(frozen=True)
class Document:
    page: str  # docs-relative: practices/sanwei-zutuan.md
    title: str
    place: str  # where it is, for the result line ("" for none)
    summary: str  # the one line shown under the title
    fields: dict[str, str]
    boost: float = 1.0  # practices and places are what readers look for; a term or a report explains them


EXPLAINS = 0.5  # glossary terms and reports: shown, but below the practices that the same words name


def prose(path: Path) -> str:
    """A page's own text: front matter, macro calls, markup and headings' marks left out."""
    if not path.exists():
        return ""
    _, body = read_front_matter(path)
    return MACRO_CALL.sub(" ", body)


def where(store: Store, place_id: str) -> str:
    """A practice's place as a result line names it: the district with its city, then the street (郑州市中原区 · 林山寨街道)."""
    chain = [p.id for p in store.place_chain(place_id)]
    county = store.county_of(place_id)
    if county is None:
        return store.place(place_id).name
    below = [store.place(id_).name for id_ in chain[chain.index(county) + 1 :]]
    return " · ".join([store.county_label(county), *below])


def documents(store: Store, root: Path) -> Iterator[Document]:
    """What search knows, one document per entity, made as the index asks for it (a page's prose is read then)."""
    for p in store.practices.values():
        place = where(store, p.place)
        parts = [c.name + " " + c.meaning + " " + " ".join(c.items) for c in p.components] + [a.who + " " + a.does for a in p.actors]
        yield Document(PRACTICE.page(p.id), p.name, place, p.summary, {
            "name": " ".join([p.name, *p.aliases]),
            "tags": " ".join([*p.keywords, *(format_figure(m) for m in p.metrics)]),
            "problem": p.problem,
            "summary": " ".join([p.summary, *parts]),
            "body": prose(root / "docs" / PRACTICE.page(p.id)),
        })
    for place in store.places.values():
        chain = "".join(a.name for a in store.place_chain(place.id)[:-1])
        yield Document(PLACE.page(place.id), place.name, chain, place.note or f"{place.level.value}", {
            "name": " ".join(place_search_terms(place)), "summary": place.note or ""})
    for theme in store.themes.values():
        yield Document(THEME.page(theme.id), theme.name, "", theme.description,
                       {"name": theme.name, "summary": theme.description})
    for course in store.courses.values():
        sessions = " ".join(s.title + " " + " ".join(s.questions) for s in course.sessions)
        yield Document(COURSE.page(course.id), course.title, "", "培训课程：" + "、".join(course.audience),
                       {"name": course.title, "summary": " ".join(course.objectives), "body": sessions})
    for term in store.terms.values():
        yield Document(f"glossary.md#{term.id}", term.term, "", term.definition,
                       {"name": " ".join([term.term, *term.aliases]), "summary": term.definition}, EXPLAINS)
    for source in store.sources.values():
        yield Document(SOURCE.page(source.id), source.title, "", source.date_note,
                       {"tags": source.title + " " + (source.subtitle or ""), "body": " ".join(source.sections)}, EXPLAINS)


FIELD_CODES = {field: code for code, field in enumerate(FIELDS)}


def build_index(docs: Iterable[Document], userdict: str) -> dict:
    """{docs, words, bigrams}: each term -> flat [doc, score, doc, score …] (an array) with scores in hundredths.

    BM25 needs every field's average length before any score. So the first pass segments each document once and
    keeps, per term, only compact rows (document, field, count) and per field each document's length; the
    documents themselves (a page's prose is the bulk) are let go as soon as they are counted. The second pass turns
    the rows into scores: a third of the memory of keeping every document's counts until the end."""
    shown: list[list[str]] = []
    boosts: list[float] = []
    lengths: dict[str, dict[int, int]] = {field: {} for field in FIELDS}  # field -> document -> words
    rows: tuple[dict[str, array], dict[str, array]] = (defaultdict(lambda: array("i")), defaultdict(lambda: array("i")))
    for position, doc in enumerate(docs):
        shown.append([doc.page, doc.title, doc.place, doc.summary])
        boosts.append(doc.boost)
        for field, text in doc.fields.items():
            code = FIELD_CODES[field]
            w = Counter(words(text, userdict))
            lengths[field][position] = sum(w.values()) or 1
            for table, terms in zip(rows, (w, Counter(bigrams(text.lower())) if FIELDS[field][1] else Counter()), strict=True):
                for term, tf in terms.items():
                    table[term].extend((position, code, tf))
    average = {field: sum(by_doc.values()) / len(by_doc) for field, by_doc in lengths.items() if by_doc}
    fields = list(FIELDS)
    n = len(shown)

    def scored(table: dict[str, array]) -> dict[str, array]:
        out = {}
        for term in sorted(table):
            found = table.pop(term)
            entries: list = []
            for i in range(0, len(found), 3):
                position, field, tf = found[i], fields[found[i + 1]], found[i + 2]
                weight, _, slope = FIELDS[field]
                norm = K1 * (1 - slope + slope * lengths[field][position] / average[field])
                gain = boosts[position] * weight * tf * (K1 + 1) / (tf + norm)
                if entries and entries[-2] == position:  # the same document, another field
                    entries[-1] += gain
                else:
                    entries += (position, gain)
            idf = math.log(1 + (n - len(entries) / 2 + 0.5) / (len(entries) / 2 + 0.5)) * SCALE
            entries[1::2] = [max(1, round(gain * idf)) for gain in entries[1::2]]
            out[term] = array("i", entries)  # 4 bytes a number (positions and hundredths fit): the bigrams alone are millions
        return out

    return {"docs": shown, "words": scored(rows[0]), "bigrams": scored(rows[1])}


def settings() -> dict:
    """How a query is weighed, shipped with the index so that the browser and macros/search/query.py agree."""
    return {"generic": sorted(GENERIC), "genericWeight": GENERIC_WEIGHT, "bigramWeight": BIGRAM_WEIGHT, "synonymWeight": SYNONYM_WEIGHT,
            "insideWeight": INSIDE_WEIGHT, "longest": LONGEST_WORD}


def site_index(store: Store, root: Path) -> dict:
    """The whole index of the site: documents, terms, synonyms and the query settings."""
    index = build_index(documents(store, root), str(root / JIEBA_USERDICT))
    index["synonyms"] = [[s.say, s.means] for s in store.synonyms]
    index["settings"] = settings()
    return index


def index_script(index: dict) -> bytes:
    """The index as a script that loads from file:// as well, in UTF-8. Made part by part, which empties `index`: at
    5,000 practices the whole text beside all the postings took 100 MB more, while the MkDocs processes need it most."""
    return assignment_emptying("__kbSearch", index)


def write_index(store: Store, root: Path) -> list[str]:
    """Write the index script beside the pages if it changed; return its path if written."""
    return save_index(root, index_script(site_index(store, root)))


def save_index(folder: Path, script: bytes, name: str = INDEX_SCRIPT) -> list[str]:
    """Write the index script as `folder/name` if its content changed; return `name` if written."""
    return save_if_changed(folder, name, script)
