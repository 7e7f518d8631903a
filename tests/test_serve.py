"""`make serve FAST=1` (`mkdocs serve --dirty`) on a copy of the real project: a saved page or data file shows up
in the served page, once; the 404 page and the sitemap the rebuilds leave alone are still the rendered ones."""

from __future__ import annotations

import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.conftest import BUILD_ENV, copy_project, free_port

PAGE = "practices/zhangpeng-zhibu/"
# no __pycache__ written into the watched macros/ folder while serving: it would start rebuilds of its own
SERVE_ENV = {**BUILD_ENV, "PYTHONDONTWRITEBYTECODE": "1"}


def _wait(condition, what: str, server: subprocess.Popen, log: Path, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        assert server.poll() is None, f"mkdocs serve stopped:\n{log.read_text()[-3000:]}"
        time.sleep(0.1)
    raise AssertionError(f"{what} within {timeout} s; log:\n{log.read_text()[-3000:]}")


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def _rebuilds(log: Path) -> int:
    return len(re.findall(r"Documentation built in", log.read_text()))


def test_a_dirty_serve_rebuilds_each_save_once_and_keeps_the_static_pages(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    base = f"http://127.0.0.1:{free_port()}/"
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--no-strict", "-a", base[len("http://"):-1]],
            cwd=project, env=SERVE_ENV, stdout=out, stderr=subprocess.STDOUT,
        )
    try:
        _wait(lambda: "Serving on" in log.read_text(), "server up", server, log)
        assert "Changes noticed through the system's file events" in log.read_text()  # not MkDocs' half-second poll

        page = project / "docs" / "practices" / "zhangpeng-zhibu.md"
        page.write_text(page.read_text(encoding="utf-8") + "\n服务预览时补记的一句。\n", encoding="utf-8")
        _wait(lambda: "服务预览时补记的一句" in _get(base + PAGE), "the edited page served", server, log)
        after_edit = _rebuilds(log)
        time.sleep(2)  # MkDocs' polling would have seen the save by now, and rebuilt a second time
        assert _rebuilds(log) == after_edit == 2

        data = project / "data" / "practices" / "zhangpeng-zhibu.yaml"
        data.write_text(data.read_text(encoding="utf-8").replace("summary: ", "summary: 预览中改过的概括。", 1), encoding="utf-8")
        _wait(lambda: "预览中改过的概括" in _get(base + PAGE), "the page of the edited data served", server, log)

        sitemap = _get(base + "sitemap.xml")
        assert "<urlset" in sitemap and "{%" not in sitemap and PAGE in sitemap  # rendered, not the raw template
        try:
            _get(base + "no-such-page/")
            raise AssertionError("a missing page was served")
        except urllib.error.HTTPError as error:
            assert error.code == 404
            assert "基层治理实践知识库" in error.read().decode("utf-8")  # the site's own 404 page
    finally:
        server.terminate()
        server.wait(timeout=30)
