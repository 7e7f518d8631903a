"""Publishing: `python -m macros dist` makes a versioned zip with its checksum; the web build works
under /kb/ behind a real nginx; nothing in either variant loads from outside the site."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit, urlunsplit

import pytest

from macros.checks import build_store
from macros.page_kinds import handout_file
from macros.release import release

from .conftest import BUILD_ENV, CDN_HOSTS, EXTERNAL_RESOURCE, ROOT, copy_project


def test_dist_writes_a_versioned_zip_and_checksum(dist_project: Path) -> None:
    current = release(dist_project)
    name = f"jiceng-zhili-kb-{current.label}"
    archive = dist_project / "dist" / f"{name}.zip"
    checksum = (dist_project / "dist" / f"{name}.zip.sha256").read_text(encoding="utf-8")
    assert checksum == f"{hashlib.sha256(archive.read_bytes()).hexdigest()}  {name}.zip\n"
    with zipfile.ZipFile(archive) as zf:
        names = zf.namelist()
    assert all(n.startswith(f"{name}/") for n in names)
    for required in ["index.html", "practices/zhangpeng-zhibu.html", "assets/javascripts/kb-search-index.js",
                     "assets/javascripts/iframe-worker-shim.js"]:
        assert f"{name}/{required}" in names, required


def test_every_page_shows_version_and_build_date(dist_project: Path) -> None:
    current = release(dist_project)
    footer = f"版本 {current.label} · 构建于 {current.build_date.isoformat()}"
    for variant in ("site", "site-offline"):
        for page in (dist_project / variant).rglob("*.html"):
            assert footer in page.read_text(encoding="utf-8"), page


def test_no_variant_references_an_external_resource(dist_project: Path) -> None:
    offenders = []
    for variant in ("site", "site-offline"):
        for path in (dist_project / variant).rglob("*"):
            if path.suffix in (".html", ".css", ".js") and path.is_file():
                text = path.read_text(encoding="utf-8", errors="replace")
                if CDN_HOSTS.search(text) or (path.suffix == ".html" and EXTERNAL_RESOURCE.search(text)):
                    offenders.append(path.relative_to(dist_project).as_posix())
    assert offenders == []


def test_failed_dist_keeps_the_previous_zip(dist_project: Path, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    shutil.copytree(dist_project / "dist", project / "dist")
    before = sorted((p.name, p.read_bytes()) for p in (project / "dist").iterdir())
    broken = project / "data" / "themes.yaml"
    broken.write_text(broken.read_text(encoding="utf-8") + "  - {id: Bad Id, name: x, description: y}\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "macros", "--root", str(project), "dist"],
                            cwd=ROOT, env=BUILD_ENV, capture_output=True, text=True)
    assert result.returncode != 0
    assert "data/themes.yaml:" in result.stderr
    assert sorted((p.name, p.read_bytes()) for p in (project / "dist").iterdir()) == before


# --- nginx under /kb/ -------------------------------------------------------------------------


class Links(HTMLParser):
    """href/src of a page, with the tag they were found on."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for key, value in attrs:
            if key in ("href", "src") and value:
                self.found.append((tag, value))


