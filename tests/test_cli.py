"""python -m macros: check reports every problem; build never leaves a half-built or missing site."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from macros import cli
from macros.search.dictionary import JIEBA_USERDICT

from .conftest import BUILD_ENV, FIXTURES, ROOT, copy_project


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "macros", *args], cwd=ROOT, env=BUILD_ENV, capture_output=True, text=True)


def test_check_lists_every_problem_and_exits_1(valid_project: Path) -> None:
    shutil.copy(FIXTURES / "broken" / "wrong-type.yaml", valid_project / "data" / "practices" / "demo.yaml")
    result = run_cli("--root", str(valid_project), "check")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith("data/practices/demo.yaml:10: metrics[0].value: 必须是数字")
    assert lines[-1] == "check failed: 2 errors"


def test_check_reports_a_stale_search_dictionary(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / JIEBA_USERDICT).write_text("旧词\n", encoding="utf-8")
    assert cli.check(project) == 1
    assert cli.sync(project) == 0
    assert cli.check(project) == 0


def test_failed_build_leaves_the_previous_site_intact(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    assert run_cli("--root", str(project), "build", "--site-dir", "site").returncode == 0
    index = project / "site" / "index.html"
    before = index.read_text(encoding="utf-8")

    places = project / "data" / "places.yaml"
    places.write_text(places.read_text(encoding="utf-8").replace("parent: zhengzhou", "parent: [", 1), encoding="utf-8")
    result = run_cli("--root", str(project), "build", "--site-dir", "site")

    assert result.returncode != 0
    assert "data/places.yaml:" in result.stderr and "YAML 语法错误" in result.stderr
    assert "site left as it was" in result.stderr
    assert index.read_text(encoding="utf-8") == before
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".site")) == []


def test_build_failing_inside_mkdocs_also_keeps_the_site(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    assert run_cli("--root", str(project), "build", "--site-dir", "site").returncode == 0
    before = (project / "site" / "index.html").read_text(encoding="utf-8")
    (project / "docs" / "glossary.md").write_text("# 术语表\n\n[坏链接](no-such-page.md)\n", encoding="utf-8")
    result = run_cli("--root", str(project), "build", "--site-dir", "site")
    assert result.returncode != 0
    assert "no-such-page.md" in result.stderr
    assert (project / "site" / "index.html").read_text(encoding="utf-8") == before


def test_new_practice_scaffolds_files_that_validate_and_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    args = ["--root", str(project), "new", "practice", "ceshi-zuofa", "--name", "测试做法",
            "--place", "weidu-qu", "--theme", "organization", "--source", "weidu-hongse-dongneng"]
    result = run_cli(*args)
    assert result.returncode == 0, result.stderr
    data = (project / "data" / "practices" / "ceshi-zuofa.yaml").read_text(encoding="utf-8")
    page = (project / "docs" / "practices" / "ceshi-zuofa.md").read_text(encoding="utf-8")
    assert "name: 测试做法" in data and "place: weidu-qu" in data
    assert page.startswith("---\npractice: ceshi-zuofa\n---\n# 测试做法\n")
    assert "- practices/ceshi-zuofa.md" in (project / "mkdocs.yml").read_text(encoding="utf-8")
    check = run_cli("--root", str(project), "check")  # the gaps to fill, each with its line
    gaps = check.stderr.strip().splitlines()
    assert check.returncode == 1 and gaps[-1] == f"check failed: {len(gaps) - 1} errors"
    assert all("还有“（待填写）”" in gap and gap.startswith(("data/practices/ceshi-zuofa.yaml:", "docs/practices/ceshi-zuofa.md:"))
               for gap in gaps[:-1])
    assert run_cli("--root", str(project), "build", "--site-dir", "site").returncode == 0
    assert "测试做法" in (project / "site" / "practices" / "ceshi-zuofa" / "index.html").read_text(encoding="utf-8")

    again = run_cli(*args)
    assert again.returncode == 1
    assert "data/practices/ceshi-zuofa.yaml 已存在，不覆盖" in again.stderr


def test_new_practice_refuses_unknown_ids_and_bad_slugs(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    common = ["--name", "x", "--theme", "organization", "--source", "weidu-hongse-dongneng"]
    unknown = run_cli("--root", str(project), "new", "practice", "x", "--place", "nowhere", *common)
    assert unknown.returncode == 1 and "未知的地区 id: nowhere；已有: henan、" in unknown.stderr
    bad = run_cli("--root", str(project), "new", "practice", "Bad_Slug", "--place", "weidu-qu", *common)
    assert bad.returncode == 1 and "id 格式不对" in bad.stderr
    assert not list((project / "data" / "practices").glob("x.yaml"))
