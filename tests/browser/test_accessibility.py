"""Accessibility: axe-core (from npm, injected into the page) finds no serious or critical violation."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from ..conftest import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PAGES = ["", "practices/sanwei-zutuan/", "finder/", "courses/wuzhuguan-louyuan/", "places/zhongyuan-qu/", "glossary/", "contribute/"]


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_or_critical_violations(browser: Browser, site_url: str, path: str) -> None:
    assert AXE.exists(), f"{AXE} missing: run `make offline-assets` (npm install), as `make test` does"
    page = browser.new_page()
    page.goto(site_url + path)
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    page.close()
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
