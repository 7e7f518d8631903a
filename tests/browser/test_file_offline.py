"""The zip's file:// variant: opened from disk, navigation and Chinese search work, nothing is fetched."""

from __future__ import annotations

import zipfile
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Browser

from macros.checks import build_store

from ..conftest import ROOT
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
        page.click('article a:text-is("帐篷支部")')
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


def test_finder_filters_from_disk_and_keeps_its_state_in_the_url(browser: Browser, dist_project: Path) -> None:
    page = browser.new_page()
    page.goto((dist_project / "site-offline" / "finder.html").as_uri())
    page.check("input[name=theme][value=ownerless-compounds]")
    assert page.url.endswith("finder.html#theme=ownerless-compounds")
    shown = page.locator(".kb-finder__item:not([hidden])").count()
    assert 0 < shown < len(build_store(ROOT).practices)
    again = browser.new_page()
    again.goto(page.url)
    assert again.locator(".kb-finder__item:not([hidden])").count() == shown
    with again.expect_navigation(wait_until="load"):
        again.locator(".kb-finder__item:not([hidden]) a").first.click()
    assert again.url.startswith((dist_project / "site-offline" / "practices").as_uri())
    page.close()
    again.close()


def test_pick_and_print_from_disk(browser: Browser, dist_project: Path) -> None:
    """A trainer ticks practices in the unpacked zip and gets their case sheets on one print view, one A4 page each."""
    site = dist_project / "site-offline"
    context = browser.new_context()
    attempted = block_requests(context, on_disk)
    page = context.new_page()
    page.goto((site / "finder.html").as_uri() + "#q=楼院")
    picks = page.locator(".kb-finder__pick input")
    for i in range(2):
        picks.nth(i).check()
    names = page.locator(".kb-finder__item .kb-finder__name a").all_inner_texts()[:2]
    with page.expect_navigation(wait_until="load"):
        page.click(".kb-finder__print")
    page.wait_for_selector("body[data-sheets=ready]")
    assert page.url.startswith((site / "sheets" / "print.html").as_uri() + "#pick=")
    assert page.locator(".sheet h1").all_inner_texts() == names
    with page.expect_navigation(wait_until="load"):
        page.click("text=返回找做法")
    assert page.url.startswith((site / "finder.html").as_uri())
    context.close()
    assert attempted == []


def test_zip_unpacked_into_a_folder_with_parentheses_searches(browser: Browser, dist_project: Path, tmp_path: Path) -> None:
    """Windows names a second copy `知识库 (1)`: the zip must work there too (search included)."""
    (archive,) = (dist_project / "dist").glob("*.zip")
    folder = tmp_path / "知识库 (1)"
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(folder)
    (index,) = folder.glob("*/index.html")
    context = browser.new_context()
    attempted = block_requests(context, on_disk)
    page = context.new_page()
    page.goto(index.as_uri())
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("帐篷支部")
    box.press("End")  # Material's search runs on keyup (the search issue makes it run on input)
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    first = page.locator(".md-search-result__item > a").first.get_attribute("href")
    assert urlsplit(first).path.endswith("/practices/zhangpeng-zhibu.html")
    context.close()
    assert attempted == []
