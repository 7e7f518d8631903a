"""The 数据下载 page: links to the files `python -m macros build` writes beside the site."""

from __future__ import annotations

from ..downloads import FILES, FOLDER, metric_rows
from ..store import Store
from .text import relative_link


def download_links(store: Store, here: str) -> str:
    """The list of downloads, linked relative to this page's source file (the files lie beside the pages)."""
    rows = len(metric_rows(store))
    lines = []
    for name, label in FILES.items():
        extra = f"，{rows} 行" if name.startswith("metrics") else ""
        lines.append(f"- [{label}]({relative_link(here, f'{FOLDER}/{name}')}){{: download }}（{name}{extra}）")
    return "\n".join(lines)
