"""Pages that list practices stay the same size as the collection grows: 找做法 carries no card (they come from its
data file), a place or theme past one page of cards points onward, the full index past its limit lists districts."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from bench import corpus
from macros.render.cards import INDEX_LIMIT
from macros.render.listings import LISTING_LIMIT

from .conftest import BUILD_ENV

SMALL, LARGE = 40, 400  # 400: districts of 100 practices, themes of about 65, more than the index lists


def built(tmp_path: Path, n: int) -> Path:
    project = corpus.write_ours(tmp_path / f"ours-{n}", n)
    site = tmp_path / f"site-{n}"
    result = subprocess.run([sys.executable, "-m", "macros", "--root", str(project), "build", "--site-dir", str(site)],
                            env={**BUILD_ENV, "KB_PDF": "0"}, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return site


def practice_links(page: Path) -> int:
    return len(set(re.findall(r'href="[^"]*practices/(zuofa-\d+)/"', page.read_text(encoding="utf-8"))))


def test_listing_pages_do_not_grow_with_the_collection(tmp_path: Path) -> None:
    small, large = built(tmp_path, SMALL), built(tmp_path, LARGE)
    finder = {n: site / "finder" / "index.html" for n, site in ((SMALL, small), (LARGE, large))}
    assert practice_links(finder[SMALL]) == practice_links(finder[LARGE]) == 1  # the link that shows the URL style
    # ten times the practices: the finder grows only by its filter options (districts, years), not by cards
    assert finder[LARGE].stat().st_size - finder[SMALL].stat().st_size < 4_000
    listings = [*(large / "places").glob("*/index.html"), *(large / "themes").glob("*/index.html")]
    assert max(practice_links(page) for page in listings) <= LISTING_LIMIT
    assert practice_links(large / "places" / "sheng" / "index.html") == 0  # the province lists its cities instead
    assert practice_links(large / "practices" / "index.html") == 0 < LARGE - INDEX_LIMIT  # districts, each its own page
    data = (large / "assets" / "javascripts" / "kb-finder-data.js").read_text(encoding="utf-8")
    assert data.count('["zuofa-') == LARGE  # every practice once, in the data file


def test_a_practice_page_lists_the_districts_of_its_own_city_only(tmp_path: Path, monkeypatch) -> None:
    """The sidebar opens the page's own city; other cities stay one closed line each. Opened as sections, every
    city would list all its districts on every page: 300 bytes a district, 30 kB at 10,000 practices."""
    monkeypatch.setattr(corpus, "PRACTICES_PER_STREET", 2)  # 400 practices: 50 districts in 10 cities
    site = built(tmp_path, LARGE)
    page = (site / "practices" / "zuofa-00100" / "index.html").read_text(encoding="utf-8")
    in_nav = set(re.findall(r'<span class="md-ellipsis">\s*(第\d+[市区])\s*</span>', page))
    assert sum(name.endswith("市") for name in in_nav) == 10  # every city, each a closed line
    assert sum(name.endswith("区") for name in in_nav) == corpus.DISTRICTS_PER_CITY
