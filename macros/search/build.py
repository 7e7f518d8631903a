"""The site's own search index, made from the validated store and the pages' prose (no engine involved).

One document per practice, place, theme, course, glossary term and source, each with weighted fields.
Scores are BM25 per field, summed with the field weights and multiplied by the term's idf, all
computed here: the browser only adds up the scores of the terms a query holds. The index is written
as a script (`window.__kbSearch = …`), which loads from file:// as well as over http, and is loaded
only when a reader first uses the search box.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from ..page_kinds import COURSE, PLACE, PRACTICE, THEME
from ..render.text import format_figure
from ..store import Store
from ..yaml_files import read_front_matter
from .analysis import BIGRAM_WEIGHT, GENERIC, GENERIC_WEIGHT, INSIDE_WEIGHT, SYNONYM_WEIGHT, bigrams, words
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
INDEX_SCRIPT = "docs/assets/javascripts/kb-search-index.js"  # beside the pages, written by sync; not committed
MACRO_CALL = re.compile(r"\{\{[^}]*\}\}|<!--.*?-->|<[^>]+>|[#*_`>|\[\]()]", re.S)


@dataclass(frozen=True)
class Document:
    page: str  # docs-relative: practices/sanwei-zutuan.md (or sources.md#id)
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


def documents(store: Store, root: Path) -> list[Document]:
    """What search knows, one document per entity."""
    docs = []
    for p in store.practices.values():
        place = store.place(p.place).name
        parts = [c.name + " " + c.meaning + " " + " ".join(c.items) for c in p.components] + [a.who + " " + a.does for a in p.actors]
        docs.append(Document(PRACTICE.page(p.id), p.name, place, p.summary, {
            "name": " ".join([p.name, *p.aliases]),
            "tags": " ".join([*p.keywords, *(format_figure(m) for m in p.metrics)]),
            "problem": p.problem,
            "summary": " ".join([p.summary, *parts]),
            "body": prose(root / "docs" / PRACTICE.page(p.id)),
        }))
    for place in store.places.values():
        chain = "".join(a.name for a in store.place_chain(place.id)[:-1])
        docs.append(Document(PLACE.page(place.id), place.name, chain, place.note or f"{place.level.value}", {
            "name": " ".join(place_search_terms(place)), "summary": place.note or ""}))
    for theme in store.themes.values():
        docs.append(Document(THEME.page(theme.id), theme.name, "", theme.description,
                             {"name": theme.name, "summary": theme.description}))
    for course in store.courses.values():
        sessions = " ".join(s.title + " " + " ".join(s.questions) for s in course.sessions)
        docs.append(Document(COURSE.page(course.id), course.title, "", "培训课程：" + "、".join(course.audience),
                             {"name": course.title, "summary": " ".join(course.objectives), "body": sessions}))
    for term in store.terms.values():
        docs.append(Document(f"glossary.md#{term.id}", term.term, "", term.definition,
                             {"name": " ".join([term.term, *term.aliases]), "summary": term.definition}, EXPLAINS))
    for source in store.sources.values():
        docs.append(Document(f"sources.md#{source.id}", source.title, "", source.date_note,
                             {"tags": source.title + " " + (source.subtitle or ""), "body": " ".join(source.sections)}, EXPLAINS))
    return docs


def _terms(text: str, with_bigrams: bool, userdict: str) -> tuple[Counter, Counter]:
    return Counter(words(text, userdict)), Counter(bigrams(text.lower())) if with_bigrams else Counter()


def build_index(docs: list[Document], userdict: str) -> dict:
    """{docs, words, bigrams}: each term -> flat [doc, score, doc, score …] with scores in hundredths."""
    counted = []  # per doc, per field: (word counts, bigram counts, length)
    lengths: dict[str, list[int]] = defaultdict(list)
    for doc in docs:
        fields = {}
        for field, text in doc.fields.items():
            w, b = _terms(text, FIELDS[field][1], userdict)
            fields[field] = (w, b, sum(w.values()) or 1)
            lengths[field].append(fields[field][2])
        counted.append(fields)
    average = {field: sum(values) / len(values) for field, values in lengths.items()}
    postings: dict[int, dict[str, dict[int, float]]] = {0: defaultdict(dict), 1: defaultdict(dict)}
    for position, fields in enumerate(counted):
        for field, (w, b, length) in fields.items():
            slope = FIELDS[field][2]
            norm = K1 * (1 - slope + slope * length / average[field])
            for kind, counts in ((0, w), (1, b)):
                for term, tf in counts.items():
                    gain = docs[position].boost * FIELDS[field][0] * tf * (K1 + 1) / (tf + norm)
                    postings[kind][term][position] = postings[kind][term].get(position, 0.0) + gain
    n = len(docs)

    def flat(table: dict[str, dict[int, float]]) -> dict[str, list[int]]:
        out = {}
        for term in sorted(table):
            by_doc = table[term]
            idf = math.log(1 + (n - len(by_doc) + 0.5) / (len(by_doc) + 0.5))
            out[term] = [x for doc, gain in sorted(by_doc.items()) for x in (doc, max(1, round(gain * idf * SCALE)))]
        return out

    return {
        "docs": [[d.page, d.title, d.place, d.summary] for d in docs],
        "words": flat(postings[0]),
        "bigrams": flat(postings[1]),
    }


def settings() -> dict:
    """How a query is weighed, shipped with the index so that the browser and macros/search/query.py agree."""
    return {"generic": sorted(GENERIC), "genericWeight": GENERIC_WEIGHT, "bigramWeight": BIGRAM_WEIGHT, "synonymWeight": SYNONYM_WEIGHT,
            "insideWeight": INSIDE_WEIGHT}


def site_index(store: Store, root: Path) -> dict:
    """The whole index of the site: documents, terms, synonyms and the query settings."""
    index = build_index(documents(store, root), str(root / JIEBA_USERDICT))
    index["synonyms"] = [[s.say, s.means] for s in store.synonyms]
    index["settings"] = settings()
    return index


def index_script(index: dict) -> str:
    return "window.__kbSearch=" + json.dumps(index, ensure_ascii=False, separators=(",", ":")) + ";\n"


def write_index(store: Store, root: Path) -> list[str]:
    """Write the index script beside the pages if it changed; return its path if written."""
    text = index_script(site_index(store, root))
    path = root / INDEX_SCRIPT
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return []
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return [INDEX_SCRIPT]
