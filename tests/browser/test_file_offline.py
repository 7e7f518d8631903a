"""The zip's file:// variant: opened from disk, navigation and Chinese search work, nothing is fetched."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Browser

from .conftest import block_requests, on_disk


def test_file_variant_navigates_and_searches_offline(browser: Browser, dist_project: Path) -> None:
    site = dist_project / "site-offline"
    context = browser.new_context()
    attempted = block_requests(context, on_disk)
    errors: list[str] = []
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto((site / "index.html").as_uri())
    with page.expect_navigation(wait_until="load"):
        page.click('.grid.cards a:has-text("帐篷支部")')
    assert page.url == (site / "practices" / "zhangpeng-zhibu.html").as_uri()
    assert "<strong>95.9%</strong>" in page.content()

    box = page.locator("input.md-search__input")
    box.click()
    box.fill("无主管庭院")
    box.press("End")
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    first = page.locator(".md-search-result__item > a").first.get_attribute("href")
    assert urlsplit(first).path.endswith("/practices/sanwei-zutuan.html")

    for html in sorted(site.rglob("*.html")):
        page.goto(html.as_uri(), wait_until="load")
    context.close()
    assert attempted == []
    assert errors == []
