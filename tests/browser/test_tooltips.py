"""Glossary terms explained on hover in a real browser (Material's tooltips over our <abbr> elements)."""

from __future__ import annotations

from playwright.sync_api import Browser


def test_hovering_a_glossary_term_shows_its_definition(browser: Browser, site_url: str) -> None:
    page = browser.new_page()
    page.goto(site_url + "practices/sanwei-zutuan/")
    term = page.locator("article abbr", has_text="无主管庭院").first  # its first mention on the page
    term.scroll_into_view_if_needed()
    term.hover()
    tooltip = page.locator(".md-tooltip2--active")
    tooltip.wait_for(state="visible", timeout=5_000)
    assert tooltip.inner_text().startswith("无主管楼院：没有产权单位或物业公司负责管理的居民楼院")
    page.close()
