"""Files generated from data/: the navigation block of mkdocs.yml."""

from __future__ import annotations

from pathlib import Path

import yaml

from macros import cli
from macros.checks import build_store
from macros.generated import NavGroup, _merge_single, nav_block

from .conftest import ROOT, copy_project


def _nav() -> list:
    return yaml.safe_load(nav_block(build_store(ROOT)))["nav"]


def _practices_nav() -> list:
    return next(item["做法"] for item in _nav() if "做法" in item)


def _sections(items: list) -> dict:
    """{label: children} of the sections in a nav list (pages, which are strings, left out)."""
    return {next(iter(i)): next(iter(i.values())) for i in items if isinstance(i, dict)}


def test_nav_groups_practices_by_city_district_and_street() -> None:
    cities = _sections(_practices_nav())
    assert list(cities) == ["郑州市", "许昌市魏都区", "南阳市高新区张衡街道"]
    zhengzhou = _sections(cities["郑州市"])
    assert list(zhengzhou) == ["中原区", "荥阳市京城路街道"]  # one street only: merged into one section
    zhongyuan = _sections(zhengzhou["中原区"])
    assert list(zhongyuan) == ["区级", "汝河路街道", "林山寨街道", "绿东村街道"]
    assert "practices/wanggehua-guanli.md" in zhongyuan["林山寨街道"]
    assert "practices/tongbailu-191.md" in zhongyuan["区级"]  # a compound the reports place in no street
    assert "practices/yiqian-yibai.md" in zhengzhou["荥阳市京城路街道"]


def test_single_child_sections_merge_but_district_level_adds_nothing() -> None:
    root = NavGroup("做法", {"甲市": NavGroup("甲市", {"乙区": NavGroup("乙区", {"区级": NavGroup("区级", pages=["p.md"])})})})
    merged = _merge_single(root.groups["甲市"])
    assert (merged.label, merged.groups, merged.pages) == ("甲市乙区", {}, ["p.md"])


def test_nav_lists_every_practice_once() -> None:
    def leaves(items: list) -> list[str]:
        out = []
        for item in items:
            out += [item] if isinstance(item, str) else leaves(next(iter(item.values())))
        return out

    pages = [p for p in leaves(_practices_nav()) if p != "practices/index.md"]
    assert sorted(pages) == sorted(f"practices/{id_}.md" for id_ in build_store(ROOT).practices)


def test_place_and_theme_pages_follow_the_data(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "docs" / "places" / "gone.md").write_text("# 旧地区\n", encoding="utf-8")
    (project / "docs" / "themes" / "organization.md").unlink()
    assert cli.check(project) == 1
    assert cli.sync(project) == 0
    assert not (project / "docs" / "places" / "gone.md").exists()
    assert "{{ theme_details() }}" in (project / "docs" / "themes" / "organization.md").read_text(encoding="utf-8")
    assert cli.check(project) == 0
