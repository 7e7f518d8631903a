"""Bar charts as inline SVG, and the measures that decide what may be compared."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as etree
from pathlib import Path

import pytest

from macros.checks import build_store
from macros.problems import DataError
from macros.render.charts import Bar, bar_chart, measure_comparison

from .conftest import ROOT

SVG = "{http://www.w3.org/2000/svg}"


def test_bars_are_proportional_and_described_in_words() -> None:
    bars = [Bar("甲街道：三级网格", 51, "51个"), Bar("乙街道：三级网格", 46, "46个"), Bar("丙<测试>", 0, "0个")]
    html = bar_chart(bars, "三级网格数", "c1")
    svg = etree.fromstring(html[html.index("<svg") : html.index("</svg>") + 6])
    assert svg.get("role") == "img" and svg.get("aria-labelledby") == "c1-title c1-desc"
    assert svg.find(f"{SVG}title").text == "三级网格数"
    assert svg.find(f"{SVG}desc").text == "甲街道：三级网格：51个；乙街道：三级网格：46个；丙<测试>：0个"
    widths = [float(r.get("width").removesuffix("%")) for r in svg.iter(f"{SVG}rect")]
    assert widths[0] > widths[1] > widths[2] == 0
    assert widths[1] / widths[0] == pytest.approx(46 / 51, abs=0.01)
    assert "&lt;测试&gt;" in html  # labels are escaped


def test_measure_comparison_lists_every_figure_with_its_source() -> None:
    store = build_store(ROOT)
    text = measure_comparison(store.measures["cadres.sent_down.count"], store, "compare.md")
    for figure in ("12名", "320名", "2067名", "30名", "56名"):
        assert f"**{figure}**" in text and f">{figure}</text>" in text


def test_a_measure_needs_a_definition_and_its_unit(tmp_path: Path) -> None:
    project = Path(shutil.copytree(ROOT / "tests" / "fixtures" / "valid", tmp_path / "p"))
    measures = "measures:\n  - {id: grid.level3.count, name: 三级网格数, unit: 个}\n"
    (project / "data" / "measures.yaml").write_text(measures, encoding="utf-8")
    demo = project / "data" / "practices" / "demo.yaml"
    text = demo.read_text(encoding="utf-8")
    text = text.replace("value: 488, unit: 个,", "value: 488, unit: 名, measure: grid.level3.count,")
    text = text.replace("value: 468, unit: 个,", "value: 468, unit: 个, measure: x.y,")
    demo.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as error:
        build_store(project)
    assert [f"{p.line}: {p.field}: {p.message}" for p in error.value.problems] == [
        "10: metrics[0].unit: measure grid.level3.count 的单位是“个”，这里是“名”，不能放在一起比较",
        "11: metrics[1].measure: 未知的 measure: x.y（在 data/measures.yaml 中定义）",
    ]
