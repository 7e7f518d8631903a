"""The search index is rewritten as UTF-8 JSON: same content, no six-byte escapes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from macros.search.index import JS_PREFIX, compact_search_index, page_tags_only

INDEX = {"config": {"lang": ["zh"]}, "docs": [{"location": "", "title": "帐篷\u200b支部", "text": "<p>临时\u200b党支部</p>"}]}


def test_json_and_offline_script_keep_their_content_and_shrink(tmp_path: Path) -> None:
    search = tmp_path / "search"
    search.mkdir()
    escaped = json.dumps(INDEX, separators=(",", ":"))  # as Material writes it
    (search / "search_index.json").write_text(escaped, encoding="utf-8")
    (search / "search_index.js").write_text(JS_PREFIX + escaped, encoding="utf-8")

    saved = compact_search_index(tmp_path)

    text = (search / "search_index.json").read_text(encoding="utf-8")
    assert json.loads(text) == INDEX and "\\u" not in text and "帐篷\u200b支部" in text
    script = (search / "search_index.js").read_text(encoding="utf-8")
    assert script.startswith(JS_PREFIX) and json.loads(script[len(JS_PREFIX) :]) == INDEX
    assert saved > 0


def test_an_unexpected_offline_script_is_refused(tmp_path: Path) -> None:
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "search_index.js").write_text("window.index = {}", encoding="utf-8")
    with pytest.raises(ValueError, match="offline plugin changed"):
        compact_search_index(tmp_path)


def test_published_index_is_at_most_twice_the_indexed_text(dist_project: Path) -> None:
    for variant in ("site", "site-offline"):
        path = dist_project / variant / "search" / "search_index.json"
        docs = json.loads(path.read_text(encoding="utf-8"))["docs"]
        indexed = sum(len((d["title"] + d["text"]).encode()) for d in docs)
        assert path.stat().st_size <= 2 * indexed, variant


def test_tags_stay_on_the_page_entry_only() -> None:
    page = {"location": "practices/a/", "title": "三维组团", "text": "", "tags": ["三维组团", "392个"]}
    section = {"location": "practices/a/#怎么做", "title": "怎么做", "text": "<p>组团</p>", "tags": ["三维组团", "392个"]}
    pruned = page_tags_only({"config": {}, "docs": [page, section]})
    assert pruned["docs"] == [page, {k: v for k, v in section.items() if k != "tags"}]
    assert "tags" in section  # the input is left as it was
