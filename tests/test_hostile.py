"""Hostile and careless input: every case gets `path:line: field: message` or is shown as text, never run.

Data cases assert the exact list of problems `make check` prints. Command cases run `python -m macros`
as an editor would and assert the message, the exit status, that no traceback is shown and that
nothing ran or was lost. The browser half (every free-text field set to HTML, script, attribute-list and
link payloads, every page opened) is tests/browser/test_hostile_pages.py.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from macros.checks import build_store
from macros.cli import remove_abandoned_staging
from macros.downloads import csv_cell, metrics_csv
from macros.problems import DataError

from .conftest import BUILD_ENV, ROOT, copy_project, run_mkdocs_build

DEMO = "data/practices/demo.yaml"
DEMO_TEXT = (ROOT / "tests/fixtures/valid" / DEMO).read_text(encoding="utf-8")


def problems(project: Path, files: dict[str, str]) -> list[str]:
    """The problems build_store reports after writing `files` (path -> text) into the project."""
    for path, text in files.items():
        (project / path).write_text(text, encoding="utf-8")
    try:
        build_store(project)
    except DataError as error:
        return [str(p) for p in error.problems]
    return []


def demo_with(old: str, new: str) -> dict[str, str]:
    assert old in DEMO_TEXT
    return {DEMO: DEMO_TEXT.replace(old, new)}


NEGATIVE_MEASURED = DEMO_TEXT.replace("value: 468, unit: 个, source: baodao, locator: 第二节·小段}",
                                      "value: -468, unit: 个, source: baodao, locator: 第二节·小段, measure: done.count}")


VALUE = "value: 488"
TOO_LARGE = "数字过大（超过 10 的 15 次方），请核对位数"
DATA_CASES = {
    "nan": (demo_with(VALUE, "value: .nan"), ["data/practices/demo.yaml:10: metrics[0].value: 必须是有限的数字，不能是 nan"]),
    "inf": (demo_with(VALUE, "value: -.inf"), ["data/practices/demo.yaml:10: metrics[0].value: 必须是有限的数字，不能是 -inf"]),
    "400 digits": (demo_with(VALUE, "value: " + "9" * 400), ["data/practices/demo.yaml:10: metrics[0].value: " + TOO_LARGE]),
    "unquoted impossible date": (
        demo_with(VALUE, "value: 488, as_of: 2020-13-45"),
        ["data/practices/demo.yaml:10: metrics[0].as_of: 不是有效的日期: 2020-13-45（年、月、日要真实存在）"],
    ),
    "quoted impossible date": (
        demo_with(VALUE, "value: 488, as_of: '2020-02-30'"),
        ["data/practices/demo.yaml:10: metrics[0].as_of: 不是有效的日期: 2020-02-30（年、月、日要真实存在）"],
    ),
    "impossible check date": (
        {DEMO: DEMO_TEXT + "checked: 2026-11-31\n"},
        [f"data/practices/demo.yaml:{DEMO_TEXT.count(chr(10)) + 1}: checked: 不是有效的日期: 2026-11-31（年、月、日要真实存在）"],
    ),
    "date in the wrong form": (
        demo_with('start: "2019"', "start: 2019/5"),
        ["data/practices/demo.yaml:5: period.start: 日期格式不对: '2019/5'，应写作 YYYY、YYYY-MM 或 YYYY-MM-DD"],
    ),
    "zero denominator": (
        demo_with(VALUE, "value: 0"), ["data/practices/demo.yaml:13: derived[0].denominator: 分母 total 为 0，无法计算比率"]
    ),
    "repeated key": (
        demo_with("summary: 一句话\n", "summary: 一句话\nname: 另一个名字\n"),
        ["data/practices/demo.yaml:4: name: 键重复：第 2 行和第 4 行都写了 name（后一个会悄悄覆盖前一个）"],
    ),
    "deep nesting": ({DEMO: "a: " + "[" * 100_000 + "]" * 100_000}, ["data/practices/demo.yaml:1: 嵌套超过 50 层，拒绝读取"]),
    "name with a tag, page H1 as written": (
        demo_with("name: 示范做法", "name: <b>示范</b>"),
        ["docs/practices/demo.md:1: # 标题: 一级标题必须是数据中的名称“&lt;b&gt;示范&lt;/b&gt;”，现为“示范做法”"],
    ),
    "front matter id is a path": (
        {"docs/practices/demo.md": "---\npractice: ../sources\n---\n# 示范做法\n"},
        ["data/practices/demo.yaml:1: id: 没有对应的页面 docs/practices/demo.md",
         "docs/practices/demo.md:2: practice: 格式不对: id 只能由小写字母、数字和连字符组成（如 sanwei-zutuan），现为 '../sources'"],
    ),
    "page saved with a byte-order mark": ({"docs/practices/demo.md": "\ufeff---\npractice: demo\n---\n# 示范做法\n"}, []),
    "synonym that finds nothing": (
        {"data/synonyms.yaml": "synonyms:\n  - {say: [摆摊], means: [火星]}\n"},
        ["data/synonyms.yaml:2: synonyms[0].means[0]: 数据和页面中都没有“火星”：这个同义词什么也找不到"],
    ),
    "synonyms in a circle": (
        {"data/synonyms.yaml": "synonyms:\n  - {say: [样板], means: [示范]}\n  - {say: [示范], means: [一句话]}\n"},
        ["data/synonyms.yaml:2: synonyms[0].means[0]: “示范”也写在某一项的 say 中：同义词会循环，只写一层"],
    ),
    "synonym without its page words": (
        {"data/synonyms.yaml": "synonyms:\n  - {say: [样板]}\n"},
        ["data/synonyms.yaml:2: synonyms[0].means: 必填 (Field required)"],
    ),
    "negative figure on a chart": (
        {DEMO: NEGATIVE_MEASURED, "data/measures.yaml": "measures:\n  - {id: done.count, name: 完成数, unit: 个}\n"},
        ["data/practices/demo.yaml:11: metrics[1].value: 带 measure 的数字画在条形图上，不能为负数"],
    ),
    "headline figure that is not a figure of the practice": (
        demo_with("headline: [done]", "headline: [missing]"),
        ["data/practices/demo.yaml:14: glance.headline[0]: 未知的指标 id: missing"],
    ),
    "four steps in the glance box": (
        demo_with("steps: [第一步, 第二步]", "steps: [一, 二, 三, 四]"),
        ["data/practices/demo.yaml:14: glance.steps: 项数太多 (List should have at most 3 items after validation, not 4)"],
    ),
    "a reader's problem that links no practice": (
        {"data/problems.yaml": "problems:\n  - {id: meiren-guan, name: 小区没人管, hint: 没有物业, practices: []}\n"},
        ["data/problems.yaml:2: problems[0].practices: 不能为空 (List should have at least 1 item after validation, not 0)"],
    ),
    "a reader's problem that links an unknown practice": (
        {"data/problems.yaml": "problems:\n  - id: meiren-guan\n    name: 小区没人管\n    hint: 没有物业\n    practices: [demo, nope]\n"},
        ["data/problems.yaml:5: problems[0].practices[1]: 未知的做法 id: nope"],
    ),
}


@pytest.mark.parametrize("case", DATA_CASES)
def test_broken_data_gets_its_exact_message(valid_project: Path, case: str) -> None:
    files, expected = DATA_CASES[case]
    assert problems(valid_project, files) == expected


def test_alias_bomb_is_refused_quickly(valid_project: Path) -> None:
    levels = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    levels += [f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 10) + "]" for i in range(9)]
    start = time.perf_counter()
    found = problems(valid_project, {DEMO: "\n".join(levels) + "\n"})
    assert time.perf_counter() - start < 2
    assert found == ["data/practices/demo.yaml:5: 别名（*）展开后超过 100000 个节点，拒绝读取（疑似“十亿笑声”别名炸弹）"]


def test_a_few_aliases_still_load(valid_project: Path) -> None:
    text = DEMO_TEXT.replace("themes: [demo-theme]", "themes: &t [demo-theme]")
    text = text.replace("problem: 一个问题", "problem: 一个问题\naliases: *t")
    assert problems(valid_project, {DEMO: text}) == []


# --- commands, as an editor runs them ------------------------------------------------------


def run(project: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "macros", "--root", str(project), *args], cwd=ROOT,
                          env=env or BUILD_ENV, capture_output=True, text=True, timeout=timeout)


def assert_refused(result: subprocess.CompletedProcess, message: str) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr + result.stdout


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the real project with a built site, for cases that must leave that site as it was."""
    project = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    assert run(project, "build").returncode == 0
    return project


