"""一眼看懂: the top of a practice page (a facts line and the `kb-glance` box), and the home page's problem grid.

Everything here comes from data and is escaped with md(); the box is HTML with Markdown inside (md_in_html), so
that MkDocs still turns the .md links into page URLs.
"""

from __future__ import annotations

from ..models import Metric, Practice
from ..page_kinds import SOURCE, sheet_file
from ..store import Store
from .cards import EVIDENCE_ANCHOR, period, place_link, place_path, practice_link, theme_link
from .text import anchor_page, format_figure, md, relative_link

NO_FIGURES = "报道未给出成效数字"
NOT_CHECKED = "内容尚未与报道逐句核对"
PROBLEM_ANCHOR = "problem-"  # + a problem's id: its card on the home page


def problem_anchor(id_: str) -> str:
    return PROBLEM_ANCHOR + id_


def figure(metric: Metric, practice: Practice, store: Store, here: str) -> str:
    """**468个** 已完工老旧小区 出处: the figure as printed, what it counts, and a link to its report."""
    source = store.source(metric.source)
    link = relative_link(here, SOURCE.page(source.id))
    title = md(f"{source.title} · {metric.locator}")
    return f'**{md(format_figure(metric))}** {md(metric.label)} [出处]({link} "{title}")'


def checked_note(practice: Practice) -> str:
    """内容已与报道核对：2026-12 — when an editor last read the page and its data against the reports, to the month."""
    if not practice.checked:
        return NOT_CHECKED
    return "内容已与报道核对：" + "-".join(practice.checked.split("-")[:2])


def facts_line(practice: Practice, store: Store, here: str) -> str:
    """地区 · 时间 · 主题 · 又称 · 回应的问题, on one line above the box."""
    places = "、".join([place_path(store, practice.place, here)] + [place_link(store.place(id_), here) for id_ in practice.also_at])
    parts = [
        f"**地区** {places}",
        f"**时间** {md(period(practice))}",
        "**主题** " + "、".join(theme_link(store.theme(t), here) for t in practice.themes),
    ]
    if practice.aliases:
        parts.append(f"**又称** {md('、'.join(practice.aliases))}")
    concerns = store.concerns_of(practice.id)
    if concerns:
        links = (f"[{md(c.name)}]({relative_link(here, anchor_page('index.md', problem_anchor(c.id)))})" for c in concerns)
        parts.append("**回应的问题** " + "、".join(links))
    return '<p class="kb-facts" markdown="span">' + " · ".join(parts) + "</p>"


def glance_box(practice: Practice, store: Store, here: str, changed: str = "") -> str:
    """The answer in 30 seconds: problem, steps, headline figures, fits / does not fit, inputs, evidence."""
    g = practice.glance
    by_id = {m.id: m for m in practice.metrics}
    steps = "\n".join(f"{i}. {md(step)}" for i, step in enumerate(g.steps, 1))
    results = "\n".join(f"- {figure(by_id[id_], practice, store, here)}" for id_ in g.headline) or f"- {NO_FIGURES}"
    inputs = "；".join(figure(by_id[id_], practice, store, here) for id_ in g.inputs)
    right = [f"**主要成效**\n\n{results}", f"**适合**　{md(g.fits)}", f"**不太适合**　{md(g.not_fits)}"]
    if inputs:
        right.append(f"**需要投入**　{inputs}")
    evidence = [
        f"[{len(practice.metrics)} 个数字](#成效)" if practice.metrics else "没有数字",
        f"出自 {len(practice.sources)} 篇报道",
        "未经独立核实",
        checked_note(practice),
        f"[证据说明](#{EVIDENCE_ANCHOR})",
        f"[打印案例单页（A4）]({relative_link(here, sheet_file(practice.id))})",
    ]
    if changed:
        evidence.insert(4, md(changed))
    return (
        '<div class="kb-glance" markdown="block">\n'
        '<div class="kb-glance__how" markdown="block">\n\n'
        f"**针对问题**　{md(practice.problem)}\n\n**怎么做**\n\n{steps}\n\n"
        "</div>\n"
        '<div class="kb-glance__result" markdown="block">\n\n'
        + "\n\n".join(right)
        + "\n\n</div>\n"
        f'<p class="kb-glance__evidence" markdown="span">{" · ".join(evidence)}</p>\n'
        "</div>"
    )


def practice_header(practice: Practice, store: Store, here: str, changed: str = "") -> str:
    """The top of a practice page: all of it from data, none typed in the prose; `changed` says when its facts and
    text last changed (macros/render/changes.py), left out where there is no history."""
    return facts_line(practice, store, here) + "\n\n" + glance_box(practice, store, here, changed)


def problem_grid(store: Store, here: str) -> str:
    """我遇到的问题是……: one card per problem of data/problems.yaml, each linking the practices that answer it."""
    cards = []
    for concern in store.concerns.values():
        links = " · ".join(practice_link(store.practice(id_), here) for id_ in concern.practices)
        cards.append(
            f'<div class="kb-problem" id="{problem_anchor(concern.id)}" markdown="block">\n\n'
            f'**{md(concern.name)}**\n{{: .kb-problem__name }}\n\n'
            f'{md(concern.hint)}\n{{: .kb-problem__hint }}\n\n'
            f"{links}\n\n</div>"
        )
    return '<div class="kb-problems" markdown="block">\n' + "\n".join(cards) + "\n</div>"
