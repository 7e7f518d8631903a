"""Citations of the newspaper reports."""

from __future__ import annotations

from ..models import Practice, Source
from ..page_kinds import SOURCE
from ..store import Store
from .cards import EVIDENCE_NOTE, not_indexed, place_path, practice_link
from .order import pinyin_key
from .text import code, md, relative_link


def citation_text(source: Source) -> str:
    """One full citation line as plain text: reporters, headline, outlet, date."""
    people = "记者 " + "、".join(source.reporters)
    if source.correspondents:
        people += "；通讯员 " + "、".join(source.correspondents)
    title = source.title + (f"——{source.subtitle}" if source.subtitle else "")
    outlet = source.outlet or "报纸名称原文未注明"
    return f"{people}：《{title}》，{outlet}，{source.date_note}。"


def citation(source: Source) -> str:
    """The citation line for a page, escaped."""
    return md(citation_text(source))


def source_refs(practice: Practice, store: Store, here: str) -> str:
    """The 来源 section of a practice page (not indexed: the same citation stands on every page of a report), and the
    way to send in a correction or a new practice."""
    return not_indexed(
        "\n".join(
            f"1. {citation(store.source(s))} [来源详情]({relative_link(here, SOURCE.page(s))})" for s in practice.sources
        )
        + f"\n\n发现错误，或知道新的做法？请见[投稿与更正]({relative_link(here, 'contribute.md')})。"
    ) + "\n\n" + EVIDENCE_NOTE


def source_list(store: Store, here: str) -> str:
    """The sources index: one line per report (its page, date and how many practices come from it), newest first,
    so that it stays one page however many reports there are."""
    lines = []
    for s in sorted(store.sources.values(), key=lambda s: (-(s.year or 0), pinyin_key(s.title), s.title)):
        count = len(store.practices_citing(s.id))
        lines.append(f"- [{md(s.title)}]({relative_link(here, SOURCE.page(s.id))})：{md(s.date_note)}；据此整理做法 {count} 项")
    return "\n".join(lines)


def source_details(source: Source, store: Store, here: str) -> str:
    """One report's page: its full citation, the places it covers, its subheadings (where each figure is located),
    the file it was read from, and the practices taken from it."""
    places = "、".join(place_path(store, p, here) for p in source.places)
    practices = "、".join(practice_link(p, here) for p in store.practices_citing(source.id)) or "（尚未整理）"
    sections = "；".join(md(x) for x in source.sections)
    return (
        f"# {md(source.title)}\n\n{citation(source)}\n\n"
        f"- **地区**：{places}\n- **原文小标题**：{sections}\n"
        f"- **原始文本**：{code(source.file)}\n- **据此整理的做法**：{practices}"
    )
