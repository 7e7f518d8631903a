"""A build split over processes (macros/shard.py) makes the same site as one process, and checks as much."""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import copy_project
from .test_hostile import edit_yaml

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KB_PDF": "0"}


def build(project: Path, site: Path, shards: int, config: str = "mkdocs.yml") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "macros", "build", "-f", config, "--site-dir", str(site)], cwd=project,
                          env={**ENV, "KB_BUILD_SHARDS": str(shards)}, capture_output=True, text=True)


def differences(left: Path, right: Path) -> list[str]:
    """Files that are only on one side or differ in content, as paths under the site."""
    found = []
    stack = [filecmp.dircmp(left, right)]
    while stack:
        cmp = stack.pop()
        where = Path(cmp.left).relative_to(left)
        found += [str(where / name) for name in cmp.left_only + cmp.right_only + cmp.funny_files]
        found += [str(where / name) for name in cmp.common_files
                  if not filecmp.cmp(Path(cmp.left, name), Path(cmp.right, name), shallow=False)]
        stack += cmp.subdirs.values()
    return sorted(found)


@pytest.mark.parametrize("config", ["mkdocs.yml", "mkdocs-offline.yml"])
def test_two_processes_build_the_same_site_as_one(tmp_path: Path, config: str) -> None:
    """Byte for byte, for the web and the file:// site: titles in every navigation, anchors, static files, the 404
    page and the sitemap; and no exchange file is left in the site."""
    project = copy_project(tmp_path / "project")
    one, two = tmp_path / "one", tmp_path / "two"
    for site, shards in ((one, 1), (two, 2)):
        result = build(project, site, shards, config)
        assert result.returncode == 0, result.stderr[-3000:]
    assert len(list(two.rglob("*.html"))) > 100
    assert differences(one, two) == []


@pytest.mark.parametrize(("link", "message"), [
    ("[无此页](no-such-page.md)", "no-such-page.md"),
    ("[无此锚点](../index.md#no-such-anchor)", "does not contain an anchor '#no-such-anchor'"),
])
def test_a_bad_link_stops_a_split_build_wherever_it_points(tmp_path: Path, link: str, message: str) -> None:
    """Every practice page gets the bad link, so whichever process renders it, and whichever holds the page it
    points to, the strict build stops, the other process is stopped too, and the published site stays as it was."""
    project = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    assert build(project, site, 2).returncode == 0
    before = sorted(p.relative_to(site) for p in site.rglob("*"))
    for page in (project / "docs" / "practices").glob("*.md"):
        if page.stem != "index":
            page.write_text(page.read_text(encoding="utf-8") + f"\n{link}\n", encoding="utf-8")
    result = build(project, site, 2)
    assert result.returncode != 0 and message in result.stderr
    assert sorted(p.relative_to(site) for p in site.rglob("*")) == before
    assert not list(site.parent.glob(".site-new-*"))


def test_titles_exchanged_between_processes_stay_text(tmp_path: Path) -> None:
    """Markup in data reaches other pages' navigation through the exchange file: still escaped, as in one process."""
    project = copy_project(tmp_path / "project")
    payload = "<img src=x onerror=alert(1)>"
    edit_yaml(project / "data/courses/wuzhuguan-louyuan.yaml", lambda course: course.update(title=course["title"] + payload))
    edit_yaml(project / "data/places.yaml", lambda data: data["places"][10].update(name=data["places"][10]["name"] + payload))
    edit_yaml(project / "data/themes.yaml", lambda data: data["themes"][2].update(name=data["themes"][2]["name"] + payload))
    one, two = tmp_path / "one", tmp_path / "two"
    for site, shards in ((one, 1), (two, 2)):
        result = build(project, site, shards)
        assert result.returncode == 0, result.stderr[-3000:]
    assert differences(one, two) == []
    pages = [page.read_text(encoding="utf-8") for page in two.rglob("*.html")]
    assert not any(payload in page for page in pages)
    assert sum("&lt;img src=x onerror=alert(1)&gt;" in page for page in pages) > 3  # shown on their pages and in the navigation
