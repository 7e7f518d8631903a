"""Printing to PDF with Debian's headless Chromium: each course's handouts, 教师版 (the course page) and 学员版
(its case sheets, questions and terms). `python -m macros build` prints them into the new site when Chromium
is installed; `python -m macros pdf` prints them again into a built site.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .page_kinds import COURSE, HANDOUT_EDITIONS, handout_file, packet_file
from .store import Store

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--no-pdf-header-footer"]


def chromium() -> str | None:
    """The Chromium to print with (KB_CHROMIUM, else Debian's), or None: then no handout is printed and the course
    pages say how to get one. KB_PDF=0 turns printing off (the benchmark does, as plain Material prints nothing)."""
    if os.environ.get("KB_PDF") == "0":
        return None
    return os.environ.get("KB_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


def pdf_timeout() -> float:
    """Seconds to wait for Chromium to print one page (KB_PDF_TIMEOUT, default 60)."""
    try:
        return float(os.environ.get("KB_PDF_TIMEOUT", "60"))
    except ValueError:
        return 60.0


def run_bounded(command: list[str], timeout: float) -> tuple[int, str]:
    """Run `command` for at most `timeout` seconds: (exit status, stderr). On time-out its whole process group is
    killed (Chromium's helper processes would otherwise hold the pipes open) and TimeoutExpired is raised."""
    with subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True) as process:
        try:
            _, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise
        return process.returncode, stderr


def print_page(browser: str, page: Path, pdf: Path) -> str | None:
    """Print one page of a built site to `pdf`; None when it worked, else why not."""
    with tempfile.TemporaryDirectory() as profile:
        command = [browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={pdf}", page.as_uri()]
        try:
            returncode, stderr = run_bounded(command, pdf_timeout())
        except subprocess.TimeoutExpired as expired:
            return (f"printing {page} stopped after {expired.timeout:g} s: Chromium did not finish "
                    f"(a script on the page may block it; KB_PDF_TIMEOUT sets the wait)")
    if returncode != 0 or not pdf.exists() or pdf.stat().st_size == 0:
        return f"printing {page} failed:\n{stderr[-2000:]}"
    return None


def course_page(site_dir: Path, course_id: str) -> Path | None:
    """The built course page, with or without directory URLs."""
    built = (site_dir / COURSE.folder / course_id / "index.html", site_dir / COURSE.folder / f"{course_id}.html")
    return next((p for p in built if p.exists()), None)


def course_pdfs(store: Store, root: Path, site_dir: Path, browser: str | None = None) -> int:
    """Print both handouts of every course of a built site into site/downloads/courses/.

    The print stylesheets drop navigation and search and put the site, version and page number on every page;
    Chromium embeds the fonts it renders with (Noto Sans CJK from Debian), so the Chinese text is kept.
    """
    browser = browser or chromium()
    if browser is None:
        print("chromium not found: apt-get install chromium fonts-noto-cjk, or set KB_CHROMIUM", file=sys.stderr)
        return 1
    site_dir = (root / site_dir).resolve()
    jobs = []
    for id_ in store.courses:
        pages = {"jiaoshi": course_page(site_dir, id_), "xueyuan": site_dir / packet_file(id_)}
        for edition, page in pages.items():
            if page is None or not page.exists():
                print(f"{site_dir}: no {HANDOUT_EDITIONS[edition]} page for course {id_}; build the site first", file=sys.stderr)
                return 1
            pdf = site_dir / handout_file(id_, edition)
            pdf.parent.mkdir(parents=True, exist_ok=True)
            jobs.append((page, pdf))
    # two at a time: Chromium waits on fonts and files as much as it computes
    with ThreadPoolExecutor(max_workers=2) as pool:
        errors = [e for e in pool.map(lambda job: print_page(browser, *job), jobs) if e]
    for error in errors:
        print(error, file=sys.stderr)
    return 1 if errors else 0
