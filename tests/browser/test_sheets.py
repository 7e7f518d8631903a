"""案例单页: every practice's sheet prints on exactly one A4 page with its Chinese text; 找做法 picks and prints."""

from __future__ import annotations

import subprocess
from pathlib import Path

from playwright.sync_api import Browser

from macros.checks import build_store
from macros.page_kinds import sheet_file

from ..conftest import ROOT

A4 = "594.96 x 841.92 pts (A4)"  # 210 × 297 mm


def pdf_facts(pdf: Path) -> tuple[int, str, str]:
    """Pages, page size and text of a PDF, read by poppler (pdfinfo, pdftotext)."""
    report = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    info = dict(line.split(":", 1) for line in report.splitlines())
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return int(info["Pages"]), info["Page size"].strip(), text


def test_every_case_sheet_is_one_a4_page(browser: Browser, site_url: str, tmp_path: Path) -> None:
    """For every practice: a new one that overflows fails here, and its editor shortens it."""
    store = build_store(ROOT)
    page = browser.new_page()
    wrong = []
    for practice in store.practices.values():
        page.goto(site_url + sheet_file(practice.id))
        pdf = tmp_path / f"{practice.id}.pdf"
        page.pdf(path=pdf, prefer_css_page_size=True)
        pages, size, text = pdf_facts(pdf)
        if pages != 1 or size != A4 or practice.name.replace("“", "").replace("”", "")[:4] not in text.replace("“", "").replace("”", ""):
            wrong.append(f"{practice.id}: {pages} pages, {size}")
    page.close()
    assert wrong == [], "shorten these sheets (glance data, components, questions): " + "; ".join(wrong)


def test_the_practice_page_links_its_sheet(browser: Browser, site_url: str) -> None:
    page = browser.new_page()
    page.goto(site_url + "practices/sanwei-zutuan/")
    with page.expect_navigation():
        page.click(".kb-glance a:text('打印案例单页（A4）')")
    assert page.url == site_url + "sheets/sanwei-zutuan.html"
    assert page.locator(".sheet h1").inner_text() == "三维组团"
    with page.expect_navigation():
        page.click("text=返回做法页面")
    assert page.url == site_url + "practices/sanwei-zutuan/"
    page.close()


def test_pick_on_the_finder_and_print_one_page_each(browser: Browser, site_url: str, tmp_path: Path) -> None:
    """The selection lives in the address: shared, reloaded or printed, it is the same sheets in the same order."""
    page = browser.new_page()
    page.goto(site_url + "finder/#theme=ownerless-compounds")
    picks = page.locator(".kb-finder__pick input")
    for i in (2, 0, 1):  # ticked in this order, printed in this order
        picks.nth(i).check()
    names = page.locator(".kb-finder__name a").all_inner_texts()
    assert page.locator(".kb-finder__picked-count").inner_text() == "已选 3 项"
    assert "pick=" in page.url
    shared = browser.new_page()
    shared.goto(page.url)  # a colleague opens the same address
    assert shared.locator(".kb-finder__pick input:checked").count() == 3
    shared.close()
    with page.expect_navigation():
        page.click(".kb-finder__print")
    page.wait_for_selector("body[data-sheets=ready]")
    assert page.locator(".sheet h1").all_inner_texts() == [names[2], names[0], names[1]]
    pdf = tmp_path / "picked.pdf"
    page.pdf(path=pdf, prefer_css_page_size=True)
    pages, size, text = pdf_facts(pdf)
    assert pages == 3 and size == A4 and "案例单页" in text
    page.goto(site_url + "sheets/print.html#pick=sanwei-zutuan,../../etc/passwd,nope")
    page.wait_for_selector("body[data-sheets=ready]")
    assert page.locator(".sheet").count() == 1
    assert page.locator(".sheets__missing").inner_text() == "找不到这些做法的案例单页：../../etc/passwd、nope"
    page.close()
