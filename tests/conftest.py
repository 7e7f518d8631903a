"""Shared fixtures: the project root, a mini valid data set, and one strict build of the real site."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from macros.checks import build_store
from macros.cli import OFFLINE_SHIM, write_beside_pages
from macros.release import release_env

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
    """The files `python -m macros sync` leaves beside the pages before any build (downloads, finder data, case
    sheets, search index): a plain `mkdocs build` of the project (or of a copy) copies them, and strict mode
    checks the links to them."""
    write_beside_pages(build_store(ROOT), ROOT)


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


NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def kb_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The web build with site_url under /kb/, as the README tells administrators to build it."""
    project = copy_project(tmp_path_factory.mktemp("kb") / "project")
    port = free_port()
    env = {**BUILD_ENV, "KB_SITE_URL": f"http://127.0.0.1:{port}/kb/"}
    result = subprocess.run([sys.executable, "-m", "macros", "--root", str(project), "build", "--site-dir", "site"],
                            cwd=ROOT, env=env, capture_output=True, text=True)  # the handout PDFs included
    assert result.returncode == 0, result.stderr
    (project / "port").write_text(str(port))
    return project


@pytest.fixture(scope="session")
def nginx_kb(kb_site: Path, tmp_path_factory: pytest.TempPathFactory):
    """nginx from Debian serving the site under /kb/ on a loopback port; yields the base URL."""
    assert Path(NGINX).exists(), "nginx missing: apt-get install nginx (.ci/run does)"
    port = int((kb_site / "port").read_text())
    prefix = tmp_path_factory.mktemp("nginx")
    conf = prefix / "nginx.conf"
    snippet = (ROOT / "deploy" / "nginx-kb.conf").read_text(encoding="utf-8").replace("/srv/kb/site/", f"{kb_site}/site/")
    conf.write_text(f"""
user root;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log;
events {{}}
http {{
  include /etc/nginx/mime.types;
  access_log off;
  server {{
    listen 127.0.0.1:{port};
    {snippet}
  }}
}}
""")
    process = subprocess.Popen([NGINX, "-p", str(prefix), "-c", str(conf), "-g", "daemon off;"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}/kb/"
    for _ in range(100):
        try:
            urllib.request.urlopen(base, timeout=1)
            break
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    else:
        process.kill()
        pytest.fail(f"nginx did not start: {process.stderr.read().decode() if process.stderr else ''}")
    yield base
    process.terminate()
    process.wait(timeout=10)
