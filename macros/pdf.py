"""Printing pages to PDF with Debian's headless Chromium: the course handouts (`python -m macros pdf`)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from .page_kinds import COURSE
from .store import Store

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--no-pdf-header-footer"]


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


def course_pdfs(store: Store, root: Path, site_dir: Path) -> int:
    """Print every course page of a built site to site/downloads/courses/<id>.pdf with headless Chromium.

    The print stylesheet drops navigation and search and adds the footer (site, page, version, date);
    Chromium embeds the fonts it renders with (Noto Sans CJK from Debian), so the Chinese text is kept.
    """
    chromium = os.environ.get("KB_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("chromium not found: apt-get install chromium fonts-noto-cjk, or set KB_CHROMIUM", file=sys.stderr)
        return 1
    site_dir = (root / site_dir).resolve()
    out = site_dir / "downloads" / COURSE.folder
    out.mkdir(parents=True, exist_ok=True)
    for id_ in store.courses:
        built = (site_dir / COURSE.folder / id_ / "index.html", site_dir / COURSE.folder / f"{id_}.html")  # with or without directory URLs
        page = next((p for p in built if p.exists()), None)
        if page is None:
            print(f"{site_dir}: no page for course {id_}; build the site first", file=sys.stderr)
            return 1
        pdf = out / f"{id_}.pdf"
        with tempfile.TemporaryDirectory() as profile:
            command = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={pdf}", page.as_uri()]
            try:
                returncode, stderr = run_bounded(command, pdf_timeout())
            except subprocess.TimeoutExpired as expired:
                print(f"printing {page} stopped after {expired.timeout:g} s: Chromium did not finish "
                      f"(a script on the page may block it; KB_PDF_TIMEOUT sets the wait)", file=sys.stderr)
                return 1
        if returncode != 0 or not pdf.exists() or pdf.stat().st_size == 0:
            print(f"printing {page} failed:\n{stderr[-2000:]}", file=sys.stderr)
            return 1
        print(f"wrote {pdf.relative_to(root) if pdf.is_relative_to(root) else pdf}")
    return 0
