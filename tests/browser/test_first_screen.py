"""What a busy reader sees without scrolling, measured in Chromium on a 1366×768 office screen and a 390×844 phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from macros.checks import build_store
from macros.page_kinds import PRACTICE

from ..conftest import ROOT

OFFICE, PHONE = (1366, 768), (390, 844)


def glance_box(browser: Browser, url: str, size: tuple[int, int]) -> dict:
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    page.goto(url)
    box = page.locator(".kb-glance").bounding_box()
    page.close()
    assert box, url
    return box


def test_every_practice_answers_on_the_first_screen(browser: Browser, site_url: str) -> None:
    """The whole kb-glance box stands in the first office screen on every practice page; on a phone it starts there."""
    store = build_store(ROOT)
    too_low = []
    for id_ in store.practices:
        url = site_url + PRACTICE.page(id_).removesuffix(".md") + "/"
        office = glance_box(browser, url, OFFICE)
        if office["y"] + office["height"] > OFFICE[1]:
            too_low.append(f"{id_}: office bottom {office['y'] + office['height']:.0f}")
        phone = glance_box(browser, url, PHONE)
        if phone["y"] > PHONE[1] - 80:  # at least its first lines show
            too_low.append(f"{id_}: phone top {phone['y']:.0f}")
    assert too_low == [], "shorten the glance data (steps, fits, not_fits) of: " + "; ".join(too_low)


@pytest.mark.parametrize("size", [OFFICE, PHONE])
def test_home_page_shows_routes_and_problems_first(browser: Browser, site_url: str, size: tuple[int, int]) -> None:
    """Trainers, data users and checkers see their way in, and the first problem card, without scrolling."""
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    page.goto(site_url)
    for name in ("找做法", "培训课程", "数字对比", "数据下载", "来源"):
        route = page.locator(".kb-routes a", has_text=name)
        box = route.bounding_box()
        assert box and box["y"] + box["height"] <= size[1], (name, box)
    first = page.locator(".kb-problem").first.bounding_box()
    assert first and first["y"] < size[1] - 60, first
    page.close()


def test_every_problem_card_leads_to_its_practices(browser: Browser, site_url: str) -> None:
    store = build_store(ROOT)
    page = browser.new_page()
    page.goto(site_url)
    assert 12 <= len(store.concerns) <= 20
    for id_, concern in store.concerns.items():
        card = page.locator(f"#problem-{id_}")
        assert card.locator(".kb-problem__name").inner_text() == concern.name
        assert card.locator("a").all_inner_texts() == [store.practice(p).name for p in concern.practices]
    # and a practice page links back to the problems it answers
    page.goto(site_url + "practices/sanwei-zutuan/")
    page.locator(".kb-facts a", has_text="小区没人管").click()
    assert page.url.endswith("/#problem-xiaoqu-meiren-guan")
    page.close()


def test_header_tabs_route_to_courses_figures_and_sources(browser: Browser, site_url: str) -> None:
    """On every desktop page, not only the home page."""
    page = browser.new_page(viewport={"width": OFFICE[0], "height": OFFICE[1]})
    page.goto(site_url + "practices/zhangpeng-zhibu/")
    tabs = page.locator(".md-tabs__link")
    assert {"培训课程", "数字与下载", "来源"} <= {t.strip() for t in tabs.all_inner_texts()}
    page.close()


@pytest.mark.parametrize("path", ["compare/", "courses/laojiu-xiaoqu-gaizao/", "practices/wanggehua-guanli/", "downloads/"])
def test_tables_and_charts_read_on_a_phone(browser: Browser, site_url: str, path: str) -> None:
    """No sideways scrolling: table rows stack with their column headers; chart text stays at least 12 px."""
    page = browser.new_page(viewport={"width": PHONE[0], "height": PHONE[1]})
    page.goto(site_url + path)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE[0]
    wide = page.evaluate("""() => [...document.querySelectorAll('.md-typeset table')]
        .filter(t => t.scrollWidth > t.parentElement.clientWidth + 1).length""")
    assert wide == 0
    cells = page.locator(".md-typeset table td[data-label]")
    if cells.count():
        assert page.evaluate("getComputedStyle(document.querySelector('.md-typeset table td[data-label]'), '::before').content") != "none"
    sizes = page.evaluate("""() => [...document.querySelectorAll('svg.kb-chart text')]
        .map(t => t.getScreenCTM().a * parseFloat(getComputedStyle(t).fontSize))""")
    assert all(size >= 12 for size in sizes), min(sizes)
    page.close()
