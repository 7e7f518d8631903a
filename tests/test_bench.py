"""Smoke run of the benchmark's corpus generator (the benchmark itself is `make bench`, not a test)."""

from __future__ import annotations

import json
from pathlib import Path

from bench import corpus, run
from macros.checks import build_store


def test_generated_corpus_validates_and_both_variants_build(tmp_path: Path) -> None:
    ours = corpus.write_ours(tmp_path / "ours", 20)
    store = build_store(ours)
    assert len(store.practices) == 20
    assert all(len(p.metrics) == 6 for p in store.practices.values())
    assert len(store.courses) == 1
    plain = corpus.write_plain(ours, tmp_path / "plain")
    assert "{{" not in (plain / "docs" / "practices" / "zuofa-00000.md").read_text(encoding="utf-8")
    assert "macros" not in (plain / "mkdocs.yml").read_text(encoding="utf-8").split("plugins:")[1].split("markdown_extensions:")[0]

    results = {variant: run.measure_build(project, tmp_path / f"site-{variant}", 20, variant)
               for variant, project in (("ours", ours), ("plain", plain))}
    for variant, build in results.items():
        site = tmp_path / f"site-{variant}"
        assert (site / "practices" / "zuofa-00019" / "index.html").exists(), variant
        assert (site / "courses" / "kecheng-000" / "index.html").exists(), variant
        assert build.cpu > 0 and build.rss_mb > 0 and build.index_mb > 0
    # the same pages in both variants
    pages = {v: sorted(p.relative_to(tmp_path / f"site-{v}").as_posix() for p in (tmp_path / f"site-{v}").rglob("*.html")) for v in results}
    assert pages["ours"] == pages["plain"]
    index = (tmp_path / "site-ours" / "assets" / "javascripts" / "kb-search-index.js").read_text(encoding="utf-8")
    assert "样例做法1号" in index
    docs = json.loads((tmp_path / "site-plain" / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    assert any("样例做法1号" in d["title"].replace("\u200b", "") for d in docs)  # plain Material with its own search
