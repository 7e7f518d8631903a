"""Data downloads built from the store at build time, for trainers who work in Excel.

- `downloads/metrics.csv`: every figure (reported and computed), UTF-8 with BOM so that Excel
  opens the Chinese text correctly;
- `downloads/metrics.xlsx`: the same table as a workbook;
- `downloads/knowledge-base.json`: practices, places, sources, themes and glossary terms, as validated.

Written into docs/downloads/ by `python -m macros sync` (which `make build` and `make serve` run first), so
that the engine copies them like any file and its strict mode checks every link to them; nothing here
imports MkDocs.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import xlsxwriter
from pydantic import BaseModel

from . import disk_cache
from .loading import collector_paused, fingerprint
from .models import Metric, Place, Practice, Source, Term, Theme
from .release import source_date_epoch
from .render.tables import derived_value, rate_note
from .render.text import format_figure
from .store import Store

FOLDER = "downloads"
FILES = {
    "metrics.csv": "全部数字（CSV，UTF-8，可直接用 Excel 打开）",
    "metrics.xlsx": "全部数字（Excel 工作簿）",
    "knowledge-base.json": "做法、地区、来源、主题和术语的完整数据（JSON）",
}
COLUMNS = ["类型", "归属", "归属 id", "名称", "指标 id", "指标", "数值", "单位", "限定词", "按原文显示",
           "时间", "累计", "来源 id", "报道", "出处（小标题）", "说明", "界限（bound）"]


def _row(kind: str, owner: str, owner_id: str, name: str, m: Metric, store: Store) -> list[object]:
    return [kind, owner, owner_id, name, m.id, m.label, m.value, m.unit,
            "" if m.qualifier.value == "exact" else m.qualifier.value, format_figure(m), m.as_of or "截至报道时",
            "是" if m.cumulative else "", m.source, store.source(m.source).title, m.locator, m.note or "", m.bound.value]


def metric_rows(store: Store) -> list[list[object]]:
    """One row per reported figure (practices, then places) and per computed rate, in data order."""
    rows = []
    for p in store.practices.values():
        rows += [_row("报道数字", "做法", p.id, p.name, m, store) for m in p.metrics]
        for d in p.derived:
            value, num, den = derived_value(d, p)
            note = rate_note(d, num, den)
            rows.append(["计算比率", "做法", p.id, p.name, d.id, d.label, float(value.rstrip("%")), "%", "", value,
                         num.as_of or "截至报道时", "", num.source, store.source(num.source).title, "据本表数字计算", note, "exact"])
    for place in store.places.values():
        rows += [_row("报道数字", "地区", place.id, place.name, m, store) for m in place.metrics]
    return rows


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """A cell that a spreadsheet will not read as a formula (OWASP's advice: text starting with = + - @, a tab
    or a carriage return gets a leading '). Numbers stay numbers, negative ones included."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def metrics_csv(store: Store) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows([csv_cell(cell) for cell in row] for row in metric_rows(store))
    return out.getvalue().encode("utf-8-sig")  # the BOM tells Excel the file is UTF-8


def metrics_xlsx(store: Store) -> bytes:
    out = io.BytesIO()
    # text stays text: no formulas from a leading "=", no links from what looks like a URL
    with xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}) as book:
        if stamp := source_date_epoch():  # otherwise the workbook carries the time it was made
            book.set_properties({"created": stamp})
        bold = book.add_format({"bold": True})
        for name, header, rows in (("数字", COLUMNS, metric_rows(store)), ("做法", PRACTICE_COLUMNS, practice_rows(store))):
            sheet = book.add_worksheet(name)
            sheet.freeze_panes(1, 0)  # the header stays in view
            sheet.write_row(0, 0, header, bold)
            for number, row in enumerate(rows, start=1):
                sheet.write_row(number, 0, row)
            sheet.autofilter(0, 0, len(rows), len(header) - 1)
            for column, width in enumerate(column_widths([header, *rows])):
                sheet.set_column(column, column, width)
    return out.getvalue()


PRACTICE_COLUMNS = ["做法", "做法 id", "地区", "主题", "一句话概括", "页面", "数字个数"]


def practice_rows(store: Store) -> list[list[object]]:
    """One row per practice, for the workbook's second sheet."""
    return [
        [p.name, p.id, " › ".join(x.name for x in store.place_chain(p.place)), "、".join(store.theme(t).name for t in p.themes),
         p.summary, f"practices/{p.id}/", len(p.metrics) + len(p.derived)]
        for p in store.practices.values()
    ]


def column_widths(rows: list[list[object]], widest: int = 60) -> list[float]:
    """Each column as wide as its longest cell (a Chinese character counts two), within reason."""
    def width(value: object) -> int:
        return sum(2 if ord(c) > 0x2E80 else 1 for c in str(value))

    return [min(widest, max(width(row[i]) for row in rows) + 2) for i in range(len(rows[0]))]


class KnowledgeBase(BaseModel):
    """The shape of knowledge-base.json."""

    practices: list[Practice]
    places: list[Place]
    sources: list[Source]
    themes: list[Theme]
    terms: list[Term]


def knowledge_base_json(store: Store) -> bytes:
    # the entities are validated already: model_construct skips a second validation, and pydantic's
    # serializer writes the JSON about five times faster than json.dumps over model_dump
    data = KnowledgeBase.model_construct(
        practices=list(store.practices.values()), places=list(store.places.values()),
        sources=list(store.sources.values()), themes=list(store.themes.values()), terms=list(store.terms.values()),
    )
    return data.model_dump_json(indent=1).encode("utf-8")


MAKERS = {"metrics.csv": metrics_csv, "metrics.xlsx": metrics_xlsx, "knowledge-base.json": knowledge_base_json}
CACHE = disk_cache.FOLDER / "downloads.pickle"
_last_made: dict[object, dict[str, bytes]] = {}


def _make(store: Store) -> dict[str, bytes]:
    with collector_paused():
        return {name: make(store) for name, make in MAKERS.items()}


def download_files(store: Store, root: Path | None = None) -> dict[str, bytes]:
    """The files' contents by name, made from `store`.

    Given the project root they are made once per state of data/ (the pages do not enter them) and
    of SOURCE_DATE_EPOCH (the workbook's creation time): kept in the process, since `mkdocs serve`
    rebuilds after every page edit and the three take 0.7 s at 1,000 practices, and in .cache/ for
    the next process.
    """
    if root is None:
        return _make(store)
    key = (disk_cache.code_stamp(), fingerprint(root), source_date_epoch())
    files = _last_made.get(key) or disk_cache.read(root / CACHE, key)
    if files is None:
        files = _make(store)
        disk_cache.write(root / CACHE, key, files)
    _last_made.clear()
    _last_made[key] = files
    return files


DOCS_FOLDER = f"docs/{FOLDER}"  # beside the pages, so that every engine copies them and checks the links to them


def write_downloads(store: Store, root: Path) -> list[str]:
    """Write the download files into docs/downloads/ (those whose content changed); return their paths."""
    folder = root / DOCS_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, content in download_files(store, root).items():
        path = folder / name
        if not path.exists() or path.read_bytes() != content:
            path.write_bytes(content)
            changed.append(f"{DOCS_FOLDER}/{name}")
    return changed
