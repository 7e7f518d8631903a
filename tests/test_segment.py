"""The index's own segmentation (macros/search/analysis.py: segment) against jieba's, which it replaces for speed."""

from __future__ import annotations

from pathlib import Path

import pytest

from macros.search.analysis import _jieba, segment
from macros.search.dictionary import JIEBA_USERDICT

from .conftest import ROOT

TRICKY = [
    "",
    "  \n\t",
    "a",
    "299户",
    "8个100%",
    "MSN-2号楼，a.b_c#d&e+f",
    "ABC中原区DEF 林山寨街道 x y z",
    "１２３全角数字和ｌａｔｉｎ",
    "㐀㐁扩展区汉字\u9fd6\u9fff与〇",
    "“三维组团”“帐篷支部”‘五步工作法’——还有……",
    "上百户上万人次不足两米95%以上一个月内",
    "\r\n换行\r\n之后",
]


@pytest.fixture(scope="module")
def tokenizer():
    return _jieba(str(ROOT / JIEBA_USERDICT))


def texts() -> list[str]:
    """Every page and data file of the project, as written and lowercased (what the index segments)."""
    found = [p.read_text(encoding="utf-8") for folder in ("docs", "data") for p in sorted((ROOT / folder).rglob("*"))
             if p.suffix in (".md", ".yaml") and p.is_file()]
    assert len(found) > 100
    return found + [t.lower() for t in found]


def assert_as_jieba(tokenizer, text: str) -> None:
    assert list(segment(tokenizer, text)) == list(tokenizer.cut(text, HMM=False))


def test_every_page_is_segmented_as_jieba_does(tokenizer) -> None:
    for text in texts():
        assert_as_jieba(tokenizer, text)


@pytest.mark.parametrize("text", TRICKY)
def test_odd_text_is_segmented_as_jieba_does(tokenizer, text: str) -> None:
    assert_as_jieba(tokenizer, text)


def test_sources_are_segmented_as_jieba_does(tokenizer) -> None:
    from macros.editorial_checks import sources_dir

    folder = Path(sources_dir(ROOT))
    reports = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*")) if p.is_file() and p.suffix in (".md", ".txt")]
    if not reports:
        pytest.skip(f"no reports in {folder} (KB_SOURCES_DIR)")
    for text in reports:
        assert_as_jieba(tokenizer, text)
