"""What changed, and when: read from the repository's history (git) once per build, no plugin, no network.

Each practice's data file and page have a last-changed date; the 更新记录 page lists, per content version (the
day of a change, as in the version label 0.1.0+20261205), the practices added and every figure that changed,
old → new. A build from a copy without history (an unpacked zip) gets an empty History and says so.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from .models import Metric
from .page_kinds import PRACTICE
from .render.text import format_figure

DATA = f"data/{PRACTICE.folder}/"
PAGES = f"docs/{PRACTICE.folder}/"


@dataclass(frozen=True)
class FigureChange:
    practice: str  # id
    label: str
    old: str  # as printed; "—" when the figure is new
    new: str  # "—" when it was removed


@dataclass(frozen=True)
class Version:
    date: str  # YYYY-MM-DD: the day of the changes, the date in the version label
    added: list[str]  # practice ids whose data file appeared that day
    figures: list[FigureChange]


@dataclass(frozen=True)
class History:
    available: bool
    data_dates: dict[str, str] = field(default_factory=dict)  # practice id -> last day its data file changed
    page_dates: dict[str, str] = field(default_factory=dict)  # practice id -> last day its page changed
    versions: list[Version] = field(default_factory=list)  # newest first


def _git(root: Path, *args: str, stdin: str | None = None) -> str | None:
    try:
        result = subprocess.run(["git", "-C", str(root), *args], input=stdin, capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return result.stdout


def _commits(log: str) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """`git log --format=@%H %cs --name-status` -> [(commit, day, [(status, path)])], newest first."""
    commits: list[tuple[str, str, list[tuple[str, str]]]] = []
    for line in log.splitlines():
        if line.startswith("@"):
            sha, day = line[1:].split()
            commits.append((sha, day, []))
        elif line.strip() and commits:
            status, *paths = line.split("\t")
            commits[-1][2].append((status[0], paths[-1]))  # a rename: the new path
    return commits


def _figures(text: str | None) -> dict[str, tuple[str, str]]:
    """metric id -> (label, figure as printed) of one version of a practice file; {} if it does not read."""
    try:
        data = yaml.safe_load(text or "")
    except yaml.YAMLError:
        return {}
    metrics = data.get("metrics") if isinstance(data, dict) else None
    figures = {}
    for raw in metrics or []:
        try:
            metric = Metric.model_validate(raw)
            figures[metric.id] = (metric.label, format_figure(metric))
        except (ValueError, TypeError):  # a version the model no longer reads: shown as recorded
            if isinstance(raw, dict) and "id" in raw:
                figures[str(raw["id"])] = (str(raw.get("label", "")), f"{raw.get('value', '')}{raw.get('unit', '')}")
    return figures


def _blobs(root: Path, specs: list[str]) -> dict[str, str | None]:
    """The text of many `rev:path` at once (one `git cat-file --batch`); None for a path missing at that rev."""
    if not specs:
        return {}
    try:
        result = subprocess.run(["git", "-C", str(root), "cat-file", "--batch"], input=("\n".join(specs) + "\n").encode(),
                                capture_output=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return dict.fromkeys(specs)
    out, at, texts = result.stdout, 0, {}
    for spec in specs:
        header_end = out.index(b"\n", at)
        header = out[at:header_end].split()
        at = header_end + 1
        if len(header) < 3 or header[1] == b"missing":
            texts[spec] = None
            continue
        size = int(header[2])
        texts[spec] = out[at : at + size].decode("utf-8", errors="replace")
        at += size + 1
    return texts


def _versions(root: Path, commits: list[tuple[str, str, list[tuple[str, str]]]]) -> list[Version]:
    """One Version per day with changes to practice data: added practices and changed figures, old → new."""
    days: dict[str, list[tuple[str, str, list[tuple[str, str]]]]] = {}
    for commit in commits:
        days.setdefault(commit[1], []).append(commit)
    plans = []
    for day, day_commits in days.items():
        newest, oldest = day_commits[0][0], day_commits[-1][0]
        changed = {path for _, _, files in day_commits for status, path in files if path.startswith(DATA) and path.endswith(".yaml")}
        added = {path for _, _, files in day_commits for status, path in files if status == "A" and path.startswith(DATA)}
        plans.append((day, newest, oldest, sorted(changed), added))
    specs = [f"{rev}:{path}" for _, newest, oldest, changed, _ in plans for path in changed for rev in (f"{oldest}^", newest)]
    blobs = _blobs(root, specs)
    versions = []
    for day, newest, oldest, changed, added in plans:
        figures = []
        for path in changed:
            before, after = _figures(blobs.get(f"{oldest}^:{path}")), _figures(blobs.get(f"{newest}:{path}"))
            practice = Path(path).stem
            for id_ in [*after, *(k for k in before if k not in after)]:
                old, new = before.get(id_), after.get(id_)
                if old is None and path in added:
                    continue  # a new practice's figures are listed as the practice itself
                if (old and old[1]) != (new and new[1]):
                    label = (new or old)[0]
                    figures.append(FigureChange(practice, label, old[1] if old else "—", new[1] if new else "—"))
        ids = sorted(Path(p).stem for p in added)
        if ids or figures:
            versions.append(Version(day, ids, figures))
    return versions


@lru_cache(maxsize=1)
def _read(root: Path, head: str) -> History:
    log = _git(root, "log", "--format=@%H %cs", "--name-status", "--", DATA, PAGES)
    if log is None:
        return History(False)
    commits = _commits(log)
    data_dates: dict[str, str] = {}
    page_dates: dict[str, str] = {}
    for _, day, files in commits:  # newest first: the first date seen is the last change
        for _, path in files:
            if path.startswith(DATA):
                data_dates.setdefault(Path(path).stem, day)
            elif path.startswith(PAGES):
                page_dates.setdefault(Path(path).stem, day)
    return History(True, data_dates, page_dates, _versions(root, commits))


def read_history(root: Path) -> History:
    """The history of the practices at `root`, read once per commit; History(False) without git or a repository."""
    head = _git(root, "rev-parse", "HEAD")
    return _read(root.resolve(), head.strip()) if head else History(False)
