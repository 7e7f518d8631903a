"""Coverage: everything in data/ is reachable in the built site, and every figure in the reports is in data/.

- each practice, place, source, theme and glossary term has its page or its entry in a listing;
- no practice page without data (the store refuses those) and no scaffold placeholder left;
- each number printed in a source report is a metric of that report, a printed rate, or listed with
  its reason in data/figures_not_metrics.yaml (the rules are in macros/editorial_checks.py, which
  `make check` runs).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from macros.checks import build_store
from macros.editorial_checks import EXCUSES, misprinted, placeholders, sources_dir, unrecorded, unrecorded_figures
from macros.generated import NAV_BEGIN, NAV_END
from macros.history import read_history
from macros.store import Store

from .conftest import BUILD_ENV, ROOT, copy_project


@pytest.fixture(scope="module")
def store() -> Store:
    return build_store(ROOT)


def _html(site: Path, page: str) -> str:
    return (site / page / "index.html").read_text(encoding="utf-8")


def test_every_practice_has_a_page_and_is_listed(built_site: Path, store: Store) -> None:
    index = _html(built_site, "practices")
    for practice in store.practices.values():
        assert (built_site / "practices" / practice.id / "index.html").exists(), practice.id
        link = f'href="../../practices/{practice.id}/"'
        assert f'href="{practice.id}/"' in index, f"{practice.id} missing from 全部做法"
        for source in practice.sources:
            assert link in _html(built_site, f"sources/{source}"), f"{practice.id} missing from its report's page"
        for theme in practice.themes:
            assert link in _html(built_site, f"themes/{theme}"), f"{practice.id} missing from theme {theme}"
        for place in (practice.place, *practice.also_at):
            assert link in _html(built_site, f"places/{place}"), f"{practice.id} missing from place {place}"


def test_every_place_theme_and_report_has_a_page_linked_from_its_index(built_site: Path, store: Store) -> None:
    for folder, ids in (("places", store.places), ("themes", store.themes), ("sources", store.sources)):
        index = _html(built_site, folder)
        for id_ in ids:
            assert (built_site / folder / id_ / "index.html").exists(), f"{folder}/{id_}"
            assert f'href="{id_}/"' in index, f"{folder}/{id_} not linked from its index"


def test_every_course_has_a_page_in_the_navigation(built_site: Path, store: Store) -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    index = _html(built_site, "courses")
    for id_ in store.courses:
        assert (built_site / "courses" / id_ / "index.html").exists() and f"- courses/{id_}.md" in config
        assert f'href="{id_}/"' in index


def test_every_term_has_an_entry(built_site: Path, store: Store) -> None:
    html = _html(built_site, "glossary")
    missing = [id_ for id_ in store.terms if f'id="{id_}"' not in html]
    assert missing == [], f"glossary: no entry for {missing}"


def test_every_practice_is_in_the_navigation(store: Store) -> None:
    """The nav block of mkdocs.yml is generated; the strict build (omitted_files: warn) also refuses a page left out."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    nav = config[config.index(NAV_BEGIN) : config.index(NAV_END)]
    assert [p.id for p in store.practices.values() if f"- practices/{p.id}.md" not in nav] == []


def test_no_scaffold_placeholder_left() -> None:
    assert [str(p) for p in placeholders(ROOT)] == []


def test_a_placeholder_is_a_problem_with_its_line(valid_project: Path) -> None:
    page = valid_project / "docs" / "practices" / "demo.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n（待填写：背景）\n", encoding="utf-8")
    line = len(page.read_text(encoding="utf-8").splitlines())
    assert [str(p) for p in placeholders(valid_project)] == [f"docs/practices/demo.md:{line}: 还有“（待填写）”：换成内容，或删去这一项"]


def test_every_printed_figure_is_recorded_or_excused(store: Store) -> None:
    assert (sources_dir(ROOT) / "README.md").exists(), f"source reports not found in {sources_dir(ROOT)}; set KB_SOURCES_DIR"
    assert [str(p) for p in unrecorded(ROOT, store)] == []


