"""`make bench` / `python -m bench`: build synthetic corpora of N practices and print what it costs.

For each N: our build (real config, macros, data layer) and a plain-Material build of the same
pages with static tables, each in its own process; then the time `mkdocs serve --dirty` takes to
rebuild after one practice page is edited, and the time Chromium takes to answer a first search.
Timings are wall-clock seconds on this machine; nothing here is a test.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from . import corpus

# KB_PDF=0: no course handouts (plain Material prints nothing; printing is Chromium's time, about 1 s a PDF)
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KB_PDF": "0"}
# Runs one command and reports its wall time, CPU time and peak resident memory: of all its processes together,
# sampled every 0.1 s (a build above SHARD_FROM practices runs the parent and two MkDocs processes at once; the
# largest single one, getrusage's figure, is also kept, as a floor for peaks shorter than a sample).
# CPU seconds are what the ratios use: on this shared virtual machine wall time varies by a third
# from one run to the next (steal time), CPU time by a few per cent.
MEASURE = """
import json, os, resource, subprocess, sys, tempfile, time
PAGE = os.sysconf("SC_PAGE_SIZE")

def read(path):
    try:
        with open(path) as f:
            return f.read()
    except OSError:  # the process ended meanwhile
        return ""

def tree_rss(root):
    children = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        stat = read(f"/proc/{pid}/stat")
        if stat:
            children.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(pid))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, []))
        statm = read(f"/proc/{pid}/statm").split()
        total += int(statm[1]) * PAGE if statm else 0
    return total

with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
    start = time.perf_counter()
    process = subprocess.Popen(sys.argv[1:], stdout=out, stderr=err, text=True)
    peak = 0
    while process.poll() is None:
        peak = max(peak, tree_rss(process.pid))
        time.sleep(0.1)
    seconds = time.perf_counter() - start
    out.seek(0), err.seek(0)
    if process.returncode:
        sys.exit(err.read()[-3000:])
    last = (out.read().strip().splitlines() or [""])[-1]
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime,
                  "rss_mb": max(peak / 2**20, usage.ru_maxrss / 1024), "last": last}))
"""


@dataclass
class Build:
    n: int
    variant: str
    seconds: float
    cpu: float
    rss_mb: float
    output_mb: float
    index_mb: float
    indexed_text_mb: float
    largest_page: str
    largest_kb: float
    largest_five: list[tuple[str, float]]  # (page, kB), the five largest HTML pages
    median_practice_kb: float
    extras_cpu: float = 0.0  # ours only: downloads, search index, finder data, case sheets, compaction


def measure_build(project: Path, site: Path, n: int, variant: str) -> Build:
    """Ours is the pipeline `make build` runs (sync, strict build, index compaction, swap); plain is `mkdocs build`."""
    if variant == "ours":
        shutil.rmtree(project / ".cache", ignore_errors=True)  # cold, as in a fresh clone: nothing parsed yet
        command = [sys.executable, "-m", "macros", "build", "--site-dir", str(site)]
    else:
        # not -q: it hides warnings from strict mode's counter, so a broken corpus would pass
        command = [sys.executable, "-m", "mkdocs", "build", "-d", str(site)]
    result = subprocess.run([sys.executable, "-c", MEASURE, *command], cwd=project, env=ENV, capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"{variant} build of N={n} failed:\n{result.stderr}")
    timing = json.loads(result.stdout)
    files = [p for p in site.rglob("*") if p.is_file()]
    pages = [p for p in files if p.suffix == ".html"]
    by_size = sorted(pages, key=lambda p: p.stat().st_size, reverse=True)
    largest = by_size[0]
    practice_sizes = sorted(p.stat().st_size for p in pages if p.relative_to(site).parts[0] == "practices")
    # ours: the site's own index (macros/search/); plain: Material's, with the text it indexed
    index = site / "assets" / "javascripts" / "kb-search-index.js" if variant == "ours" else site / "search" / "search_index.json"
    docs = [] if variant == "ours" else json.loads(index.read_text(encoding="utf-8"))["docs"]
    indexed = sum(len((d["title"] + d["text"]).encode()) for d in docs)
    # `python -m macros build` ends with "… (data downloads, search index and compaction 1.1 s CPU), MkDocs …, swap 0.0 s"
    extras = re.search(r"data downloads, search index and compaction ([\d.]+) s CPU", timing["last"])
    return Build(
        n, variant, timing["seconds"], timing["cpu"], timing["rss_mb"], sum(p.stat().st_size for p in files) / 1e6,
        index.stat().st_size / 1e6, indexed / 1e6, largest.relative_to(site).as_posix(), largest.stat().st_size / 1e3,
        [(p.relative_to(site).as_posix(), p.stat().st_size / 1e3) for p in by_size[:5]],
        practice_sizes[len(practice_sizes) // 2] / 1e3 if practice_sizes else 0.0,
        float(extras.group(1)) if extras else 0.0,
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(log, pattern: str, after: int, server: subprocess.Popen, timeout: float) -> re.Match:
    """Poll the server's log (from offset `after`) until `pattern` appears."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        log.seek(after)
        match = re.search(pattern, log.read())
        if match:
            return match
        if server.poll() is not None:
            log.seek(0)
            raise SystemExit(f"mkdocs serve stopped:\n{log.read()[-3000:]}")
        time.sleep(0.05)
    raise SystemExit(f"mkdocs serve: no {pattern!r} within {timeout} s")