def fetch(url: str) -> tuple[int, bytes, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read(), response.headers.get_content_type()
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers.get_content_type()


def test_crawl_under_kb_finds_no_404_and_no_link_leaving_the_site(nginx_kb: str) -> None:
    origin = urlsplit(nginx_kb)
    seen: set[str] = set()
    queue = [nginx_kb]
    missing, leaving = [], []
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        status, body, kind = fetch(url)
        if status != 200:
            missing.append((url, status))
            continue
        if kind != "text/html":
            continue
        parser = Links()
        parser.feed(body.decode("utf-8"))
        for _tag, link in parser.found:
            target = urlsplit(urljoin(url, link))
            if target.scheme not in ("http", "https"):
                continue
            if target.netloc != origin.netloc or not target.path.startswith(origin.path):
                leaving.append((url, link))
                continue
            queue.append(urlunsplit(target._replace(fragment="", query="")))
    assert missing == []
    assert leaving == []
    assert len([u for u in seen if u.endswith("/")]) >= 9
    # the handouts and case sheets the pages link to were fetched too: both PDFs of each course, every sheet
    store = build_store(ROOT)
    assert len([u for u in seen if u.endswith(".pdf")]) == 2 * len(store.courses)
    assert len([u for u in seen if "/sheets/" in u and u.endswith(".html")]) >= len(store.practices)


def test_404_page_under_kb_finds_its_assets(nginx_kb: str) -> None:
    status, body, _ = fetch(nginx_kb + "no/such/page/")
    assert status == 404
    parser = Links()
    parser.feed(body.decode("utf-8"))
    assets = [link for tag, link in parser.found if tag in ("script", "link") and "/assets/" in link]
    assert assets
    for link in assets:
        assert fetch(urljoin(nginx_kb, link))[0] == 200, link


def test_hashed_assets_are_cached_and_pages_revalidated(nginx_kb: str) -> None:
    parser = Links()
    parser.feed(fetch(nginx_kb)[1].decode("utf-8"))
    bundle = next(link for tag, link in parser.found if tag == "script" and "bundle." in link)
    with urllib.request.urlopen(urljoin(nginx_kb, bundle), timeout=5) as response:
        assert response.headers.get_all("Cache-Control") == ["public, max-age=31536000, immutable"]
    with urllib.request.urlopen(nginx_kb + "index.html", timeout=5) as response:
        assert response.headers.get_all("Cache-Control") == ["no-cache"]


def test_build_without_site_url_has_relative_links_only(built_site: Path) -> None:
    assert "KB_SITE_URL" not in os.environ
    assert 'rel="canonical"' not in (built_site / "index.html").read_text(encoding="utf-8")


def pdf_pages(pdf: Path) -> list[str]:
    """The text of each page of a PDF, as pdftotext reads it (pages end with a form feed)."""
    assert shutil.which("pdftotext"), "pdftotext missing: apt-get install poppler-utils (.ci/run does)"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


MARGIN = re.compile(r"基层治理实践知识库 · 版本 0\.1\.0\+\d{8} · 构建于 \d{4}-\d{2}-\d{2}|第\s*\d+\s*页\s*/\s*共\s*\d+\s*页")


@pytest.mark.parametrize("variant", ["site", "site-offline"])
def test_dist_prints_both_handouts_of_each_course(dist_project: Path, variant: str) -> None:
    """教师版 (the course page) and 学员版 (its case sheets, questions and terms): A4, the site, version and
    "第 N 页 / 共 M 页" on every page, no page that holds only that margin line, no link text pointing to itself."""
    store = build_store(dist_project)
    for course in store.courses.values():
        for edition in ("jiaoshi", "xueyuan"):
            pdf = dist_project / variant / handout_file(course.id, edition)
            info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
            assert "594.96 x 841.92 pts (A4)" in info, pdf
            pages = pdf_pages(pdf)
            for number, page in enumerate(pages, 1):
                assert re.search(rf"第\s*{number}\s*页\s*/\s*共\s*{len(pages)}\s*页", page), (pdf.name, number)
                assert "构建于" in page, (pdf.name, number)
                assert MARGIN.sub("", page).strip(), f"{pdf.name}: page {number} holds only the margin line"
            text = "".join(pages)
            assert "讲义 PDF" not in text and "找做法" not in text, pdf.name
            if edition == "jiaoshi":
                assert text.lstrip().startswith(course.title)
            else:
                assert "培训讲义（学员版）" in text and "案例单页" in text and "讨论题" in text
                used = {p for s in course.sessions for p in s.practices}
                assert len(pages) >= len(used) + 1  # a cover, then one page per case
    teacher = handout_file("laojiu-xiaoqu-gaizao", "jiaoshi")
    assert "39个" in "".join(pdf_pages(dist_project / "site" / teacher))
    page = (dist_project / "site" / "courses" / "laojiu-xiaoqu-gaizao" / "index.html").read_text(encoding="utf-8")
    assert f'href="../../{teacher}"' in page
    offline = (dist_project / "site-offline" / "courses" / "laojiu-xiaoqu-gaizao.html").read_text(encoding="utf-8")
    assert f'href="../{teacher}"' in offline
