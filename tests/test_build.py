"""The real site under `mkdocs build --strict`, and what a broken input does to a build."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from macros.checks import build_store
from macros.search.dictionary import JIEBA_USERDICT
from macros.search.query import search as reference
from macros.search.terms import figures

from .conftest import BUILD_ENV, CSS_EXTERNAL, EXTERNAL_RESOURCE, ROOT, copy_project, run_mkdocs_build


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_one_page_per_practice(built_site: Path) -> None:
    store = build_store(ROOT)
    for id_, practice in store.practices.items():
        page = (built_site / "practices" / id_ / "index.html").read_text(encoding="utf-8")
        assert f">{practice.name}</h1>" in page or f">{practice.name}<a" in page


def test_no_template_syntax_left(built_site: Path) -> None:
    for page in html_pages(built_site):
        text = page.read_text(encoding="utf-8")
        assert "{{" not in text and "{%" not in text, page


def test_no_external_resources_in_html_css_js(built_site: Path) -> None:
    patterns = {".html": EXTERNAL_RESOURCE, ".css": CSS_EXTERNAL}
    offenders = [
        path for path in built_site.rglob("*") if path.suffix in patterns and patterns[path.suffix].search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_no_root_relative_links(built_site: Path) -> None:
    """Root-relative links break under /kb/ and file://."""
    # 404.html is the one page MkDocs renders with absolute links (from site_url, unset here):
    # it is served for any missing path, so relative links could not work there.
    for page in html_pages(built_site):
        if page.name == "404.html":
            continue
        assert not re.search(r"""(?:href|src)=["']/(?!/)""", page.read_text(encoding="utf-8")), page


def test_metrics_rendered_with_qualifiers_and_derived_rate(built_site: Path) -> None:
    page = (built_site / "practices" / "zhangpeng-zhibu" / "index.html").read_text(encoding="utf-8")
    for figure in ["39个", "56名", "3760余名", "1.5万名", "488个", "468个", "95.9%"]:
        assert f"<strong>{figure}</strong>" in page, figure
    case = (built_site / "practices" / "tongbailu-191" / "index.html").read_text(encoding="utf-8")
    for figure in ["20处", "800余平方米", "约1.5万平方米", "9400米", "2.7万平方米", "8300平方米", "60余批次", "2000余人"]:
        assert f"<strong>{figure}</strong>" in case, figure


def test_printed_rate_that_disagrees_with_its_figures_shows_both(built_site: Path) -> None:
    """林山寨: 2602 of a 2580 target is printed as 108%; the page shows the computed rate and says what was printed."""
    page = (built_site / "practices" / "sanzoujin-sanfuwu" / "index.html").read_text(encoding="utf-8")
    assert "<strong>100.9%</strong>" in page
    assert "报道印为 108%" in page


def test_place_page_has_its_practices_and_its_own_figures(built_site: Path) -> None:
    page = (built_site / "places" / "ruhelu-jiedao" / "index.html").read_text(encoding="utf-8")
    for figure in ["13.5亿元", "320.9亿元", "1600余起", "5万余份"]:
        assert f"<strong>{figure}</strong>" in page, figure
    assert 'href="../../practices/ruhe-moshi/"' in page
    # a practice carried out in two streets is listed on both
    for street in ("linshanzhai-jiedao", "lvdongcun-jiedao"):
        assert 'href="../../practices/wanggehua-guanli/"' in (built_site / "places" / street / "index.html").read_text(encoding="utf-8")


def site_search_index(site: Path) -> dict:
    text = (site / "assets" / "javascripts" / "kb-search-index.js").read_text(encoding="utf-8")
    return json.loads(text.removeprefix("window.__kbSearch=").removesuffix(";\n"))


def test_search_index_keeps_names_and_figures_whole(built_site: Path) -> None:
    """jieba with the data dictionary: names, terms and figures with units are whole words of the index."""
    index = site_search_index(built_site)
    for word in ["三维组团", "帐篷支部", "无主管庭院", "临时党支部", "五步工作法", "红色物业"]:
        assert word in index["words"], word
    store = build_store(ROOT)
    assert [f for p in store.practices.values() for f in figures(p) if f.lower() not in index["words"]] == []
    assert "无主管庭院" in (ROOT / JIEBA_USERDICT).read_text(encoding="utf-8").split()


def test_a_practice_is_found_by_its_aliases(built_site: Path) -> None:
    index = site_search_index(built_site)
    (best, _), *_ = reference(index, "临时党支部")
    assert index["docs"][best][0] == "practices/zhangpeng-zhibu.md"


def test_build_has_no_warnings(tmp_path: Path) -> None:
    """A clean build prints no WARNING and no Python warning (e.g. jieba's pkg_resources import)."""
    result = run_mkdocs_build(ROOT, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    noise = [line for line in result.stderr.splitlines() if "WARNING" in line or "Warning:" in line]
    assert noise == []


def test_broken_data_stops_the_build_with_path_and_line(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    practice = project / "data" / "practices" / "sanwei-zutuan.yaml"
    text = practice.read_text(encoding="utf-8")
    line = text[: text.index("value: 50,")].count("\n") + 1
    practice.write_text(text.replace("value: 50,", "value: 五十,"), encoding="utf-8")
    result = run_mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert f"data/practices/sanwei-zutuan.yaml:{line}: metrics[1].value: 必须是数字" in result.stderr
    assert "check failed: 1 errors" in result.stderr
    assert not (tmp_path / "site" / "index.html").exists()


@pytest.mark.parametrize(
    ("call", "message"),
    [
        ("metrics_table('no-such-practice')", "未知的做法 id: 'no-such-practice'"),
        ("metrics_table()", "practices/index.md: 本页没有 practice 元数据"),  # only a practice page has its own
    ],
)
def test_a_macro_without_a_known_practice_stops_the_build(tmp_path: Path, call: str, message: str) -> None:
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "practices" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\n{{{{ {call} }}}}\n", encoding="utf-8")
    result = run_mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert message in result.stderr + result.stdout


def test_macros_cli_check_passes_on_the_real_data() -> None:
    result = subprocess.run([sys.executable, "-m", "macros", "check"], cwd=ROOT, env=BUILD_ENV, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].startswith(f"ok: {len(build_store(ROOT).practices)} practices")
    assert "note:" not in result.stdout  # the reports were found, so every figure was checked against them


def test_course_page_has_timetable_sessions_and_comparison(built_site: Path) -> None:
    page = (built_site / "courses" / "laojiu-xiaoqu-gaizao" / "index.html").read_text(encoding="utf-8")
    assert "<title>党建引领老旧小区改造 - 基层治理实践知识库</title>" in page
    assert "240 分钟（4 小时）" in page and "共 5 节" in page
    assert page.count('<h3 id="第') == 5
    comparison = page[page.index('id="对比几种做法放在一起看"') :]
    for name in ("帐篷支部", "老旧小区改造“汝河模式”", "桐柏路191号院示范改造"):
        assert name in comparison
    assert "3760余名" not in comparison and "39个" in comparison  # each practice's first reported figure


def test_course_page_carries_bar_charts_of_its_measures(built_site: Path) -> None:
    page = (built_site / "courses" / "wangge-zhihui-dangjian" / "index.html").read_text(encoding="utf-8")
    assert page.count('<svg class="kb-chart"') == 3
    assert "林山寨街道矛盾问题办结率：99.22%" in page  # the chart's text alternative (<desc>)
