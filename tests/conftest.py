"""Shared fixtures: the project root, a mini valid data set, and one strict build of the real site."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from macros.checks import build_store
from macros.cli import OFFLINE_SHIM
from macros.downloads import write_downloads
from macros.release import release_env
from macros.search.build import write_index

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# What loads from outside the site: a tag fetching an absolute URL, a CSS url()/@import, a known CDN host.
EXTERNAL_RESOURCE = re.compile(r"""<(?:script|link|img|iframe|source|audio|video)\b[^>]*\b(?:src|href)=["']?(?:https?:)?//""", re.I)
CSS_EXTERNAL = re.compile(r"""(?:url\(|@import\s+)["']?(?:https?:)?//""", re.I)
CDN_HOSTS = re.compile(r"unpkg\.com|cdn\.jsdelivr|cdnjs\.|fonts\.googleapis|fonts\.gstatic|googletagmanager|google-analytics")
# as `python -m macros build` runs MkDocs: with the footer's version and date
BUILD_ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **release_env(ROOT)}


def run_mkdocs_build(project: Path, site: Path) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of `project` into `site`, run from the project root as the Makefile does."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
        cwd=project, env=BUILD_ENV, capture_output=True, text=True,
    )


def copy_project(target: Path) -> Path:
    """A throw-away copy of the real project (config, data, pages, theme overrides, macros)."""
    target.mkdir(parents=True)
    for name in ("mkdocs.yml", "mkdocs-offline.yml", "pyproject.toml", "data", "docs", "overrides", "macros"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / name)
    return target


@pytest.fixture(scope="session", autouse=True)
def sync_outputs_beside_the_pages() -> None:
    """The data downloads and the search index beside the pages, as `python -m macros sync` leaves them before
    any build: a plain `mkdocs build` of the project (or of a copy) copies them, and strict mode checks the links."""
    store = build_store(ROOT)
    write_downloads(store, ROOT)
    write_index(store, ROOT)


@pytest.fixture
def valid_project(tmp_path: Path) -> Path:
    """A copy of the mini valid data set, safe to break."""
    return Path(shutil.copytree(FIXTURES / "valid", tmp_path / "project"))


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once per test session with --strict."""
    site = tmp_path_factory.mktemp("site")
    result = run_mkdocs_build(ROOT, site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def dist_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project after `python -m macros dist`: site/, site-offline/ and dist/."""
    assert (ROOT / OFFLINE_SHIM).exists(), "run `make offline-assets` first (make test does)"
    project = copy_project(tmp_path_factory.mktemp("dist") / "project")
    result = subprocess.run([sys.executable, "-m", "macros", "--root", str(project), "dist"],
                            cwd=ROOT, env=BUILD_ENV, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return project
