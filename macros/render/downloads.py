"""The 数据下载 page: links to the files `python -m macros build` writes beside the site."""

from __future__ import annotations

from ..downloads import FILES, FOLDER, metric_rows
from ..store import Store


def download_links(store: Store, to_site_root: str) -> str:
    """The list of downloads as HTML links (they are written after the build, so MkDocs must not check them)."""
    rows = len(metric_rows(store))
    lines = []
    for name, label in FILES.items():
        extra = f"，{rows} 行" if name.startswith("metrics") else ""
        lines.append(f'<li><a href="{to_site_root}{FOLDER}/{name}" download>{label}</a>（{name}{extra}）</li>')
    return '<ul class="kb-downloads">\n' + "\n".join(lines) + "\n</ul>"
