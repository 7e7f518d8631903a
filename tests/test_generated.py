"""Files generated from data/: the navigation block of mkdocs.yml."""

from __future__ import annotations

from pathlib import Path

import yaml

from macros import cli
from macros.generated import nav_block
from macros.store import build_store

from .conftest import ROOT, copy_project


def _nav() -> list:
    return yaml.safe_load(nav_block(build_store(ROOT)))["nav"]


def test_nav_groups_practices_by_district_then_street() -> None:
    practices = _nav()[1]["做法"]
    groups = {next(iter(g)): g[next(iter(g))] for g in practices[1:]}
    zhongyuan = {next(iter(s)): s[next(iter(s))] for s in groups["郑州市中原区"]}
    assert list(zhongyuan) == ["区级", "汝河路街道", "林山寨街道", "绿东村街道"]
    assert "practices/wanggehua-guanli.md" in zhongyuan["林山寨街道"]
    assert "practices/tongbailu-191.md" in zhongyuan["区级"]  # a compound the reports place in no street
    # a county with practices in one street only is one flat group, named 荥阳市京城路街道
    assert "practices/yiqian-yibai.md" in groups["荥阳市京城路街道"]
    assert list(groups) == ["郑州市中原区", "荥阳市京城路街道", "许昌市魏都区", "南阳市高新区张衡街道"]


def test_nav_lists_every_practice_once() -> None:
    def leaves(items: list) -> list[str]:
        out = []
        for item in items:
            out += [item] if isinstance(item, str) else leaves(next(iter(item.values())))
        return out

    pages = [p for p in leaves(_nav()[1]["做法"]) if p != "practices/index.md"]
    assert sorted(pages) == sorted(f"practices/{id_}.md" for id_ in build_store(ROOT).practices)


def test_place_and_theme_pages_follow_the_data(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "docs" / "places" / "gone.md").write_text("# 旧地区\n", encoding="utf-8")
    (project / "docs" / "themes" / "organization.md").unlink()
    assert cli.check(project) == 1
    assert cli.sync(project) == 0
    assert not (project / "docs" / "places" / "gone.md").exists()
    assert "{{ theme_details(page.meta.theme) }}" in (project / "docs" / "themes" / "organization.md").read_text(encoding="utf-8")
    assert cli.check(project) == 0
