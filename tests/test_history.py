"""更新记录 from the repository's history: last-changed dates, practices added, figures changed old → new."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from macros.checks import build_store
from macros.history import FigureChange, History, Version, read_history
from macros.render.changes import NO_HISTORY, change_log, changed_on

from .conftest import ROOT

METRIC = "metrics:\n  - {{id: m, label: 完成, value: {value}, unit: 个,{extra} source: s, locator: 第一节}}\n"


def commit(repo: Path, day: str, files: dict[str, str]) -> None:
    for path, text in files.items():
        (repo / path).parent.mkdir(parents=True, exist_ok=True)
        (repo / path).write_text(text, encoding="utf-8")
    who = {f"GIT_{role}_{key}": value for role in ("AUTHOR", "COMMITTER")
           for key, value in (("NAME", "编辑"), ("EMAIL", "e@example.org"), ("DATE", f"{day}T12:00:00Z"))}
    env = {**os.environ, **who}
    subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True, env=env)
    subprocess.run(["git", "-C", str(repo), "commit", "-qm", day], check=True, env=env)


def test_versions_list_added_practices_and_changed_figures(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    commit(repo, "2026-01-05", {"data/practices/a.yaml": METRIC.format(value=10, extra=""), "docs/practices/a.md": "# A\n"})
    commit(repo, "2026-02-01", {"data/practices/a.yaml": METRIC.format(value=12, extra=" qualifier: 余,"),
                                "data/practices/b.yaml": METRIC.format(value=3, extra="")})
    history = read_history(repo)
    assert history.available
    assert history.data_dates == {"a": "2026-02-01", "b": "2026-02-01"} and history.page_dates == {"a": "2026-01-05"}
    newest, first = history.versions
    assert (newest.date, newest.added) == ("2026-02-01", ["b"])
    assert [(c.practice, c.label, c.old, c.new) for c in newest.figures] == [("a", "完成", "10个", "12余个")]
    assert (first.date, first.added, first.figures) == ("2026-01-05", ["a"], [])
    assert changed_on(history, "a") == "数据更新于 2026-02-01 · 正文更新于 2026-01-05"


@pytest.fixture
def store(valid_project: Path):
    return build_store(valid_project)


def test_a_copy_without_history_says_so(tmp_path: Path, store) -> None:
    history = read_history(tmp_path)  # no repository here
    assert history == History(False)
    assert change_log(history, store, "changes.md") == NO_HISTORY
    assert changed_on(history, "demo") == ""


def test_the_log_lists_practices_in_chinese_order_not_by_id() -> None:
    """百千万 (baiqianwan), 网格化安全隐患排查 (anquan-…), 帐篷支部 (zhangpeng-…): by the pinyin of the names."""
    real = build_store(ROOT)
    ids = ["anquan-yinhuan-paicha", "baiqianwan", "zhangpeng-zhibu"]
    figures = [FigureChange("zhangpeng-zhibu", "甲", "1个", "2个"), FigureChange("anquan-yinhuan-paicha", "乙", "1个", "2个"),
               FigureChange("zhangpeng-zhibu", "丙", "1个", "2个")]
    history = History(True, versions=[Version("2026-12-05", ids, figures)])
    log = change_log(history, real, "changes.md")
    names = [real.practice(id_).name for id_ in ("baiqianwan", "anquan-yinhuan-paicha", "zhangpeng-zhibu")]
    added = log.split("新增做法 3 项：")[1].split("\n")[0]
    assert [added.index(name) for name in names] == sorted(added.index(name) for name in names)
    rows = [line for line in log.splitlines() if line.startswith("| [")]
    assert [row.split(" | ")[1] for row in rows] == ["乙", "甲", "丙"]  # by practice, then as in the data file
