"""Coverage: everything in data/ is reachable in the built site, and every figure in the reports is in data/.

- each practice, place, source, theme and glossary term has its page or its entry in a listing;
- no practice page without data (the store refuses those) and no scaffold placeholder left;
- each number printed in a source report is a metric of that report, a printed rate, or listed with
  its reason in fixtures/figures_not_metrics.yaml (dates, house numbers and the unrelated news
  items are skipped by rule).
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from macros.checks import build_store
from macros.generated import NAV_BEGIN, NAV_END
from macros.store import Store

from .conftest import FIXTURES, ROOT

PLACEHOLDER = "（待填写"
NUMBER = re.compile(r"\d+(?:\.\d+)?")
# years, months and days, and numbers that are part of a name (桐柏路191号院, 2号线)
NOT_A_FIGURE = re.compile(r"^\s*(?:年|月|日|号)")
UNRELATED_FROM = "### 一周要闻"
QUALIFIER_AFTER = re.compile(r"^[\s余多]*")  # 3760余名, 70多套, 1.5 万名: the unit starts after these


@pytest.fixture(scope="module")
def store() -> Store:
    return build_store(ROOT)


def _html(site: Path, page: str) -> str:
    return (site / page / "index.html").read_text(encoding="utf-8")


def test_every_practice_has_a_page_and_is_listed(built_site: Path, store: Store) -> None:
    index, sources = _html(built_site, "practices"), _html(built_site, "sources")
    for practice in store.practices.values():
        assert (built_site / "practices" / practice.id / "index.html").exists(), practice.id
        link = f'href="../../practices/{practice.id}/"'
        assert f'href="{practice.id}/"' in index, f"{practice.id} missing from 全部做法"
        assert f'href="../practices/{practice.id}/"' in sources, f"{practice.id} missing from 来源"
        for theme in practice.themes:
            assert link in _html(built_site, f"themes/{theme}"), f"{practice.id} missing from theme {theme}"
        for place in (practice.place, *practice.also_at):
            assert link in _html(built_site, f"places/{place}"), f"{practice.id} missing from place {place}"


def test_every_place_and_theme_has_a_page_linked_from_its_index(built_site: Path, store: Store) -> None:
    for folder, ids in (("places", store.places), ("themes", store.themes)):
        index = _html(built_site, folder)
        for id_ in ids:
            assert (built_site / folder / id_ / "index.html").exists(), f"{folder}/{id_}"
            assert f'href="{id_}/"' in index, f"{folder}/{id_} not linked from its index"


def test_every_course_has_a_page_in_the_navigation(built_site: Path, store: Store) -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    index = _html(built_site, "courses")
    for id_ in store.courses:
        assert (built_site / "courses" / id_ / "index.html").exists() and f"- courses/{id_}.md" in config
        assert f'href="{id_}/"' in index


def test_every_source_and_term_has_an_entry(built_site: Path, store: Store) -> None:
    for page, ids in (("sources", store.sources), ("glossary", store.terms)):
        html = _html(built_site, page)
        missing = [id_ for id_ in ids if f'id="{id_}"' not in html]
        assert missing == [], f"{page}: no entry for {missing}"


def test_every_practice_is_in_the_navigation(store: Store) -> None:
    """The nav block of mkdocs.yml is generated; the strict build (omitted_files: warn) also refuses a page left out."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    nav = config[config.index(NAV_BEGIN) : config.index(NAV_END)]
    assert [p.id for p in store.practices.values() if f"- practices/{p.id}.md" not in nav] == []


def test_no_scaffold_placeholder_left() -> None:
    files = [*ROOT.glob("docs/**/*.md"), *ROOT.glob("data/**/*.yaml")]
    assert [f.relative_to(ROOT).as_posix() for f in files if PLACEHOLDER in f.read_text(encoding="utf-8")] == []


def _sources_dir() -> Path:
    """The reports stay outside the repository: KB_SOURCES_DIR (relative to the project), default ../shared/sources."""
    folder = ROOT / os.environ.get("KB_SOURCES_DIR", "../shared/sources")
    if not (folder / "README.md").exists():
        pytest.fail(f"source reports not found in {folder}; set KB_SOURCES_DIR")
    return folder


Figure = tuple[float, str]
"""A number and the first character of its unit (万 of 万平方米, % of a rate): 7名 and 7个 are different figures."""


def _figure(value: str | float, unit: str) -> Figure:
    return float(value), unit[:1]


def _recorded_values(store: Store) -> dict[str, set[Figure]]:
    """Source file -> every figure recorded from it: metric values with their units, and printed rates."""
    by_source: dict[str, set[Figure]] = defaultdict(set)
    for metric in [m for p in store.practices.values() for m in p.metrics] + [m for p in store.places.values() for m in p.metrics]:
        by_source[metric.source].add(_figure(metric.value, metric.unit))
    for practice in store.practices.values():
        for derived in practice.derived:
            source = next(m.source for m in practice.metrics if m.id == derived.numerator)
            by_source[source].update(_figure(n, "%") for n in NUMBER.findall(derived.printed or ""))
    by_file: dict[str, set[Figure]] = defaultdict(set)
    for source in store.sources.values():
        by_file[source.file] |= by_source[source.id]
    return by_file


def unrecorded_figures(text: str, recorded: set[Figure], excused: list[dict]) -> list[str]:
    """Numbers in `text` that are neither recorded (same value and unit), nor dates/names by rule, nor excused."""
    text = text.split(UNRELATED_FROM)[0]
    missing = []
    for match in NUMBER.finditer(text):
        after = text[match.end() :]
        if NOT_A_FIGURE.match(after) or _figure(match.group(), QUALIFIER_AFTER.sub("", after, count=1)) in recorded:
            continue
        around = text[max(0, match.start() - 12) : match.end() + 12]
        if any(e["number"] == match.group() and e["context"] in around for e in excused):
            continue
        missing.append(f"{match.group()} in …{around.strip()}…")
    return missing


def test_every_printed_figure_is_recorded_or_excused(store: Store) -> None:
    excused = yaml.safe_load((FIXTURES / "figures_not_metrics.yaml").read_text(encoding="utf-8"))
    recorded = _recorded_values(store)
    folder = _sources_dir()
    report = {
        name: missing
        for name in sorted(recorded)
        if (missing := unrecorded_figures((folder / name).read_text(encoding="utf-8"), recorded[name], excused.get(name, [])))
    }
    assert report == {}


def test_the_figure_check_catches_an_unrecorded_number() -> None:
    text = "共建成党群服务站5个，2018年3月5日启动，桐柏路191号院，服务群众7万余次。"
    assert unrecorded_figures(text, {(5.0, "个")}, []) == ["7 in …柏路191号院，服务群众7万余次。…"]
    assert unrecorded_figures(text, {(5.0, "个"), (7.0, "万")}, []) == []
    assert unrecorded_figures(text, {(5.0, "个"), (7.0, "次")}, []) != []  # 7万余次 is not 7次
    assert unrecorded_figures(text, {(5.0, "个")}, [{"number": "7", "context": "7万", "reason": "test"}]) == []
