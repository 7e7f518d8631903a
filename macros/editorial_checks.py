"""Editorial rules that `make check` gives the editor as `path:line:` problems, beside the data rules:

- no scaffold placeholder （待填写） is left in data/ or docs/;
- every figure is recorded as its report prints it (the qualifier where it stands, 上百, 不足两米), or its note
  says how the report prints it;
- every number printed in a source report is recorded: a metric of that report, a printed rate, or
  listed with its reason in data/figures_not_metrics.yaml (dates, house numbers and the unrelated news
  items are skipped by rule). The reports stay outside the repository: they are found through the one
  setting KB_SOURCES_DIR (relative to the project; default ../shared/sources), and where they are not
  there the figures are not checked, and `make check` says so.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from pathlib import Path

import yaml

from .problems import Problem
from .render.text import format_figure
from .store import Store
from .yaml_files import YamlFile, read_yaml

PLACEHOLDER = "（待填写"
EXCUSES = "data/figures_not_metrics.yaml"
NUMBER = re.compile(r"\d+(?:\.\d+)?")
# years, months and days, and numbers that are part of a name (桐柏路191号院, 2号线)
NOT_A_FIGURE = re.compile(r"^\s*(?:年|月|日|号)")
UNRELATED_FROM = "### 一周要闻"
QUALIFIER_AFTER = re.compile(r"^[\s余多]*")  # 3760余名, 70多套, 1.5 万名: the unit starts after these

Figure = tuple[float, str]
"""A number and the first character of its unit (万 of 万平方米, % of a rate): 7名 and 7个 are different figures."""


def placeholders(root: Path) -> list[Problem]:
    """Every line of data/ or docs/ that still holds a scaffold placeholder."""
    problems = []
    for path in sorted([*root.glob("data/**/*.yaml"), *root.glob("docs/**/*.md")]):
        for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1):
            if PLACEHOLDER in line:
                problems.append(Problem(path.relative_to(root).as_posix(), number, "", "还有“（待填写）”：换成内容，或删去这一项"))
    return problems


def sources_dir(root: Path) -> Path:
    """Where the source reports are: KB_SOURCES_DIR, relative to the project (default ../shared/sources)."""
    return root / os.environ.get("KB_SOURCES_DIR", "../shared/sources")


def figure(value: str | float, unit: str) -> Figure:
    return float(value), unit[:1]


def recorded_figures(store: Store) -> dict[str, set[Figure]]:
    """Source file -> every figure recorded from it: metric values with their units, and printed rates."""
    by_source: dict[str, set[Figure]] = defaultdict(set)
    for metric in [m for p in store.practices.values() for m in p.metrics] + [m for p in store.places.values() for m in p.metrics]:
        by_source[metric.source].add(figure(metric.value, metric.unit))
    for practice in store.practices.values():
        for derived in practice.derived:
            source = next(m.source for m in practice.metrics if m.id == derived.numerator)
            by_source[source].update(figure(n, "%") for n in NUMBER.findall(derived.printed or ""))
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
        if NOT_A_FIGURE.match(after) or figure(match.group(), QUALIFIER_AFTER.sub("", after, count=1)) in recorded:
            continue
        around = text[max(0, match.start() - 12) : match.end() + 12]
        if any(e["number"] == match.group() and e["context"] in around for e in excused):
            continue
        missing.append(f"{match.group()} in …{around.strip()}…")
    return missing


def unrecorded(root: Path, store: Store) -> list[Problem] | None:
    """A problem for every printed figure that is not recorded or excused; None if the reports are not there."""
    folder = sources_dir(root)
    if not folder.is_dir():
        return None
    text = (root / EXCUSES).read_text(encoding="utf-8") if (root / EXCUSES).exists() else ""
    excused = yaml.safe_load(text) or {}
    lines = {name: number for number, line in enumerate(text.splitlines(), 1) if (name := line.rstrip(":")) and line.endswith(":")}
    problems = []
    for name, figures in sorted(recorded_figures(store).items()):
        if not (folder / name).exists():
            continue  # a report not in this folder (a district's own): nothing to compare with
        for missing in unrecorded_figures((folder / name).read_text(encoding="utf-8"), figures, excused.get(name, [])):
            problems.append(Problem(EXCUSES, lines.get(name, 1), name,
                                    f"报道中的数字 {missing} 没有录入 data/（也没有在此写明不录入的理由）"))
    return problems


SPACE = re.compile(r"\s+")


def misprinted(root: Path, store: Store) -> list[Problem] | None:
    """A problem for every figure whose printed form (qualifier where it stands, Chinese numerals) is not in its
    report and whose note does not say how the report prints it; None if the reports are not there."""
    folder = sources_dir(root)
    if not folder.is_dir():
        return None
    texts = {s.id: SPACE.sub("", (folder / s.file).read_text(encoding="utf-8")) for s in store.sources.values()
             if (folder / s.file).exists()}
    owners = [(f"data/practices/{p.id}.yaml", (), p) for p in store.practices.values()]
    owners += [("data/places.yaml", ("places", i), p) for i, p in enumerate(store.places.values())]
    problems = []
    for path, loc, owner in owners:
        for i, metric in enumerate(owner.metrics):
            shown = SPACE.sub("", format_figure(metric))
            if metric.source not in texts or shown in texts[metric.source] or "原文" in (metric.note or ""):
                continue
            file = read_yaml(root / path, root)
            message = (f"报道中找不到“{shown}”：按报道的写法录入（限定词 qualifier 及其位置 qualifier_after，汉字数字 numeral），"
                       "或在 note 中写明原文的写法（原文作……）")
            problems.append(file.problem((*loc, "metrics", i), message) if isinstance(file, YamlFile) else file)
    return problems


def figure_problems(root: Path, store: Store) -> list[Problem] | None:
    """Every figure rule against the reports (unrecorded, misprinted); None if the reports are not there."""
    missing = unrecorded(root, store)
    return None if missing is None else missing + (misprinted(root, store) or [])
