"""Search quality over realistic queries: recall@3 and MRR in a real browser, printed and held to a floor."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from playwright.sync_api import Browser

from macros.search.build import INDEX_SCRIPT
from macros.search.query import search as reference

from ..conftest import ROOT
from .test_search import search

HERE = Path(__file__).parent
QUERIES = yaml.safe_load((HERE / "search_queries.yaml").read_text(encoding="utf-8"))
SENTENCES = yaml.safe_load((HERE / "search_sentences.yaml").read_text(encoding="utf-8"))
# (queries, recall@3 floor, MRR floor): the names, slogans and short problems; the cadres' sentences
GATES = {"queries": (QUERIES, 0.98, 0.9), "sentences": (SENTENCES, 0.9, 0.8)}


def rank(results: list[str], expect: list[str]) -> int | None:
    """1-based rank of the first result that is an expected page (anchors ignored), or None."""
    for position, path in enumerate(results, start=1):
        if any(path.endswith("/" + page) or path == "/" + page for page in expect):
            return position
    return None


def test_rank_reads_paths_as_the_search_returns_them() -> None:
    assert rank(["/kb/glossary/", "/kb/practices/sanwei-zutuan/"], ["practices/sanwei-zutuan/"]) == 2
    assert rank(["/practices/wubu-gongzuofa/"], ["practices/sanwei-zutuan/"]) is None


@pytest.mark.parametrize("name", GATES)
def test_recall_at_3_and_mrr(browser: Browser, site_url: str, name: str) -> None:
    queries, recall_floor, mrr_floor = GATES[name]
    assert len(queries) >= 60
    page = browser.new_page()
    page.goto(site_url)
    ranks, misses, empty = [], [], []
    for item in queries:
        found = search(page, item["query"], paste=True)
        empty += [] if found else [item["query"]]
        position = rank(found, item["expect"])
        ranks.append(position)
        if position is None or position > 3:
            misses.append(f"{item['query']} (rank {position})")
    page.close()
    recall = sum(1 for r in ranks if r is not None and r <= 3) / len(ranks)
    mrr = sum(1 / r for r in ranks if r is not None) / len(ranks)
    print(f"\n{name}: {len(ranks)} queries, recall@3 = {recall:.3f}, MRR = {mrr:.3f}, no result: {len(empty)}")
    print("not in the top 3:\n  " + "\n  ".join(misses) if misses else "every query answered in the top 3")
    assert empty == []
    assert recall >= recall_floor, misses
    assert mrr >= mrr_floor, misses


def test_the_browser_ranks_as_the_reference_does(browser: Browser, site_url: str) -> None:
    """kb-search.js and macros/search/query.py weigh a query the same way: the same pages in the same order."""
    index = json.loads((ROOT / INDEX_SCRIPT).read_text(encoding="utf-8").removeprefix("window.__kbSearch=").removesuffix(";\n"))
    page = browser.new_page()
    page.goto(site_url)
    base = urlsplit(site_url).path
    for item in [*QUERIES, *SENTENCES][::3]:
        expected = [base + url_of(index["docs"][doc][0]) for doc, _ in reference(index, item["query"])]
        assert search(page, item["query"], paste=True) == expected, item["query"]
    page.close()


def url_of(page: str) -> str:
    """The path of a docs-relative page under directory URLs (anchors left out, as the search helper reads paths)."""
    path = page.partition("#")[0].removesuffix(".md")
    return "" if path == "index" else path.removesuffix("/index") + "/"
