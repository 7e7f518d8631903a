"""Data downloads: written into the built site from the store, and readable back with the right row counts."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import openpyxl
import pytest

from macros import downloads
from macros.checks import build_store
from macros.downloads import download_files

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
    """Cell for cell: numbers as numbers, text as text (none read as a formula or a link), a bold frozen header."""
    book = openpyxl.load_workbook(built_site / "downloads" / "metrics.xlsx")
    sheet = book.active
    assert sheet.title == "数字" and sheet.freeze_panes == "A2" and sheet["A1"].font.bold
    rows = list(sheet.iter_rows(values_only=True))
    raw = (built_site / "downloads" / "metrics.csv").read_bytes().decode("utf-8-sig")
    csv_rows = list(csv.reader(io.StringIO(raw)))
    assert len(rows) - 1 == expected_rows == len(csv_rows) - 1
    for xlsx_row, csv_row in zip(rows, csv_rows, strict=True):
        for value, text in zip(xlsx_row, csv_row, strict=True):
            if isinstance(value, int | float):
                assert value == float(text)
            else:
                assert (value or "") == text
    assert any(r[9] == "3760余名" for r in rows[1:])


def test_workbook_is_stamped_with_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    """A reproducible build (SOURCE_DATE_EPOCH) gives the workbook that time, so the same data gives the same bytes."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01 00:00 UTC
    made = downloads.metrics_xlsx(build_store(ROOT))
    created = openpyxl.load_workbook(io.BytesIO(made)).properties.created
    assert created.isoformat().startswith("2026-01-01T00:00:00")


def test_json_holds_every_entity(built_site: Path) -> None:
    store = build_store(ROOT)
    data = json.loads((built_site / "downloads" / "knowledge-base.json").read_text(encoding="utf-8"))
    assert {k: len(v) for k, v in data.items()} == {
        "practices": len(store.practices), "places": len(store.places), "sources": len(store.sources),
        "themes": len(store.themes), "terms": len(store.terms),
    }
    assert next(p for p in data["practices"] if p["id"] == "zhangpeng-zhibu")["name"] == "帐篷支部"


def test_downloads_page_links_resolve(built_site: Path) -> None:
    """The links are the engine's own (relative to the page's source file, rewritten for its URL) and reach the files."""
    page = built_site / "downloads" / "index.html"
    hrefs = re.findall(r'<a download href="([^"]+)"', page.read_text(encoding="utf-8"))
    assert sorted(Path(h).name for h in hrefs) == ["knowledge-base.json", "metrics.csv", "metrics.xlsx"]
    assert all((page.parent / h).resolve().is_file() for h in hrefs)


def test_files_are_made_once_per_state_of_the_data(valid_project: Path) -> None:
    store = build_store(valid_project)
    first = download_files(store, valid_project)
    page = valid_project / "docs" / "practices" / "demo.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n补记。\n", encoding="utf-8")
    assert download_files(store, valid_project) is first  # a page edit under `mkdocs serve`: nothing to make
    downloads._last_made.clear()  # as in the next process: read back from .cache/
    assert (valid_project / downloads.CACHE).exists()
    again = download_files(store, valid_project)
    assert again == first and again is not first
    data = valid_project / "data" / "practices" / "demo.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace("value: 488", "value: 4880"), encoding="utf-8")
    edited = download_files(build_store(valid_project), valid_project)
    assert edited["metrics.csv"] != first["metrics.csv"] and b"4880" in edited["metrics.csv"]


def test_workbook_opens_ready_to_use(built_site: Path) -> None:
    """A header filter, the header row frozen, columns fitted to their content, and a sheet of the practices."""
    store = build_store(ROOT)
    book = openpyxl.load_workbook(built_site / "downloads" / "metrics.xlsx")
    figures, practices = book["数字"], book["做法"]
    for sheet in (figures, practices):
        assert sheet.auto_filter.ref and sheet.freeze_panes == "A2"
    assert figures.column_dimensions["F"].width > figures.column_dimensions["H"].width  # 指标 is wider than 单位
    assert practices.max_row - 1 == len(store.practices)
    assert [c.value for c in practices[1]] == downloads.PRACTICE_COLUMNS
    row = next(r for r in practices.iter_rows(min_row=2, values_only=True) if r[1] == "zhangpeng-zhibu")
    assert row[0] == "帐篷支部" and row[5] == "practices/zhangpeng-zhibu/" and row[6] == len(store.practice("zhangpeng-zhibu").metrics) + 1
