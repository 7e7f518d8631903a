"""One MkDocs build split over processes, so that a large collection renders on every core.

`python -m macros build` starts one MkDocs process per shard with KB_SHARD=i/n (run_mkdocs, below), all writing into the same
new site folder. Each process renders in full only the pages whose path falls to its shard (a stable hash);
of every other page it reads just the front matter. What a page needs of the others is little: their titles
(the navigation) and their anchors (MkDocs' check of links to them). So once every process has rendered its
own pages (MkDocs' `env` event), each writes those two things into an exchange file in the site folder, reads
the others', and fills them in before any page is written: every page comes out as a single process would
make it (a test compares the two sites byte for byte), and every link and anchor is checked once.
Static files are copied by the shard they fall to; the 404 page and the sitemap by shard 0
(leave_static_pages_out, which `make serve FAST=1` also uses for its rebuilds).

The MkDocs hooks that call this are in macros/speed_hooks.py (mkdocs.yml: hooks). An engine without them
must not be asked to shard: every process would then build the whole site.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import time
import zlib
from pathlib import Path
from types import MethodType
from typing import Any

from .yaml_files import read_page, split_front_matter

ENV = "KB_SHARD"  # "i/n": this process renders shard i of n
SKIP_TEMPLATE = "kb-shard-skip.html"  # overrides/: renders nothing, so MkDocs writes nothing for another shard's page
EXCHANGE = ".kb-shard-{}.json"  # in the site folder, removed by `python -m macros build`
WAIT_SECONDS = 3600  # how long a shard waits for the others (the parent stops them all when one fails)


def current() -> tuple[int, int] | None:
    """(i, n) from KB_SHARD, or None when this process builds the whole site."""
    value = os.environ.get(ENV, "")
    index, _, count = value.partition("/")
    if not (index.isdigit() and count.isdigit()) or not 0 <= int(index) < int(count) or int(count) < 2:
        return None
    return int(index), int(count)


def shard_of(src_uri: str, count: int) -> int:
    """The shard a file falls to: stable across processes and runs (not Python's salted hash)."""
    return zlib.crc32(src_uri.encode("utf-8")) % count


def mine(src_uri: str) -> bool:
    shard = current()
    return shard is None or shard_of(src_uri, shard[1]) == shard[0]


class _QuietSkips(logging.Filter):
    """MkDocs says "Page skipped … Generated empty output" for every page of another shard: not news."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.levelno == logging.INFO and record.getMessage().endswith("Generated empty output."))


def configure(config: Any) -> None:
    """Shards other than 0 leave the theme's static pages (404, sitemap) to shard 0."""
    _NOT_RENDERED.clear()  # decided again for every build (tests build several times in one process)
    shard = current()
    if shard is None:
        return
    logging.getLogger("mkdocs.commands.build").addFilter(_QuietSkips())
    if shard[0] != 0:
        leave_static_pages_out(config)


_NOT_RENDERED: set[str] = set()  # the static pages this build does not render (nor copy as raw templates)


def leave_static_pages_out(config: Any) -> None:
    """This build renders neither the theme's static pages (404, sitemap) nor the extra templates: another
    process does (shard 0), or an earlier build did (`make serve FAST=1`)."""
    _NOT_RENDERED.update(config.theme.static_templates, config.extra_templates)
    config.theme.static_templates.clear()
    config.extra_templates = []


def split_static_files(files: Any) -> None:
    """The static pages left out are not copied raw either; each static file is copied by the shard it falls to."""
    sharded = current() is not None
    for file in list(files):
        if file.src_uri in _NOT_RENDERED and file.generated_by is None:
            files.remove(file)
        elif sharded and not file.is_documentation_page() and not mine(file.src_uri):
            file.copy_file = _copy_nothing


def _copy_nothing(dirty: bool = False) -> None:
    return None


def front_matter_only(page: Any) -> str | None:
    """For a page of another shard, its source cut after the front matter (its meta is all this process needs);
    None for this shard's pages (MkDocs reads them as usual)."""
    if mine(page.file.src_uri):
        return None
    parts = split_front_matter(read_page(Path(page.file.abs_src_path)))
    return "" if parts is None else f"---\n{parts[0]}\n---\n"


def set_aside(page: Any) -> None:
    """A page of another shard is not rendered here: MkDocs' Markdown step is replaced, for this page only, by one
    that leaves it empty, so nothing of it is converted, checked or written in this process."""
    if not mine(page.file.src_uri):
        page.render = MethodType(_render_nothing, page)


def _render_nothing(page: Any, config: Any, files: Any) -> None:
    page.content = ""
    page.present_anchor_ids = None  # filled in from its shard's exchange file
    page.links_to_anchors = {}  # its own links are checked by its shard
    page.meta["template"] = SKIP_TEMPLATE


def let_go_of_source(page: Any) -> None:
    """A rendered page's Markdown is not needed again (MkDocs keeps it, and every page's HTML, until the last page is
    written): 27 MB of each process at 5,000 practices. Emptied, not None, which MkDocs reads as "title unknown"."""
    page.markdown = ""


def exchange(files: Any, site_dir: str) -> None:
    """Write what this shard's pages show of themselves, wait for the other shards, and fill theirs in."""
    shard = current()
    if shard is None:
        return
    index, count = shard
    folder = Path(site_dir)
    folder.mkdir(parents=True, exist_ok=True)
    pages = [f.page for f in files.documentation_pages() if f.page is not None]
    own = {p.file.src_uri: [p.title, sorted(p.present_anchor_ids or ())] for p in pages if mine(p.file.src_uri)}
    partial = folder / (EXCHANGE.format(index) + ".partial")
    partial.write_text(json.dumps(own, ensure_ascii=False), encoding="utf-8")
    partial.replace(folder / EXCHANGE.format(index))
    theirs: dict[str, list] = {}
    for other in range(count):
        if other != index:
            theirs.update(_wait_for(folder / EXCHANGE.format(other)))
    for page in pages:
        if page.file.src_uri in theirs:
            title, anchors = theirs[page.file.src_uri]
            page.meta["title"] = title
            page.present_anchor_ids = set(anchors)


def _wait_for(path: Path) -> dict[str, list]:
    deadline = time.monotonic() + WAIT_SECONDS
    while not path.exists():
        if time.monotonic() > deadline:
            raise RuntimeError(f"{path.name} did not appear: another shard of the build has stopped")
        time.sleep(0.05)
    return json.loads(path.read_text(encoding="utf-8"))


def remove_exchange_files(site_dir: Path) -> None:
    for path in site_dir.glob(EXCHANGE.format("*")):
        path.unlink(missing_ok=True)


SHARD_FROM = 2000  # practices: below this a build takes under a minute, and a second process would add about a tenth to its CPU


def processes_for(practices: int) -> int:
    """How many MkDocs processes render the site: KB_BUILD_SHARDS if set, else one per core (at most two, as this
    machine has) for a collection large enough to gain from it."""
    wanted = os.environ.get("KB_BUILD_SHARDS", "")
    if wanted.isdigit() and int(wanted) >= 1:
        return int(wanted)
    return min(2, os.cpu_count() or 1) if practices >= SHARD_FROM else 1


def run_mkdocs(command: list[str], root: Path, env: dict[str, str], shards: int) -> int:
    """Run MkDocs as `shards` processes (one per shard, as above), all into the same folder; the first to fail stops the
    others, which would otherwise wait for its part. Returns the first non-zero exit status, or 0."""
    if shards <= 1:
        return subprocess.run(command, cwd=root, env=env).returncode
    running = [subprocess.Popen(command, cwd=root, env={**env, ENV: f"{i}/{shards}"}) for i in range(shards)]
    try:
        while running:
            for process in list(running):
                code = process.poll()
                if code is None:
                    continue
                running.remove(process)
                if code != 0:
                    return code
            time.sleep(0.05)
        return 0
    finally:
        for process in running:
            process.kill()
            process.wait()