def measure_serve_rebuild(project: Path, timeout: float = 900) -> list[tuple[float, float]]:
    """Seconds from saving an edit to `mkdocs serve --dirty` finishing its rebuild, and the build time MkDocs itself
    reports, for two edits in turn: one practice page, then one practice's data file. (--no-strict: a dirty
    build warns.)"""
    command = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--no-strict", "-a", f"127.0.0.1:{_free_port()}"]
    pages = sorted((project / "docs" / "practices").glob("zuofa-*.md"))
    page = pages[len(pages) // 2]
    data = project / "data" / "practices" / f"{page.stem}.yaml"
    edits = [
        (page, page.read_text(encoding="utf-8") + "\n补记一句：这是基准测试中的一次编辑。\n"),
        (data, data.read_text(encoding="utf-8").replace("summary: ", "summary: 基准测试改过的概括。", 1)),
    ]
    timings = []
    with tempfile.TemporaryFile(mode="w+") as log:
        server = subprocess.Popen(command, cwd=project, env=ENV, stdout=log, stderr=log, text=True)
        try:
            _wait_for(log, r"Serving on", 0, server, timeout)
            for path, text in edits:
                time.sleep(2)  # let the file watcher settle
                mark = log.seek(0, 2)
                start = time.perf_counter()
                path.write_text(text, encoding="utf-8")
                reported = _wait_for(log, r"Documentation built in ([\d.]+) seconds", mark, server, timeout)
                timings.append((time.perf_counter() - start, float(reported.group(1))))
            return timings
        finally:
            server.terminate()
            server.wait(timeout=30)


def measure_first_search(site: Path, query: str, trials: int = 5) -> tuple[list[float], float]:
    """Milliseconds from a first query to the first result, in Debian's Chromium, one figure per trial, each in a
    fresh browser context (own cache); and the kilobytes (gzip) the first page view loads before any search.
    Ours loads its index on the first use of the box, so its figure includes loading the index."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    from playwright.sync_api import sync_playwright

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run"]
    timings = []
    first_view: list[float] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=flags)
            for _ in range(trials):
                context = browser.new_context()
                page = context.new_page()
                loaded: list[str] = []
                page.on("requestfinished", lambda request, loaded=loaded: loaded.append(request.url))
                page.goto(f"http://127.0.0.1:{server.server_address[1]}/", wait_until="networkidle")
                first_view.append(sum(_gzip_kb(site, url) for url in loaded))
                box = page.locator("input.md-search__input")
                start = time.perf_counter()
                box.click()
                box.fill(query)  # ours searches on this input event
                box.press("End")  # Material's on this key
                page.wait_for_selector(".md-search-result__item", timeout=120_000)
                timings.append((time.perf_counter() - start) * 1000)
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return timings, statistics.median(first_view)


def _gzip_kb(site: Path, url: str) -> float:
    """The size of a served file, gzip-compressed as a web server would send it."""
    import gzip
    from urllib.parse import unquote, urlsplit

    path = site / unquote(urlsplit(url).path).lstrip("/")
    path = path / "index.html" if path.is_dir() else path
    return len(gzip.compress(path.read_bytes())) / 1e3 if path.is_file() else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[100, 1000, 5000], help="N: numbers of practices")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "kb-bench", help="where corpora and sites go")
    parser.add_argument("--interactive-at", type=int, default=1000, help="N for the serve-rebuild and first-search measurements (0: skip)")
    parser.add_argument("--interactive-only", action="store_true", help="skip the build table")
    parser.add_argument("--repeat", type=int, default=1, help="build each variant this many times, alternating, and keep the fastest")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    if not args.interactive_only:
        build_table(args.sizes, args.work, args.repeat)
    if args.interactive_at:
        interactive(args.interactive_at, args.work)
    return 0


def build_table(requested: list[int], work: Path, repeat: int = 1) -> None:
    """Build every N (and N/10) in both variants; print the table.

    With `repeat` > 1 the variants are built in turn that many times and the fastest run of each is
    kept: on this shared machine a burst of steal time can slow one run by a fifth, and the minimum is
    the run least disturbed.
    """
    builds: dict[tuple[int, str], Build] = {}
    sizes = sorted(set(requested) | {max(1, n // 10) for n in requested})
    for n in sizes:
        ours = corpus.write_ours(work / f"ours-{n}", n)
        plain = corpus.write_plain(ours, work / f"plain-{n}") if n in requested else None
        for _ in range(repeat):
            for variant, project in (("ours", ours), ("plain", plain)):
                if project is not None:
                    b = measure_build(project, work / f"site-{variant}-{n}", n, variant)
                    if (n, variant) not in builds or b.cpu < builds[n, variant].cpu:
                        builds[n, variant] = b
        print(f"built N={n}", file=sys.stderr)

    print("| N | variant | wall s | CPU s | CPU ×N/10 | CPU ours/plain | peak MB, all processes | output MB | search index MB "
          "| indexed text MB | index/text | largest page |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for n in requested:
        for variant in ("ours", "plain"):
            b = builds[n, variant]
            tenth = builds.get((max(1, n // 10), "ours"))
            growth = f"{b.cpu / tenth.cpu:.1f}" if variant == "ours" and tenth else ""
            ratio = f"{b.cpu / builds[n, 'plain'].cpu:.2f}" if variant == "ours" else ""
            print(
                f"| {n} | {variant} | {b.seconds:.1f} | {b.cpu:.1f} | {growth} | {ratio} | {b.rss_mb:.0f} | {b.output_mb:.1f} | "
                f"{b.index_mb:.1f} | {b.indexed_text_mb:.1f} | {f'{b.index_mb / b.indexed_text_mb:.2f}' if b.indexed_text_mb else '—'} | "
                f"{b.largest_page} ({b.largest_kb:.0f} kB) |"
            )
    for n in requested:
        ours, plain = builds[n, "ours"], builds[n, "plain"]
        print(f"\nN={n}: ours spent {ours.extras_cpu:.1f} s CPU on the data downloads, its search index, the finder's data, the "
              f"case sheets and compaction, which plain Material does not do; without them ours/plain = "
              f"{(ours.cpu - ours.extras_cpu) / plain.cpu:.2f}")
        for variant, b in (("ours", ours), ("plain", plain)):
            five = ", ".join(f"{page} {kb:.0f}" for page, kb in b.largest_five)
            print(f"N={n} {variant}: median practice page {b.median_practice_kb:.0f} kB; five largest pages (kB): {five}")


def interactive(n: int, work: Path) -> None:
    """First search in Chromium and a `mkdocs serve --dirty` rebuild, on a corpus of N practices."""
    ours = work / f"ours-{n}"
    if not ours.exists():
        corpus.write_ours(ours, n)
    site = work / f"site-ours-{n}"
    if not site.exists():
        measure_build(ours, site, n, "ours")
    search_ms, first_view_kb = measure_first_search(site, "样例做法")
    search_ms.sort()
    plain_site = work / f"site-plain-{n}"
    if plain_site.exists():  # the same corpus with Material's own search, for the side-by-side figures
        plain_ms, plain_kb = measure_first_search(plain_site, "样例做法")
        print(f"\nN={n}: plain Material's first search {statistics.median(plain_ms):.0f} ms (median of {len(plain_ms)}), "
              f"first page view {plain_kb:.0f} kB gzip (its search index loads with the page)")
    (page_wall, page_reported), (data_wall, data_reported) = measure_serve_rebuild(ours)
    print(f"\nN={n}: first search in Chromium {statistics.median(search_ms):.0f} ms "
          f"(median of {len(search_ms)}, {search_ms[0]:.0f}–{search_ms[-1]:.0f}; index loaded on first use included), "
          f"first page view {first_view_kb:.0f} kB gzip; `mkdocs serve --dirty` rebuild after editing one page "
          f"{page_wall:.1f} s (MkDocs reports {page_reported:.2f} s), after editing one practice's data file "
          f"{data_wall:.1f} s (MkDocs reports {data_reported:.2f} s)")
