"""No request leaves the site: every page, with search used, loads nothing from outside loopback."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser

from .conftest import block_requests, on_loopback


def test_every_page_loads_only_local_resources(browser: Browser, site_url: str, built_site: Path) -> None:
    context = browser.new_context()
    attempted = block_requests(context, on_loopback)
    errors: list[str] = []
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    pages = sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("index.html"))
    assert len(pages) >= 9
    for path in pages:
        page.goto(site_url + path.removesuffix("index.html"), wait_until="networkidle")
    # search loads a worker and the index: exercise it too
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("帐篷支部")
    box.press("End")
    page.wait_for_selector(".md-search-result__item")
    context.close()
    assert attempted == []
    assert errors == []


def test_guard_would_catch_an_external_request(browser: Browser, site_url: str) -> None:
    """The offline test is only worth something if an outside request is seen: prove it with one."""
    context = browser.new_context()
    attempted = block_requests(context, on_loopback)
    page = context.new_page()
    page.goto(site_url)
    page.evaluate("() => { const s = document.createElement('script'); s.src = 'https://cdn.example.org/x.js'; document.head.append(s); }")
    page.wait_for_timeout(300)
    context.close()
    assert attempted == ["https://cdn.example.org/x.js"]
