"""Smaller pages: the indentation Material's templates leave in every built page, taken out after the build.

A practice page at 5,000 practices is about 40 % indentation (the navigation is deeply nested templates). Only
whitespace after a line break goes; the line breaks stay, so scripts keep their meaning, and blocks that show
their whitespace (<pre>, <textarea>) are left as they are.
"""

from __future__ import annotations

import re
from pathlib import Path

_INDENT = re.compile(rb"\n\s+")
_VERBATIM = re.compile(rb"<(pre|textarea)\b.*?</\1>", re.S | re.I)


def compact(html: bytes) -> bytes:
    """The page with the whitespace after each line break removed, outside <pre> and <textarea>."""
    if b"<pre" not in html and b"<textarea" not in html:  # nearly every page: one pass
        return _INDENT.sub(b"\n", html)
    out, at = [], 0
    for block in _VERBATIM.finditer(html):
        out += [_INDENT.sub(b"\n", html[at : block.start()]), block.group()]
        at = block.end()
    out.append(_INDENT.sub(b"\n", html[at:]))
    return b"".join(out)


def compact_site(site: Path) -> int:
    """Compact every HTML page under `site` in place; the bytes saved."""
    saved = 0
    for page in site.rglob("*.html"):
        html = page.read_bytes()
        smaller = compact(html)
        if len(smaller) < len(html):
            page.write_bytes(smaller)
            saved += len(html) - len(smaller)
    return saved
