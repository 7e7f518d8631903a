"""Browser fixtures: the built site served on loopback, and Debian's headless Chromium via Playwright."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Route, sync_playwright

CHROMIUM = "/usr/bin/chromium"  # Debian's package; Playwright's own download cannot reach this network
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """Base URL of the built site served by a loopback HTTP server."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(built_site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} missing: apt-get install chromium (.ci/run does)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


def on_loopback(url: str) -> bool:
    return urlsplit(url).hostname in ("127.0.0.1", "localhost") or url.startswith(("data:", "blob:"))


def on_disk(url: str) -> bool:
    return urlsplit(url).scheme in ("file", "data", "blob")


def block_requests(context: BrowserContext, allowed: Callable[[str], bool]) -> list[str]:
    """Abort every request whose URL is not `allowed`; return the list the aborted URLs are recorded in."""
    attempted: list[str] = []

    def guard(route: Route) -> None:
        if allowed(route.request.url):
            route.continue_()
        else:
            attempted.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    return attempted
