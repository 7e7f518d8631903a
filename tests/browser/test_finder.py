"""找做法 in a real browser: facets, counts, text filter, URL state and keyboard use."""

from __future__ import annotations

from urllib.parse import unquote

from playwright.sync_api import Browser, Page, expect

from macros.checks import build_store
from macros.models import Target
from macros.render.cards import in_reading_order
from macros.render.finder import search_text

from ..conftest import ROOT

PAGE = 50  # finder.js draws this many cards, then offers 再显示


def visible(page: Page) -> list[str]:
    return page.locator(".kb-finder__item:not([hidden]) .kb-finder__name a").all_inner_texts()


def show_all(page: Page) -> list[str]:
    """Every matching card: 再显示 pressed until it goes away."""
    more = page.locator(".kb-finder__more")
    while more.is_visible():
        more.click()
    return visible(page)


def test_facets_combine_and_counts_follow_the_data(browser: Browser, site_url: str) -> None:
    store = build_store(ROOT)
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(site_url + "finder/")
    total = len(store.practices)
    assert len(visible(page)) == min(total, PAGE)
    assert len(show_all(page)) == total

    page.check("input[name=theme][value=ownerless-compounds]")
    expected = {p.name for p in store.practices.values() if "ownerless-compounds" in p.themes}
    assert set(visible(page)) == expected
    assert page.locator("#kb-finder-status").inner_text() == f"找到 {len(expected)} 项做法（共 {len(store.practices)} 项）"

    # a second value in the same facet widens (or), another facet narrows (and); the URL lists values in page order
    page.check("input[name=theme][value=old-compound-renewal]")
    widened = {p.name for p in store.practices.values() if {"ownerless-compounds", "old-compound-renewal"} & set(p.themes)}
    assert set(visible(page)) == widened
    page.check(f"input[name=target][value={Target.COMPOUND.name.lower()}]")
    narrowed = {p.name for p in store.practices.values() if p.name in widened and Target.COMPOUND in p.targets}
    assert set(visible(page)) == narrowed
    # each option's count is what checking it would leave
    label = page.locator("input[name=target][value=residents]").locator("..")
    count = int(label.locator(".kb-finder__count").inner_text())
    assert count == sum(1 for p in store.practices.values() if p.name in widened and Target.RESIDENTS in p.targets)

    page.fill("#kb-finder-q", "物业 楼院")
    assert set(visible(page)) <= narrowed and "三维组团" in visible(page)
    assert unquote(page.url).endswith("#q=物业 楼院&theme=old-compound-renewal,ownerless-compounds&target=compound")

    page.click(".kb-finder__reset")
    expect(page.locator("#kb-finder-status")).to_have_text(f"共 {len(store.practices)} 项做法")
    assert page.input_value("#kb-finder-q") == "" and not page.locator("#kb-finder input:checked").count()
    assert len(visible(page)) == min(total, PAGE) and len(show_all(page)) == total and page.url.endswith("/finder/")
    assert errors == []
    page.close()


def test_shared_url_restores_the_filters(browser: Browser, site_url: str) -> None:
    page = browser.new_page()
    page.goto(site_url + "finder/#place=weidu-qu&level=subdistrict")
    assert page.is_checked("input[name=place][value=weidu-qu]") and page.is_checked("input[name=level][value=subdistrict]")
    assert sorted(visible(page)) == sorted(["三维组团", "“菜单式”物业服务"])
    page.close()


def test_keyboard_only(browser: Browser, site_url: str) -> None:
    store = build_store(ROOT)
    page = browser.new_page()
    page.goto(site_url + "finder/")
    page.focus("#kb-finder-q")
    page.keyboard.type("网格")
    page.keyboard.press("Tab")  # to the filters' summary (open beside the results on a wide screen)
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    page.keyboard.press("Tab")  # to the first theme checkbox
    assert page.evaluate("document.activeElement.name") == "theme"
    page.keyboard.press("Space")
    first_theme = page.evaluate("document.activeElement.value")
    assert page.is_checked(f"input[name=theme][value={first_theme}]")
    assert "找到" in page.locator("#kb-finder-status").inner_text()
    expected = [p.name for p in in_reading_order(list(store.practices.values()), store)
                if "网格" in search_text(p, store) and first_theme in p.themes]
    assert expected and visible(page) == expected
    page.close()


def test_the_keyword_box_knows_the_readers_words(browser: Browser, site_url: str) -> None:
    """data/synonyms.yaml, shared with the site's search: 摆摊 finds the practices that say 占道经营."""
    store = build_store(ROOT)
    page = browser.new_page()
    page.goto(site_url + "finder/#q=" + "摆摊")
    expected = {p.name for p in store.practices.values() if "占道经营" in " ".join([p.name, *p.keywords, p.summary, p.problem])}
    assert expected and expected <= set(visible(page))
    page.close()


def test_results_come_first_on_an_office_screen_and_a_phone(browser: Browser, site_url: str) -> None:
    """The count and the first card stand on the first screen, above the filters' fold, at 1366×768 and 390×844."""
    for width, height in ((1366, 768), (390, 844)):
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto(site_url + "finder/")
        status = page.locator("#kb-finder-status").bounding_box()
        first = page.locator(".kb-finder__item").first.bounding_box()
        assert status and first and status["y"] + status["height"] <= height and first["y"] < height - 60, (width, status, first)
        page.close()


def test_cards_are_in_chinese_order(browser: Browser, site_url: str) -> None:
    """By district, then the name in pinyin order (not the order of the ids)."""
    store = build_store(ROOT)
    page = browser.new_page()
    page.goto(site_url + "finder/")
    assert show_all(page) == [p.name for p in in_reading_order(list(store.practices.values()), store)]
    page.close()


def test_nothing_found_points_to_sending_a_practice_in(browser: Browser, site_url: str) -> None:
    page = browser.new_page()
    page.goto(site_url + "finder/#q=火星移民")
    assert page.locator("#kb-finder-status").inner_text().startswith("找到 0 项做法")
    link = page.locator(".kb-finder__none a")
    assert link.is_visible() and link.get_attribute("href") == "../contribute/"
    page.goto(site_url + "finder/")
    assert not page.locator(".kb-finder__none").is_visible()
    page.close()


def test_the_contribution_form_composes_a_text_offline(browser: Browser, site_url: str) -> None:
    """What the reader fills in becomes one text to copy or save; nothing is sent (no request but the page's own GETs)."""
    page = browser.new_page()
    sent: list[str] = []
    page.goto(site_url + "contribute/")
    page.on("request", lambda request: sent.append(request.method) if request.method != "GET" else None)
    page.fill("input[name=名称]", "某社区<b>楼栋长</b>制度")
    page.fill("textarea[name=数字]", "楼栋长 120余名（第二段）")
    page.click("button[data-action=compose]")
    text = page.input_value("textarea[name=text]")
    assert "名称：某社区<b>楼栋长</b>制度" in text and "数字：楼栋长 120余名（第二段）" in text
    with page.expect_download() as download:
        page.click("button[data-action=save]")
    assert download.value.suggested_filename == "投稿与更正.txt"
    assert sent == [] and page.locator(".kb-contribute b").count() == 0
    page.close()
