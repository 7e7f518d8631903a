"""Rewrite Material's search index: UTF-8 instead of ASCII escapes, and a page's tags on its own entry only.

Material writes `search_index.json` with `json.dumps`' default `ensure_ascii=True`, so every Chinese
character and every U+200B word boundary jieba inserts becomes a six-byte `\\uXXXX` escape. Written as
UTF-8 they take three bytes. The offline plugin's `search_index.js` (`var __index = {...}`) carries
the same JSON and is rewritten the same way. Run by `python -m macros build` after MkDocs succeeds.

Material also copies a page's front-matter tags onto the entry of every section of that page. Our
practice pages carry a dozen tags (names, aliases, figures) over ten sections, so the browser's
search worker indexed each tag ten times over before it could answer a first query (900 ms at 1,000
practices). A tag names the page, and a section that matches is shown under its page anyway, so the
tags stay on the page's own entry (the one without `#`) and go from its sections.
"""

from __future__ import annotations

import json
from pathlib import Path

JS_PREFIX = "var __index = "


def page_tags_only(data: dict) -> dict:
    """The index with `tags` removed from section entries (location with `#`); page entries keep theirs."""
    docs = [{k: v for k, v in doc.items() if k != "tags"} if "#" in doc["location"] else doc for doc in data["docs"]]
    return {**data, "docs": docs}


def _compact(data: dict) -> str:
    return json.dumps(page_tags_only(data), ensure_ascii=False, separators=(",", ":"))


def compact_search_index(site_dir: Path) -> int:
    """Rewrite the index files under `site_dir/search`; return the bytes saved."""
    saved = 0
    index = site_dir / "search" / "search_index.json"
    if index.exists():
        before = index.stat().st_size
        index.write_text(_compact(json.loads(index.read_text(encoding="utf-8"))), encoding="utf-8")
        saved += before - index.stat().st_size
    script = site_dir / "search" / "search_index.js"
    if script.exists():
        text = script.read_text(encoding="utf-8")
        if not text.startswith(JS_PREFIX):
            raise ValueError(f"{script}: expected it to start with {JS_PREFIX!r}; Material's offline plugin changed")
        before = script.stat().st_size
        script.write_text(JS_PREFIX + _compact(json.loads(text[len(JS_PREFIX) :])), encoding="utf-8")
        saved += before - script.stat().st_size
    return saved
