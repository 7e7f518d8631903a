"""Files the build reads that are derived from data/ or from the pinned theme.

- the jieba user dictionary (from data/), so that search keeps practice names whole;
- Material's search worker with its Chinese query segmentation fixed, and its bundle without
  CDN fallbacks (from the theme).

They are committed so that a plain `mkdocs build` finds them; `python -m macros sync`
rewrites them and `python -m macros check` reports them when stale.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path

from .store import Problem, Store

JIEBA_USERDICT = "data/generated/jieba_userdict.txt"

_QUOTES = re.compile(r"[“”\"‘’'「」]")
_WORD = re.compile(r"^\w{2,}$")


def dictionary_words(store: Store) -> Iterator[str]:
    """Names a reader types that jieba must keep whole: practices, aliases, keywords, terms, places, themes."""
    for p in store.practices.values():
        yield from (p.name, *p.aliases, *p.keywords)
    for t in store.terms.values():
        yield from (t.term, *t.aliases)
    yield from (p.name for p in store.places.values())
    yield from (t.name for t in store.themes.values())


def jieba_userdict(store: Store) -> str:
    """One word per line, sorted; jieba then suggests a frequency that keeps each word whole."""
    words = {_QUOTES.sub("", w) for w in dictionary_words(store)}
    return "".join(f"{w}\n" for w in sorted(w for w in words if _WORD.match(w)))


# Each patch: (folder under Material's templates/, file name pattern, [(exact text, replacement)]).
# The patched copy goes to the same path under overrides/, which MkDocs serves instead of the theme's.
NO_OP_SCRIPT = '"data:text/javascript,"'
THEME_PATCHES = [
    (
        "assets/javascripts/workers",
        r"search\.[0-9a-f]+\.min\.js",
        [
            # Material segments a Chinese query by looking up its substrings in the index, but its loop
            # stops one character short, so a whole indexed word (临时党支部) is never found and the query
            # falls apart into short prefixes (临时* 党*) that match almost every page. Let it reach the end.
            ("for(let o=s+1;o<t.length;o++)t.slice(s,o)in e&&(n[s]=o-s)",
             "for(let o=s+1;o<=t.length;o++)t.slice(s,o)in e&&(n[s]=o-s)"),
        ],
    ),
    (
        "assets/javascripts",
        r"bundle\.[0-9a-f]+\.min\.js",
        [
            # The bundle would fetch these from a CDN that intranets cannot reach: a ResizeObserver
            # polyfill (only for browsers without ResizeObserver, which Material no longer supports)
            # and mermaid (only for diagrams, which this site does not enable). Load nothing instead.
            ('"https://unpkg.com/resize-observer-polyfill"', NO_OP_SCRIPT),
            ('"https://unpkg.com/mermaid@11/dist/mermaid.min.js"', NO_OP_SCRIPT),
        ],
    ),
]


def patched_theme_file(folder: str, pattern: str, patches: list[tuple[str, str]]) -> tuple[str, str]:
    """(path under overrides/, text) of one of Material's files with the patches applied; each must match once."""
    source = files("material") / "templates" / folder
    names = [f.name for f in source.iterdir() if re.fullmatch(pattern, f.name)]
    if len(names) != 1:
        raise RuntimeError(f"expected one {pattern} in Material's {folder}, found {names}")
    text = (source / names[0]).read_text(encoding="utf-8")
    for old, new in patches:
        if text.count(old) != 1:
            raise RuntimeError(f"Material's {names[0]} changed: re-check the patch {old[:40]}… in macros/generated.py")
        text = text.replace(old, new)
    return f"overrides/{folder}/{names[0]}", text


def generated_files(store: Store) -> dict[str, str]:
    """Every generated file: path relative to the project root -> expected text."""
    return dict([(JIEBA_USERDICT, jieba_userdict(store)), *(patched_theme_file(*patch) for patch in THEME_PATCHES)])


def stale(root: Path, store: Store) -> list[Problem]:
    """A Problem for each generated file that does not match the data."""
    return [
        Problem(path, 1, "", "已过期或缺失：运行 python -m macros sync（或 make sync）重新生成")
        for path, text in generated_files(store).items()
        if not (root / path).exists() or (root / path).read_text(encoding="utf-8") != text
    ]


def write(root: Path, store: Store) -> list[str]:
    """Rewrite the generated files that changed; return their paths."""
    changed = []
    for path, text in generated_files(store).items():
        target = root / path
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed
