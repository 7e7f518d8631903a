"""python -m macros check | sync | new | build | pdf | dist — the commands editors and the Makefile use."""

from __future__ import annotations

import argparse
import hashlib
import multiprocessing
import os
import re
import shutil
import sys
import tempfile
import threading
import time
import zipfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from . import editorial_checks, generated, pdf, scaffold, shard
from .compaction import compact_site
from .downloads import write_downloads
from .loading import load_store
from .page_checks import page_problems
from .page_kinds import SHEETS_FOLDER
from .page_macros import page_macros
from .problems import DataError
from .release import release, release_env
from .render.finder import write_finder_data
from .render.sheets import write_sheets
from .search.analysis import forget_dictionary
from .search.build import INDEX_IN_SITE, index_script, save_index, site_index, write_index
from .store import Store


def _load(root: Path) -> Store | None:
    """The validated store, once data/ and the pages under docs/ pass every check; else None, after reporting why."""
    try:
        store = load_store(root)
        problems = page_problems(root, page_macros(store))
        if problems:
            raise DataError(problems)
    except DataError as error:
        print(error.report(), file=sys.stderr)
        return None
    return store


def check(root: Path) -> int:
    """Validate data/ and the practice pages; also report stale generated files."""
    store = _load(root)
    if store is None:
        return 1
    try:
        problems = generated.stale(root, store)
    except DataError as error:
        problems = error.problems
    problems += editorial_checks.placeholders(root)
    figures = editorial_checks.figure_problems(root, store)
    if figures is None:
        print(f"note: 原始报道不在 {editorial_checks.sources_dir(root)}（KB_SOURCES_DIR），未核对报道中的数字")
    problems += figures or []
    if problems:
        print(DataError(problems).report(), file=sys.stderr)
        return 1
    metrics = sum(len(p.metrics) for p in store.practices.values())
    place_metrics = sum(len(p.metrics) for p in store.places.values())
    print(
        f"ok: {len(store.practices)} practices, {metrics + place_metrics} metrics ({place_metrics} of places), {len(store.places)} places, "
        f"{len(store.sources)} sources, {len(store.themes)} themes, {len(store.terms)} terms"
    )
    return 0


def _synced(root: Path, index: bool = True) -> tuple[Store, float] | None:
    """Validate, then rewrite the generated files, the data downloads and (`index`) the search index: the validated
    store and the CPU seconds those outputs took (what plain Material does not make), or None after reporting why."""
    store = _load(root)
    if store is None:
        return None
    try:
        changed = generated.write(root, store)
    except DataError as error:
        print(error.report(), file=sys.stderr)
        return None
    begin = time.process_time()
    changed += write_beside_pages(store, root, index)
    extras_cpu = time.process_time() - begin
    for path in changed:
        print(f"wrote {path}")
    return store, extras_cpu


def write_beside_pages(store: Store, root: Path, index: bool = True) -> list[str]:
    """The files made from the data that sit beside the pages, not committed: the data downloads, the finder's data,
    the case sheets and (`index`) the search index. MkDocs copies them into the site; strict mode checks links to them."""
    written = write_downloads(store, root) + write_finder_data(store, root) + write_sheets(store, root, release(root))
    return written + (write_index(store, root) if index else [])


def _synced_apart(root: Path) -> float | None:
    """`_synced(root, index=False)` in a process of its own (forked: nothing is imported again), which ends with it:
    checking holds every file's parse tree besides the store, and a process keeps the memory it once used. Its CPU
    seconds for the data downloads, or None after it reported why not; what it checked is read back from .cache/."""
    if "fork" not in multiprocessing.get_all_start_methods():  # Windows: here, at the cost of the memory
        return _synced_cpu(root)
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as apart:
        return apart.submit(_synced_cpu, root).result()


def _synced_cpu(root: Path) -> float | None:
    synced = _synced(root, index=False)
    return None if synced is None else synced[1]


def sync(root: Path) -> int:
    """Validate, then rewrite the generated files."""
    return 0 if _synced(root) is not None else 1


def directory_urls(config: Path) -> bool:
    """Whether a configuration builds directory URLs (practices/x/) rather than files (practices/x.html)."""
    return re.search(r"^use_directory_urls:\s*false\b", config.read_text(encoding="utf-8"), re.M) is None


def build(root: Path, site_dir: Path, config: str, strict: bool = True) -> int:
    """Build into a temporary folder and replace `site_dir` only if the build succeeded; say where the time went."""
    start = time.perf_counter()
    extras_cpu = _synced_apart(root)
    if extras_cpu is None:
        print(f"build stopped; {site_dir} left as it was", file=sys.stderr)
        return 1
    store = load_store(root)  # as checked apart: unpickled, as each MkDocs process does
    synced = time.perf_counter()
    site_dir = (root / site_dir).resolve()
    try:
        site_dir.parent.mkdir(parents=True, exist_ok=True)
        remove_abandoned_staging(site_dir)
        staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-new-{os.getpid()}-", dir=site_dir.parent))
    except OSError as error:
        print(f"build stopped: cannot write in {site_dir.parent}: {error.strerror or error}; {site_dir} left as it was", file=sys.stderr)
        return 1
    command = [sys.executable, "-m", "mkdocs", "build", "-f", config, "-d", str(staging)]
    # the footer's version and date are passed in through the configuration (mkdocs.yml: extra)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **release_env(root)}
    # The search index needs only the store: made on the second core while MkDocs renders, then written into the
    # new site (over any older copy MkDocs took from docs/) and beside the pages for `mkdocs serve`.
    index: list[bytes] = []
    index_cpu: list[float] = []

    def make_index() -> None:
        begin = time.thread_time()
        index.append(index_script(site_index(store, root)))  # UTF-8, held until the site is finished: half the text's size
        forget_dictionary()
        index_cpu.append(time.thread_time() - begin)

    indexing = threading.Thread(target=make_index, daemon=True)
    indexing.start()
    returncode = shard.run_mkdocs([*command, "--strict"] if strict else command, root, env, shard.processes_for(len(store.practices)))
    indexing.join()
    rendered = time.perf_counter()
    if returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"build failed (exit {returncode}); {site_dir} left as it was", file=sys.stderr)
        return returncode
    shard.remove_exchange_files(staging)
    if not index:  # the thread failed, and said why
        shutil.rmtree(staging, ignore_errors=True)
        print(f"build stopped: the search index could not be made; {site_dir} left as it was", file=sys.stderr)
        return 1
    finished = _finish(root, staging, store, config, index[0])
    if isinstance(finished, str):
        shutil.rmtree(staging, ignore_errors=True)
        print(f"build stopped: {finished}; {site_dir} left as it was", file=sys.stderr)
        return 1
    finish_cpu, printing = finished
    ready = time.perf_counter()
    try:
        swap_in(staging, site_dir)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"build stopped: cannot replace {site_dir}: {error.strerror or error}; {site_dir} left as it was", file=sys.stderr)
        return 1
    done = time.perf_counter()
    extras = extras_cpu + sum(index_cpu) + finish_cpu
    print(
        f"built {site_dir} in {done - start:.1f} s: check and sync {synced - start:.1f} s "
        f"(data downloads, search index and compaction {extras:.1f} s CPU), MkDocs {rendered - synced:.1f} s, "
        f"finishing {ready - rendered:.1f} s (handout PDFs {printing:.1f} s), swap {done - ready:.1f} s"
    )
    return 0


def _finish(root: Path, staging: Path, store: Store, config: str, index: bytes) -> tuple[float, float] | str:
    """What the build adds to MkDocs' output before it goes live: the search index, the case sheets in this build's
    URL style, smaller pages, the handout PDFs the course pages link to. Returns the CPU seconds of the first
    three and the seconds spent printing, or why the build must stop."""
    begin = time.process_time()
    save_index(staging, index, INDEX_IN_SITE)
    save_index(root, index)
    if not directory_urls(root / config):  # the sheets' links back to the site (docs/sheets/ has directory URLs)
        write_sheets(store, root, release(root), staging / SHEETS_FOLDER, directory_urls=False)
    compact_site(staging)
    cpu = time.process_time() - begin
    printing = time.perf_counter()
    if store.courses:
        browser = pdf.chromium()
        if browser is None:
            print("课程讲义 PDF 未生成：没有 Chromium（apt-get install chromium fonts-noto-cjk，或设置 KB_CHROMIUM），或 KB_PDF=0；"
                  "课程页已改为说明获取办法", file=sys.stderr)
        elif pdf.course_pdfs(store, root, staging, browser) != 0:
            return "a course handout could not be printed"
    return cpu, time.perf_counter() - printing


def swap_in(staging: Path, site_dir: Path) -> None:
    """Replace `site_dir` by the finished `staging` folder: two renames, so readers never see half a site."""
    old = site_dir.with_name(f".{site_dir.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if site_dir.exists():
        site_dir.rename(old)
    try:
        staging.rename(site_dir)
    except OSError:
        if old.exists():
            old.rename(site_dir)  # put the published site back
        raise
    shutil.rmtree(old, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def remove_abandoned_staging(site_dir: Path) -> list[Path]:
    """Staging folders (`.site-new-<pid>-…`) that an interrupted build left beside `site_dir`: those whose
    build process is gone (and unnamed ones from before the pid was in the name) are removed."""
    removed = []
    for folder in site_dir.parent.glob(f".{site_dir.name}-new-*"):
        pid = folder.name.removeprefix(f".{site_dir.name}-new-").partition("-")[0]
        if folder.is_dir() and not (pid.isdigit() and _alive(int(pid))):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def new_practice(root: Path, slug: str, name: str, place: str, theme: str, source: str) -> int:
    """Write data/practices/<slug>.yaml and docs/practices/<slug>.md from the templates, then sync the nav."""
    store = _load(root)
    if store is None:
        return 1
    try:
        new_files = scaffold.practice_files(root, store, slug, name, place, theme, source)
    except scaffold.ScaffoldError as error:
        print(error, file=sys.stderr)
        return 1
    for path, text in new_files.items():
        path.write_text(text, encoding="utf-8")
    if sync(root) != 0:
        for path in new_files:
            path.unlink(missing_ok=True)
        print("新做法未建立：上面的问题出在新文件中，两个文件已删除", file=sys.stderr)
        return 1
    for path in new_files:
        print(f"wrote {path.relative_to(root).as_posix()}")
    print("下一步：填写上面两个文件中的（待填写），然后 make check、make serve")
    return 0


def course_pdfs(root: Path, site_dir: Path) -> int:
    """Validate, then print every course page of the built site (macros/pdf.py)."""
    store = _load(root)
    return 1 if store is None else pdf.course_pdfs(store, root, site_dir)


OFFLINE_SHIM = "overrides/assets/javascripts/iframe-worker-shim.js"


def dist(root: Path, out_dir: Path) -> int:
    """Build both variants; zip the file:// one as dist/<name>-<version>.zip with a .sha256 beside it."""
    if not (root / OFFLINE_SHIM).exists():
        print(f"{OFFLINE_SHIM} missing: run `make offline-assets` (npm install copies it in)", file=sys.stderr)
        return 1
    if pdf.chromium() is None:
        print("chromium not found: the zip carries the course handouts; apt-get install chromium fonts-noto-cjk", file=sys.stderr)
        return 1
    for site_dir, config in ((Path("site"), "mkdocs.yml"), (Path("site-offline"), "mkdocs-offline.yml")):
        code = build(root, site_dir, config)
        if code != 0:
            return code
    current = release(root)
    name = f"{current.name}-{current.label}"
    out = (root / out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    archive = out / f"{name}.zip"
    partial = archive.with_suffix(".zip.partial")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted((root / "site-offline").rglob("*")):
            if path.is_file():
                zf.write(path, f"{name}/{path.relative_to(root / 'site-offline').as_posix()}")
    partial.replace(archive)
    digest = hashlib.sha256(archive.read_bytes()).hexdigest()
    (out / f"{name}.zip.sha256").write_text(f"{digest}  {archive.name}\n", encoding="utf-8")
    print(f"wrote {archive} ({archive.stat().st_size / 1e6:.1f} MB), sha256 {digest}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros", description="基层治理实践知识库：数据校验与构建")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="项目根目录（默认当前目录）")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="校验 data/ 与做法页面，列出全部问题")
    commands.add_parser("sync", help="校验后重新生成 data/generated/ 中的文件")
    b = commands.add_parser("build", help="构建站点；失败时保留原有输出")
    b.add_argument("--site-dir", type=Path, default=Path("site"))
    b.add_argument("-f", "--config-file", default="mkdocs.yml")
    d = commands.add_parser("dist", help="构建网站版和离线版，把离线版打包为 dist/<名称>-<版本>.zip 及其 .sha256")
    d.add_argument("--out-dir", type=Path, default=Path("dist"))
    n = commands.add_parser("new", help="按模板新建一个做法（数据文件 + 页面）")
    n.add_argument("kind", choices=["practice"])
    n.add_argument("slug", help="做法 id：小写拼音，连字符连接，如 tese-shequ")
    n.add_argument("--name", required=True, help="做法名称，按报道原样，如 特色社区")
    n.add_argument("--place", required=True, help="地区 id（data/places.yaml）")
    n.add_argument("--theme", required=True, help="一个主题 id（data/themes.yaml），之后可再加")
    n.add_argument("--source", required=True, help="来源 id（data/sources.yaml）")
    pdf = commands.add_parser("pdf", help="把每门课程重新打印为讲义 PDF（site/downloads/courses/ 下的教师版、学员版），需要先构建")
    pdf.add_argument("--site-dir", type=Path, default=Path("site"))
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if args.command == "check":
        return check(root)
    if args.command == "sync":
        return sync(root)
    if args.command == "pdf":
        return course_pdfs(root, args.site_dir)
    if args.command == "new":
        return new_practice(root, args.slug, args.name, args.place, args.theme, args.source)
    if args.command == "dist":
        return dist(root, args.out_dir)
    return build(root, args.site_dir, args.config_file)
