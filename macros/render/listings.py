"""Browsing pages: the place tree, the themes, the glossary."""

from __future__ import annotations

from ..store import Store
from .cards import practice_link
from .text import md


def place_tree(store: Store, here: str) -> str:
    """省 → 市 → 区县 → 街道, one heading (and anchor) per place, each with the practices located there."""
    blocks = []

    def walk(parent: str | None, depth: int) -> None:
        for place in store.children(parent):
            practices = [p for p in store.practices.values() if p.place == place.id]
            below = [p for p in store.practices_in(place.id) if p.place != place.id]
            lines = [f"{'#' * min(depth, 6)} {md(place.name)} {{#{place.id}}}", "", f"层级：{place.level.value}"]
            if place.note:
                lines[-1] += f"。{md(place.note)}"
            if practices:
                lines += ["", "本地做法：" + "、".join(practice_link(p, here) for p in practices)]
            if below:
                lines += ["", f"下辖地区的做法：{len(below)} 项"]
            blocks.append("\n".join(lines))
            walk(place.id, depth + 1)

    walk(None, 2)
    return "\n\n".join(blocks)


def theme_list(store: Store, here: str) -> str:
    """One section per theme with its description and practices."""
    blocks = []
    for theme in store.themes.values():
        practices = "、".join(practice_link(p, here) for p in store.practices_with_theme(theme.id)) or "（暂无）"
        blocks.append(f"## {md(theme.name)} {{#{theme.id}}}\n\n{md(theme.description)}\n\n做法：{practices}")
    return "\n\n".join(blocks)


def glossary(store: Store) -> str:
    """Every term with its definition, sorted as in the data file."""
    blocks = []
    for term in store.terms.values():
        aliases = f"（又作{md('、'.join(term.aliases))}）" if term.aliases else ""
        blocks.append(f"## {md(term.term)} {{#{term.id}}}\n\n{aliases}{md(term.definition)}")
    return "\n\n".join(blocks)
