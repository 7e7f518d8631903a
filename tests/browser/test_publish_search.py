"""The site's own search behind a real nginx under /kb/ (the fixtures are in tests/conftest.py)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser


@pytest.mark.parametrize("start", ["practices/sanwei-zutuan/", "no-such-page/"])  # a page, and 404.html's absolute URLs
def test_search_works_under_kb(browser: Browser, nginx_kb: str, start: str) -> None:
    """The site's own search from a page under /kb/ (and from the 404 page): index loaded, results linked under /kb/."""
    page = browser.new_page()
    page.goto(nginx_kb + start)
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("帐篷支部")
    page.wait_for_selector("li.md-search-result__item > a[href]", timeout=10_000)
    first = page.locator("li.md-search-result__item > a[href]").first.evaluate("a => a.href")
    page.close()
    assert urlsplit(first).path == urlsplit(nginx_kb).path + "practices/zhangpeng-zhibu/"