def edit_yaml(path: Path, change) -> None:
    """Load a data file, let `change` edit it in place, write it back."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def site_unchanged(project: Path):
    index = project / "site" / "index.html"
    before = index.read_bytes()
    return lambda: index.read_bytes() == before


def test_template_syntax_in_data_is_shown_not_run(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    marker = tmp_path / "ran"
    payload = "{{ cycler.__init__.__globals__.os.popen('touch " + str(marker) + "').read() }}{% raw %}"
    edit_yaml(project / "data/courses/wuzhuguan-louyuan.yaml", lambda course: course.update(title=course["title"] + payload))
    edit_yaml(project / "data/places.yaml", lambda data: data["places"][10].update(name=data["places"][10]["name"] + payload))
    edit_yaml(project / "data/themes.yaml", lambda data: data["themes"][2].update(name=data["themes"][2]["name"] + payload))
    result = run(project, "build")
    assert result.returncode == 0, result.stderr
    assert not marker.exists()
    shown = "&#123;&#123; cycler.__init__.__globals__.os.popen(&#39;touch"  # braces as character references: shown as {{
    for page in ("courses/wuzhuguan-louyuan", "places/weidu-qu", "themes/ownerless-compounds"):
        html = (project / "site" / page / "index.html").read_text(encoding="utf-8")
        assert shown in html.split("<h1", 1)[1].split("</h1>", 1)[0], page


def test_template_syntax_in_a_page_is_reported_at_check_and_stops_the_build(project: Path) -> None:
    page = project / "docs" / "practices" / "sanwei-zutuan.md"
    original = page.read_text(encoding="utf-8")
    unchanged = site_unchanged(project)
    try:
        page.write_text(original + "\n{{ config.site_name }}\n", encoding="utf-8")
        line = len((original + "\n").splitlines()) + 1
        rule = "页面中只允许这样调用宏"
        assert_refused(run(project, "check"), f"docs/practices/sanwei-zutuan.md:{line}: {rule}")
        assert_refused(run(project, "build"), f"docs/practices/sanwei-zutuan.md:{line}: {rule}")
        # mkdocs build and serve, which skip the checks, stop at the page too
        assert_refused(run_mkdocs_build(project, project / "mkdocs-site"), f"docs/practices/sanwei-zutuan.md: {rule}")
        page.write_text(original + "\n{{ no_such_macro() }}\n", encoding="utf-8")
        assert_refused(run(project, "check"), f"docs/practices/sanwei-zutuan.md:{line}: 未知的宏 no_such_macro()")
        assert_refused(run_mkdocs_build(project, project / "mkdocs-site"), "docs/practices/sanwei-zutuan.md: 未知的宏 no_such_macro()")
    finally:
        page.write_text(original, encoding="utf-8")
    assert unchanged()


def test_missing_nav_markers_are_a_message(project: Path) -> None:
    config = project / "mkdocs.yml"
    original = config.read_text(encoding="utf-8")
    unchanged = site_unchanged(project)
    try:
        config.write_text(original.replace("# --- end of generated nav ---\n", ""), encoding="utf-8")
        for command in ("check", "build"):
            assert_refused(run(project, command), "mkdocs.yml:1: nav: 生成导航的标记行缺失")
    finally:
        config.write_text(original, encoding="utf-8")
    assert unchanged()


def test_an_output_folder_that_cannot_be_made_is_a_message(project: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    assert_refused(run(project, "build", "--site-dir", str(blocker / "site")), "build stopped: cannot write in")


def test_abandoned_staging_folders_are_removed(tmp_path: Path) -> None:
    site = tmp_path / "site"
    dead, old_style, running = tmp_path / ".site-new-999999999-x1", tmp_path / ".site-new-abc", tmp_path / f".site-new-{os.getpid()}-y"
    for folder in (dead, old_style, running):
        folder.mkdir()
    assert sorted(remove_abandoned_staging(site)) == sorted([dead, old_style])
    assert running.exists() and not dead.exists() and not old_style.exists()


def test_printing_a_page_that_blocks_chromium_stops_in_time(project: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    for course in ("laojiu-xiaoqu-gaizao", "wangge-zhihui-dangjian", "wuzhuguan-louyuan"):
        (site / "courses" / course).mkdir(parents=True)
        (site / "courses" / course / "index.html").write_text("<p>x</p><script>for(;;){}</script>", encoding="utf-8")
        (site / "sheets").mkdir(exist_ok=True)
        (site / "sheets" / f"course_{course}.html").write_text("<script>for(;;){}</script>", encoding="utf-8")
    start = time.perf_counter()
    result = run(project, "pdf", "--site-dir", str(site), env={**BUILD_ENV, "KB_PDF_TIMEOUT": "3"}, timeout=60)
    assert time.perf_counter() - start < 30
    assert_refused(result, "stopped after 3 s: Chromium did not finish")


# --- make new ------------------------------------------------------------------------------

NEW = ["new", "practice", "--place", "weidu-qu", "--theme", "organization", "--source", "weidu-hongse-dongneng"]


@pytest.mark.parametrize(
    ("slug", "name", "message"),
    [("ceshi\n", "测试", "id 格式不对: 'ceshi\\n'"), ("ceshi", "  ", "名称不能为空"), ("ceshi", "一\n二", "名称必须是一行文字")],
)
def test_new_refuses_bad_slugs_and_names_and_leaves_nothing(project: Path, slug: str, name: str, message: str) -> None:
    before = sorted(p.name for p in (project / "data" / "practices").iterdir())
    assert_refused(run(project, *NEW[:2], slug, *NEW[2:], "--name", name), message)
    assert sorted(p.name for p in (project / "data" / "practices").iterdir()) == before


@pytest.mark.parametrize("name", ['甲: 乙 #丙 "丁" \'戊\'', "yes", "<i>斜体</i>"])
def test_new_writes_any_one_line_name_so_that_it_reads_back(tmp_path: Path, name: str) -> None:
    project = copy_project(tmp_path / "project")
    result = run(project, *NEW[:2], "ceshi", *NEW[2:], "--name", name)
    assert result.returncode == 0, result.stderr
    assert build_store(project).practice("ceshi").name == name
    check = run(project, "check")  # only the gaps the scaffold leaves to fill are reported
    assert all("还有“（待填写）”" in line for line in check.stderr.strip().splitlines()[:-1]), check.stderr


def test_make_new_passes_the_name_as_text_not_shell(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "Makefile").write_bytes((ROOT / "Makefile").read_bytes())
    marker = tmp_path / "ran"
    name = f'名"; touch {marker}; echo "`touch {marker}`'
    venv = Path(sys.executable).parent.parent
    command = ["make", "-s", "new", f"VENV={venv}", "SLUG=ceshi", f"NAME={name}", "PLACE=weidu-qu", "THEME=organization",
               "SOURCE=weidu-hongse-dongneng"]
    result = subprocess.run(command, cwd=project, capture_output=True, text=True, env=BUILD_ENV)
    assert result.returncode == 0, result.stderr
    assert not marker.exists()
    assert build_store(project).practice("ceshi").name == name


# --- spreadsheets -------------------------------------------------------------------------


@pytest.mark.parametrize(("cell", "written"), [("=1+1", "'=1+1"), ("+SUM(A1)", "'+SUM(A1)"), ("-2+3", "'-2+3"), ("@cmd", "'@cmd"),
                                               ("\tx", "'\tx"), ("\rx", "'\rx"), ("安全", "安全"), (-5, -5), (1.5, 1.5)])
def test_csv_cells_never_start_a_formula(cell: object, written: object) -> None:
    assert csv_cell(cell) == written


def test_csv_download_neutralises_formulas_but_keeps_numbers(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    path = project / "data" / "practices" / "zhangpeng-zhibu.yaml"
    text = path.read_text(encoding="utf-8")
    first_label = text.split("label: ", 1)[1].split(",", 1)[0].split("\n", 1)[0]
    path.write_text(text.replace(f"label: {first_label}", "label: '=HYPERLINK(\"http://x\")'", 1), encoding="utf-8")
    rows = list(csv.reader(io.StringIO(metrics_csv(build_store(project)).decode("utf-8-sig"))))
    labels = [row[5] for row in rows]
    assert "'=HYPERLINK(\"http://x\")" in labels and not any(label.startswith("=") for label in labels)


def test_markup_that_runs_is_refused_in_pages(project: Path) -> None:
    page = project / "docs" / "practices" / "sanwei-zutuan.md"
    original = page.read_text(encoding="utf-8")
    line = len(original.splitlines()) + 2
    unchanged = site_unchanged(project)
    cases = {
        "<script>alert(1)</script>": "不允许 <script> 标签",
        '<img src=x onerror="alert(1)">': "不允许事件属性（onerror）",
        "一段话\n{: onclick=alert(1) }": "不允许事件属性（onclick）",
        "[点这里](javascript:alert(1))": "不允许 javascript: 链接",
    }
    try:
        for markup, message in cases.items():
            page.write_text(f"{original}\n{markup}\n", encoding="utf-8")
            at = line + markup.count("\n")
            assert_refused(run(project, "check"), f"docs/practices/sanwei-zutuan.md:{at}: {message}")
        assert_refused(run(project, "build"), "docs/practices/sanwei-zutuan.md:")
    finally:
        page.write_text(original, encoding="utf-8")
    assert unchanged()