def test_an_unrecorded_figure_is_a_problem_at_check(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    excuses = project / EXCUSES
    text = excuses.read_text(encoding="utf-8")
    excuses.write_text(text.replace("  - {number: \"153\", context: 153医院, reason: 单位名称的一部分}\n", ""), encoding="utf-8")
    env = {**BUILD_ENV, "KB_SOURCES_DIR": str(sources_dir(ROOT).resolve())}  # the copy lies elsewhere
    result = subprocess.run([sys.executable, "-m", "macros", "--root", str(project), "check"], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 1
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row == "003_3f9c860c84535958.txt:")
    assert f"{EXCUSES}:{line}: 003_3f9c860c84535958.txt: 报道中的数字 153 in …" in result.stderr


def test_the_figure_check_catches_an_unrecorded_number() -> None:
    text = "共建成党群服务站5个，2018年3月5日启动，桐柏路191号院，服务群众7万余次。"
    assert unrecorded_figures(text, {(5.0, "个")}, []) == ["7 in …柏路191号院，服务群众7万余次。…"]
    assert unrecorded_figures(text, {(5.0, "个"), (7.0, "万")}, []) == []
    assert unrecorded_figures(text, {(5.0, "个"), (7.0, "次")}, []) != []  # 7万余次 is not 7次
    assert unrecorded_figures(text, {(5.0, "个")}, [{"number": "7", "context": "7万", "reason": "test"}]) == []


def test_every_figure_is_recorded_as_its_report_prints_it(store: Store) -> None:
    """The qualifier where it stands (30余万元 is not 30万余元; 70多套 is not 70余套), Chinese numerals (上百户)."""
    assert [str(p) for p in misprinted(ROOT, store)] == []


@pytest.mark.parametrize(
    ("path", "old", "new", "shown"),
    [
        ("data/practices/chuangwen-chuangwei.yaml", "value: 1.3, unit: 万人次, qualifier: 余, qualifier_after: 万,",
         "value: 1.3, unit: 万人次, qualifier: 余,", "1.3余万人次"),
        ("data/practices/chengshi-guanli-sanhua.yaml", "unit: 万元, qualifier: 余,", "unit: 万元, qualifier: 余, qualifier_after: 万,",
         "30万余元"),
        ("data/practices/shuji-shuzhi.yaml", "value: 3, numeral: 三, unit: 年,", "value: 3, unit: 年,", "3年"),
    ],
)
def test_a_figure_not_as_printed_is_a_problem_at_check(tmp_path: Path, path: str, old: str, new: str, shown: str) -> None:
    project = copy_project(tmp_path / "project")
    data = project / path
    text = data.read_text(encoding="utf-8")
    assert old in text
    data.write_text(text.replace(old, new, 1), encoding="utf-8")
    env = {**BUILD_ENV, "KB_SOURCES_DIR": str(sources_dir(ROOT).resolve())}
    for command in ("sync", "check"):  # sync first: the figure is also a word of the search dictionary
        result = subprocess.run([sys.executable, "-m", "macros", "--root", str(project), command], cwd=ROOT, env=env,
                                capture_output=True, text=True)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if old in row)
    assert result.returncode == 1
    assert f"{path}:{line}: metrics[" in result.stderr and f"报道中找不到“{shown}”" in result.stderr, result.stderr


def test_the_history_reaches_the_pages(built_site: Path, store: Store) -> None:
    """Built in the repository: each practice says when its facts and text last changed; 更新记录 lists versions."""
    history = read_history(ROOT)
    assert history.available and set(history.data_dates) == set(store.practices)
    page = _html(built_site, "practices/zhangpeng-zhibu")
    assert f"数据更新于 {history.data_dates['zhangpeng-zhibu']}" in page
    changes = _html(built_site, "changes")
    assert "内容版本 " in changes and f"新增做法 {len(history.versions[-1].added)} 项" in changes
