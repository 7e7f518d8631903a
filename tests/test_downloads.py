"""Data downloads: written into the built site from the store, and readable back with the right row counts."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest

from macros.downloads import download_files
from macros.store import build_store

from .conftest import ROOT


@pytest.fixture(scope="module")
def expected_rows() -> int:
    store = build_store(ROOT)
    practices = sum(len(p.metrics) + len(p.derived) for p in store.practices.values())
    return practices + sum(len(p.metrics) for p in store.places.values())


def test_csv_has_a_bom_and_one_row_per_figure(built_site: Path, expected_rows: int) -> None:
    raw = (built_site / "downloads" / "metrics.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:6] == ["类型", "归属", "归属 id", "名称", "指标 id", "指标"]
    assert len(rows) - 1 == expected_rows
    sanwei = next(r for r in rows if r[2] == "sanwei-zutuan" and r[4] == "wuzhuguan-tingyuan")
    assert sanwei[6:10] == ["20", "个", "余", "20余个"]
    rate = next(r for r in rows if r[0] == "计算比率" and r[2] == "sanzoujin-sanfuwu")
    assert rate[9] == "100.9%" and "报道印为 108%" in rate[15]


def test_xlsx_matches_the_csv(built_site: Path, expected_rows: int) -> None:
    sheet = openpyxl.load_workbook(built_site / "downloads" / "metrics.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) - 1 == expected_rows
    assert rows[0][0] == "类型" and any(r[9] == "3760余名" for r in rows[1:])


def test_json_holds_every_entity(built_site: Path) -> None:
    store = build_store(ROOT)
    data = json.loads((built_site / "downloads" / "knowledge-base.json").read_text(encoding="utf-8"))
    assert {k: len(v) for k, v in data.items()} == {
        "practices": len(store.practices), "places": len(store.places), "sources": len(store.sources),
        "themes": len(store.themes), "terms": len(store.terms),
    }
    assert next(p for p in data["practices"] if p["id"] == "zhangpeng-zhibu")["name"] == "帐篷支部"


def test_downloads_page_links_resolve(built_site: Path) -> None:
    page = (built_site / "downloads" / "index.html").read_text(encoding="utf-8")
    for name in ("metrics.csv", "metrics.xlsx", "knowledge-base.json"):
        assert f'href="../downloads/{name}"' in page


def test_files_are_made_again_only_when_the_data_stamp_changes(valid_project: Path) -> None:
    store = build_store(valid_project)
    first = download_files(store, data_stamp=("a",))
    assert download_files(store, data_stamp=("a",)) is first  # a page edit under `mkdocs serve`
    assert download_files(store, data_stamp=("b",)) is not first  # data/ changed
    assert download_files(store) is not download_files(store)  # no stamp: always made
