"""Loading the store once per set of input files: in the process (a bounded cache), and pickled in
.cache/ for the next process (`python -m macros build` validates in its sync step, then MkDocs runs
in a process of its own). No MkDocs import here.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from . import disk_cache
from .checks import LIST_FILES, DataChecked, check_data, check_pages, load_list
from .models import Term
from .page_kinds import PRACTICE
from .problems import DataError, Problem
from .store import Store
from .yaml_files import PARSED

Stamp = tuple[tuple[str, int, int], ...]  # name, size and modification time of each file of a set


def _stamp(paths: Iterable[Path]) -> Stamp:
    return tuple((p.as_posix(), (st := p.stat()).st_size, st.st_mtime_ns) for p in sorted(paths))


def fingerprint(root: Path) -> Stamp:
    """The data files' stamp: changes when an editor saves data."""
    return _stamp((root / "data").rglob("*.yaml"))


def page_fingerprint(root: Path) -> Stamp:
    """The practice pages' stamp: changes when an editor saves a page."""
    return _stamp((root / PRACTICE.docs_folder()).glob("*.md"))


# The validated store with the pages it was found valid with: all a build's MkDocs process needs of the data.
STORE_CACHE = disk_cache.FOLDER / "store.pickle"
# What checking a saved page needs of the data besides the store (`mkdocs serve`): apart, because it is larger than
# the store, and each MkDocs process of a build would hold it for nothing (140 MB at 5,000 practices).
CHECKS_CACHE = disk_cache.FOLDER / "checks.pickle"
PARSED_CACHE = disk_cache.FOLDER / "parsed.pickle"  # every parsed file, so that after an edit only that file is parsed again


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off for a bulk of work that makes many objects and little cyclic garbage.
    Each batch of new objects would set the collector scanning the whole heap, store included, again:
    3.3 of the 8.4 s a load takes at 5,000 practices, 1.5 of the 4 s the downloads take."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@lru_cache(maxsize=1)  # one data set at a time: `mkdocs serve` reads data/ again only after a data file is saved
def _checked_store(root: Path, data_stamp: Stamp) -> tuple[Store, Stamp] | None:
    """The store an earlier process checked from the same data, and the pages it was valid with; None if none."""
    cached = disk_cache.read(root / STORE_CACHE, (disk_cache.code_stamp(), data_stamp))
    return cached if isinstance(cached, tuple) and len(cached) == 2 and isinstance(cached[0], Store) else None


@lru_cache(maxsize=1)
def _data_unchanged(root: Path, data_stamp: Stamp) -> DataChecked:
    """data/ checked: from .cache/ when an earlier process checked the same data, else read and checked here."""
    code = disk_cache.code_stamp()
    cached = _checked_store(root, data_stamp)
    rest = disk_cache.read(root / CHECKS_CACHE, (code, data_stamp)) if cached else None
    if isinstance(rest, tuple) and len(rest) == 3:  # a cached store had no problems
        return DataChecked(cached[0], (), *rest)
    for path, entry in (disk_cache.read(root / PARSED_CACHE, code) or {}).items():
        PARSED.setdefault(path, entry)
    data = check_data(root)
    disk_cache.write(root / PARSED_CACHE, code, {path: entry for path, entry in PARSED.items() if Path(path).is_relative_to(root)})
    return data


@lru_cache(maxsize=1)  # one store at a time: `mkdocs serve` makes a new one after every save
def _load_unchanged(root: Path, data_stamp: Stamp, page_stamp: Stamp) -> Store:
    with collector_paused():
        cached = _checked_store(root, data_stamp)
        if cached and cached[1] == page_stamp:  # a build after sync: nothing to check
            return cached[0]
        data = _data_unchanged(root, data_stamp)
        problems = [*data.problems, *check_pages(root, data)]  # after a page-only save: that page is read, no data
        if problems:
            raise DataError(problems)
        checked_here = not cached or data.store is not cached[0]
        if checked_here and _SHARED.get(root) != data_stamp:  # the next process (MkDocs after sync) reads it back
            key = (disk_cache.code_stamp(), data_stamp)
            disk_cache.write(root / STORE_CACHE, key, (data.store, page_stamp))
            disk_cache.write(root / CHECKS_CACHE, key, (data.practice_files, data.synonyms, data.data_text))
            _SHARED[root] = data_stamp  # once: `mkdocs serve` without sync need not pickle it again on each page save
        return data.store


_SHARED: dict[Path, Stamp] = {}  # the data each project's store was last written to .cache/ for, by this process


def ready_for_page_saves(root: Path | None = None) -> None:
    """Have what checking a saved page needs of the data (`mkdocs serve`, after its first build): read from .cache/
    now, the first save is rebuilt as quickly as the next (0.2 s sooner at 1,000 practices)."""
    root = (root or Path.cwd()).resolve()
    _data_unchanged(root, fingerprint(root))


def load_store(root: Path | None = None) -> Store:
    """The validated store of the project at `root` (default: the working directory).

    Built once per set of input files, so repeated calls in one build (or by an engine that
    calls define_env per page) cost a directory scan, `mkdocs serve` sees edits, and the MkDocs
    process after `python -m macros sync` unpickles what sync validated (0.05 s instead of
    2.7 s at 1,000 practices).
    """
    root = (root or Path.cwd()).resolve()
    return _load_unchanged(root, fingerprint(root), page_fingerprint(root))


def load_terms(root: Path | None = None) -> dict[str, Term]:
    """Only the glossary, validated by the same code as the store, re-read when the file changes.

    For the Markdown tooltip extension, which runs once per page and needs nothing else.
    """
    root = root or Path.cwd()  # not resolved: this runs once per page, and the key only has to be stable
    stat = (root / "data" / "glossary.yaml").stat()
    return _load_terms_unchanged(root, stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=1)
def _load_terms_unchanged(root: Path, size: int, mtime: int) -> dict[str, Term]:
    problems: list[Problem] = []
    key, model = LIST_FILES["glossary.yaml"]
    terms = load_list(root, "glossary.yaml", key, model, problems)
    if problems:
        raise DataError(problems)
    return terms.by_id()


def freshen_pages(root: Path) -> list[Path]:
    """Give each practice page whose data file changed after it the data file's time, so that `mkdocs serve --dirty`
    (which rebuilds only pages newer than their output) shows the edit. Returns the pages touched."""
    touched = []
    for data in (root / "data" / PRACTICE.folder).glob("*.yaml"):
        page = root / "docs" / PRACTICE.page(data.stem)
        try:
            changed = data.stat().st_mtime_ns
            if page.stat().st_mtime_ns < changed:
                os.utime(page, ns=(changed, changed))
                touched.append(page)
        except OSError:  # a page not written yet: the check names it
            continue
    return touched
