"""Printing a page from the browser: Chromium's print-to-PDF, read back with pdftotext."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from playwright.sync_api import Browser


def printed_text(browser: Browser, url: str, pdf: Path) -> str:
    assert shutil.which("pdftotext"), "pdftotext missing: apt-get install poppler-utils (.ci/run does)"
    page = browser.new_page()
    page.goto(url)
    page.pdf(path=str(pdf), format="A4")
    page.close()
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_practice_page_prints_without_chrome_and_with_its_margin_line(browser: Browser, site_url: str, tmp_path: Path) -> None:
    text = printed_text(browser, site_url + "practices/zhangpeng-zhibu/", tmp_path / "page.pdf")
    assert text.lstrip().startswith("帐篷支部")
    assert "3760余名" in text and "95.9%" in text  # figures and computed rates are printed
    for chrome in ("找做法", "搜索", "目录"):  # navigation, search box and table of contents are not
        assert chrome not in text, chrome
    # every sheet of paper names the site, the version and the page, in its margin
    assert "基层治理实践知识库 · 版本 0.1.0+" in text and "构建于" in text and "第1页/共" in text.replace(" ", "")


def test_finder_prints_the_cards_not_the_form(browser: Browser, site_url: str, tmp_path: Path) -> None:
    text = printed_text(browser, site_url + "finder/#theme=demolition", tmp_path / "finder.pdf")
    assert "梁庄城中村改造与拆违" in text and "三维组团" not in text  # the filtered view is what prints
    assert "清除全部条件" not in text
