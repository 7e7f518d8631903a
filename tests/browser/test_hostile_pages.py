"""Every free-text field of the data set to markup that would run if any edge printed it unescaped: the site
builds, every page opens in Chromium, search is typed and pasted, and nothing runs or is injected."""

from __future__ import annotations

import functools
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Browser, Page

from macros.render.text import md

from ..conftest import BUILD_ENV, ROOT, copy_project
from .conftest import QuietHandler

# An element with an event handler, a script, an attribute-list, a link, quote breakers, template syntax,
# and (on a second line) a block-level attribute list and a heading.
PAYLOAD = ("<img src=x onerror=alert(1)><script>alert(2)</script>\"'><svg onload=alert(3)>"
           "[x](javascript:alert(4)){: onclick=alert(5) }{{ 7*7 }}{% raw %}\n{: onclick=alert(6) }\n# h")
# Keys whose values are ids, numbers, dates or choices, validated as such, and synonyms' page words (which must
# occur in the data as they are; the readers' words, `say`, are poisoned): everything else is free text.
NOT_TEXT = {"id", "place", "parent", "also_at", "themes", "sources", "related", "practices", "compare", "measures", "measure",
            "source", "numerator", "denominator", "level", "targets", "activity", "qualifier", "date", "as_of", "start", "end",
            "year", "value", "order", "minutes", "digits", "cumulative", "places", "means", "qualifier_after",
            "headline", "inputs", "checked"}

# What must never be in a page built from that data: an event handler, a javascript: URL, a script with the payload.
FIND_INJECTED = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      if (/^on/i.test(a.name)) found.push(`${el.tagName} ${a.name}=${a.value}`);
      if (/^\\s*javascript:/i.test(a.value)) found.push(`${el.tagName} ${a.name}=${a.value}`);
    }
  }
  for (const s of document.querySelectorAll('script')) if (s.textContent.includes('alert(')) found.push('script');
  for (const i of document.querySelectorAll('img[src="x"]')) found.push('img');
  return found;
}"""


def poisoned(value: object, key: str | None = None) -> object:
    """The data with the payload appended to every free-text string (locators keep their section prefix)."""
    if isinstance(value, dict):
        return {k: poisoned(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [poisoned(v, key) for v in value]
    if isinstance(value, str) and key not in NOT_TEXT:
        if key == "locator":
            section, dot, detail = value.partition("·")
            return section + PAYLOAD + (dot + detail + PAYLOAD if dot else "")
        return value + PAYLOAD
    return value


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("hostile-pages") / "project")
    for path in (project / "data").rglob("*.yaml"):
        if "generated" not in path.parts:
            data = poisoned(yaml.safe_load(path.read_text(encoding="utf-8")))
            path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    practices = [yaml.safe_load(f.read_text(encoding="utf-8")) for f in (project / "data" / "practices").glob("*.yaml")]
    names = {p["id"]: p["name"] for p in practices}
    for page in (project / "docs" / "practices").glob("*.md"):
        if page.stem in names:  # the H1 is the name, written escaped as the check asks
            lines = page.read_text(encoding="utf-8").splitlines(keepends=True)
            at = next(i for i, line in enumerate(lines) if line.startswith("# "))
            lines[at] = f"# {md(names[page.stem])}\n"
            page.write_text("".join(lines), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "macros", "--root", str(project), "build"], cwd=ROOT, env=BUILD_ENV,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    return project / "site"


@pytest.fixture(scope="module")
def hostile_url(hostile_site: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(hostile_site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def watched(browser: Browser) -> tuple[Page, list[str]]:
    page = browser.new_page()
    dialogs: list[str] = []

    def dialog(d) -> None:
        dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    return page, dialogs


def test_the_payload_reached_the_pages(hostile_site: Path) -> None:
    """A guard for the test itself: the hostile text is in the site, shown as text (else nothing was tried)."""
    course = (hostile_site / "courses" / "wuzhuguan-louyuan" / "index.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(1)&gt;" in course
    assert "&#123;&#123; 7*7 &#125;&#125;&#123;% raw %&#125;" in course  # shown as {{ 7*7 }}{% raw %}
    nav = (hostile_site / "index.html").read_text(encoding="utf-8")
    assert "魏都区&lt;img src=x onerror=alert(1)&gt;" in nav


def test_no_page_runs_or_carries_the_payload(browser: Browser, hostile_site: Path, hostile_url: str) -> None:
    page, dialogs = watched(browser)
    injected = {}
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 80
    for html in pages:
        page.goto(hostile_url + html.relative_to(hostile_site).as_posix(), wait_until="load")
        found = page.evaluate(FIND_INJECTED)
        if found:
            injected[html.relative_to(hostile_site).as_posix()] = found
    page.close()
    assert injected == {}
    assert dialogs == []


def test_search_results_show_the_payload_as_text(browser: Browser, hostile_url: str) -> None:
    page, dialogs = watched(browser)
    page.goto(hostile_url)
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("无主管 onerror")
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    results = page.locator(".md-search-result").inner_text()
    assert "<img src=x onerror=alert(1)>" in results  # shown as text
    assert page.evaluate(FIND_INJECTED) == []
    page.close()
    assert dialogs == []


def test_print_view_shows_the_payload_as_text(browser: Browser, hostile_site: Path, hostile_url: str) -> None:
    """The case sheets reach the print view through a script and innerHTML: escaped when they were made."""
    page, dialogs = watched(browser)
    ids = sorted(p.stem for p in (hostile_site / "sheets").glob("*.js"))
    page.goto(hostile_url + "sheets/print.html#pick=" + ",".join(ids))
    page.wait_for_selector("body[data-sheets=ready]")
    assert page.locator(".sheet").count() == len(ids) > 40
    assert "<img src=x onerror=alert(1)>" in page.locator(".sheet").first.inner_text()
    assert page.evaluate(FIND_INJECTED) == []
    page.close()
    assert dialogs == []
