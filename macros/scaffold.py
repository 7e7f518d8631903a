"""`python -m macros new practice <slug>`: a data file and a page from the templates, ready to fill.

The placeholders validate (the place, theme and source are checked against the data), so
`make check` and `make serve` work at once and show the new page with its （待填写） gaps.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from string import Template

import yaml

from .models import is_slug
from .page_kinds import PRACTICE
from .render.text import md
from .store import Store


class ScaffoldError(ValueError):
    """The request cannot be scaffolded; the message says why and what is known."""


def yaml_scalar(text: str) -> str:
    """`text` as a one-line YAML value that reads back as exactly this string."""
    return yaml.safe_dump(text, allow_unicode=True, width=10**9).removesuffix("\n...\n").rstrip("\n")


def _known(kind: str, id_: str, table: dict) -> None:
    if id_ not in table:
        raise ScaffoldError(f"未知的{kind} id: {id_}；已有: {'、'.join(table)}")


def practice_files(root: Path, store: Store, slug: str, name: str, place: str, theme: str, source: str) -> dict[Path, str]:
    """The two new files (path -> text) for a practice; refuses bad slugs, unknown ids and existing files."""
    if not is_slug(slug):
        raise ScaffoldError(f"id 格式不对: {slug!r}（小写拼音，用连字符连接，如 sanwei-zutuan）")
    name = name.strip()
    if not name:
        raise ScaffoldError("名称不能为空：NAME=做法名称（按报道原样）")
    if any(c in name for c in "\r\n\t") or not name.isprintable():
        raise ScaffoldError(f"名称必须是一行文字，不能含换行或控制字符: {name!r}")
    _known("地区", place, store.places)
    _known("主题", theme, store.themes)
    _known("来源", source, store.sources)
    # The name as a YAML scalar, quoted where YAML needs it (`: `, ` #`, yes, 123), and as the page's H1
    # (escaped as the check expects it).
    values = {"id": slug, "name": name, "name_yaml": yaml_scalar(name), "name_md": md(name),
              "place": place, "theme": theme, "source": source}
    templates = files("macros") / "templates"
    out = {
        root / "data" / PRACTICE.folder / f"{slug}.yaml": Template((templates / "practice.yaml").read_text(encoding="utf-8")),
        root / "docs" / PRACTICE.page(slug): Template((templates / "practice.md").read_text(encoding="utf-8")),
    }
    for path in out:
        if path.exists():
            raise ScaffoldError(f"{path.relative_to(root).as_posix()} 已存在，不覆盖")
    return {path: template.substitute(values) for path, template in out.items()}
