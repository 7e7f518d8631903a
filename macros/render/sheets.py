"""案例单页: one A4 page per practice for trainers to hand out, and the print view of the ones ticked on 找做法.

Each sheet is written twice, from one body: `sheets/<id>.html`, a page of its own (linked from the practice page,
printed from the browser or by `python -m macros pdf`), and `sheets/<id>.js`, which hands the same body to the
print view `sheets/print.html#pick=a,b` (a script loads from file://, where fetch does not). They are plain
files rather than MkDocs pages: 5,000 more pages through the theme would double the build. Every value is
escaped here, the one edge where data meets this HTML.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from markupsafe import Markup, escape

from ..models import Course, Metric, Practice, Term
from ..page_kinds import COURSE, PRACTICE, PRINT_VIEW, SHEETS_FOLDER, packet_file
from ..release import Release
from ..scripts import call, save_if_changed
from ..store import Store
from ..yaml_files import read_front_matter
from .cards import period
from .citations import citation_text
from .glance import NO_FIGURES, checked_note
from .order import in_chinese_order
from .text import format_figure

FOLDER = SHEETS_FOLDER  # in the site; beside the pages as docs/sheets/ (written by sync, not committed)
STYLESHEET = "../assets/stylesheets/kb-sheet.css"
SCRIPT = "../assets/javascripts/kb-sheets.js"
SITE = "基层治理实践知识库"  # as mkdocs.yml's site_name, which the site's own pages print
KEY_FIGURES = 4  # headline figures first, then the practice's other figures in data order
QUESTIONS = 3
COMPONENTS = 5

_QUESTION = re.compile(r"^\d+\.\s+(.+)$")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"\*\*|__")


def discussion_questions(root: Path, practice_id: str) -> list[str]:
    """The first questions of the page's 培训讨论题, as plain text (links read as their words on paper)."""
    path = root / "docs" / PRACTICE.page(practice_id)
    if not path.exists():
        return []
    _, body = read_front_matter(path)
    section = body.partition("## 培训讨论题")[2].split("\n## ", 1)[0]
    found = (_QUESTION.match(line.strip()) for line in section.splitlines())
    return [_EMPHASIS.sub("", _LINK.sub(r"\1", m.group(1))) for m in found if m][:QUESTIONS]


def key_figures(practice: Practice) -> list[Metric]:
    by_id = {m.id: m for m in practice.metrics}
    first = [by_id[id_] for id_ in practice.glance.headline]
    return (first + [m for m in practice.metrics if m not in first])[:KEY_FIGURES]


def _list(tag: str, items: list[Markup]) -> Markup:
    return Markup(f"<{tag}>" + "".join(f"<li>{item}</li>" for item in items) + f"</{tag}>")


def sheet_body(practice: Practice, store: Store, questions: list[str]) -> str:
    """The sheet's <article>: name and place, the 一眼看懂 content, parts, key figures, questions, source, version."""
    g = practice.glance
    place = " › ".join(p.name for p in store.place_chain(practice.place)[1:])
    also = "、".join(store.place(id_).name for id_ in practice.also_at)
    where = place + (f"、{also}" if also else "")
    themes = "、".join(store.theme(t).name for t in practice.themes)
    by_id = {m.id: m for m in practice.metrics}

    def figure(m: Metric) -> Markup:
        return Markup("<strong>{}</strong> {}").format(format_figure(m), m.label)

    results = [figure(by_id[id_]) for id_ in g.headline] or [escape(NO_FIGURES)]
    parts: list[Markup] = [
        Markup(f'<header class="sheet__head"><p class="sheet__kicker">{SITE} · 案例单页</p>'
               "<h1>{}</h1><p class=\"sheet__meta\">{} · {} · {}</p></header>").format(practice.name, where, period(practice), themes),
        Markup('<section class="sheet__glance"><div>'
               "<h2>针对问题</h2><p>{}</p><h2>怎么做</h2>{}</div><div>"
               "<h2>主要成效</h2>{}<h2>适合</h2><p>{}</p><h2>不太适合</h2><p>{}</p>{}</div></section>").format(
            practice.problem, _list("ol", [escape(s) for s in g.steps]), _list("ul", results), g.fits, g.not_fits,
            Markup("<h2>需要投入</h2>") + _list("ul", [figure(by_id[id_]) for id_ in g.inputs]) if g.inputs else "",
        ),
        Markup("<h2>一句话概括</h2><p>{}</p>").format(practice.summary),
    ]
    if practice.components:
        items = [Markup("<strong>{}</strong>：{}").format(c.name, c.meaning) for c in practice.components[:COMPONENTS]]
        parts.append(Markup("<h2>做法要点</h2>") + _list("ul", items))
    elif practice.actors:
        items = [Markup("<strong>{}</strong>：{}").format(a.who, a.does) for a in practice.actors[:COMPONENTS]]
        parts.append(Markup("<h2>谁做什么</h2>") + _list("ul", items))
    figures = key_figures(practice)
    if figures:
        rows = "".join(
            Markup("<tr><td><strong>{}</strong></td><td>{}</td><td>{}</td></tr>").format(format_figure(m), m.label, m.locator)
            for m in figures
        )
        more = len(practice.metrics) - len(figures)
        note = Markup('<p class="sheet__note">另有 {} 个数字见网页版。</p>').format(more) if more > 0 else ""
        parts.append(Markup('<h2>关键数字</h2><table class="sheet__figures"><thead><tr><th>数字</th><th>指标</th>'
                            "<th>出处（报道小标题）</th></tr></thead><tbody>") + Markup(rows) + Markup("</tbody></table>") + note)
    if questions:
        parts.append(Markup("<h2>讨论题</h2>") + _list("ol", [escape(q) for q in questions]))
    sources = [escape(citation_text(store.source(s))) for s in practice.sources]
    parts.append(
        Markup('<footer class="sheet__foot"><p><strong>来源：</strong>{}</p>'
               "<p>数字按报道原文录入，未经独立核实；{}。网页版：{}</p></footer>").format(
            Markup("；").join(sources), checked_note(practice), PRACTICE.page(practice.id).removesuffix(".md") + "/"
        )
    )
    return str(Markup('<article class="sheet" id="sheet-{}">').format(practice.id) + Markup("").join(parts) + Markup("</article>"))


def css_string(text: str) -> str:
    """A CSS string literal: quotes, backslashes and line breaks escaped, `<` too (it stands inside <style>)."""
    return '"' + "".join(f"\\{ord(c):x} " if c in '"\\<>\n\r' else c for c in text) + '"'


def page(title: str, body: str, *, toolbar: str, release: Release) -> str:
    """A standalone page around sheets: the stylesheet, a toolbar the printout leaves out (with the version, as
    every page of the site shows it), the script; on paper the site, version and page number in every margin."""
    version = f"版本 {release.label} · 构建于 {release.build_date.isoformat()}"
    toolbar += f' <span class="sheet-toolbar__release">{escape(version)}</span>'
    margin = css_string(f"{SITE} · {version}")
    return (
        '<!doctype html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n"
        f'<link rel="stylesheet" href="{STYLESHEET}">\n<style>@page {{ @bottom-left {{ content: {margin}; }} }}</style>\n'
        "</head>\n<body>\n"
        f'<nav class="sheet-toolbar">{toolbar}</nav>\n<main class="sheets">\n{body}\n</main>\n'
        f'<script src="{SCRIPT}"></script>\n</body>\n</html>\n'
    )


PRINT_BUTTON = '<button type="button" class="sheet-toolbar__print">打印（A4）</button>'


def site_link(path: str, directory_urls: bool) -> str:
    """From sheets/ to a page of the site (`finder`, `practices/x`) in the build's URL style."""
    return f"../{path}/" if directory_urls else f"../{path}.html"


def terms_used(store: Store, texts: list[str]) -> list[Term]:
    """The glossary terms (by their name or an alias) that occur in these texts, in Chinese order."""
    joined = "\n".join(texts)
    used = [t for t in store.terms.values() if any(word in joined for word in (t.term, *t.aliases))]
    return in_chinese_order(used, lambda t: t.term)


def packet_body(course: Course, store: Store, root: Path, sheets: dict[str, str]) -> str:
    """学员版: the course at a glance (objectives, timetable, every question), the case sheets of its practices in
    the order first used, and the terms they use. One sheet a page; the cover and the terms flow."""
    used = list(dict.fromkeys(p for s in course.sessions for p in s.practices))
    total = sum(s.minutes for s in course.sessions)
    rows = Markup("").join(
        Markup("<tr><td>{}</td><td>{} 分钟</td><td>{}</td><td>{}</td></tr>").format(i, s.minutes, s.activity.value, s.title)
        for i, s in enumerate(course.sessions, 1)
    )
    questions = Markup("").join(
        Markup("<h3>第{}节　{}</h3>").format(i, s.title) + _list("ol", [escape(q) for q in s.questions])
        for i, s in enumerate(course.sessions, 1) if s.questions
    )
    cover = Markup(
        '<article class="sheet packet__cover"><header class="sheet__head">'
        f'<p class="sheet__kicker">{SITE} · 培训讲义（学员版）</p>'
        "<h1>{}</h1><p class=\"sheet__meta\">培训对象：{} · 共 {} 节，{} 分钟 · 本讲义含 {} 个案例</p></header>"
        "<h2>学习目标</h2>{}<h2>课程安排</h2><table class=\"sheet__figures\"><thead><tr><th>节</th><th>时长</th><th>形式</th>"
        "<th>内容</th></tr></thead><tbody>{}</tbody></table><h2>讨论题</h2>{}</article>"
    ).format(course.title, "、".join(course.audience), len(course.sessions), total, len(used),
             _list("ol", [escape(o) for o in course.objectives]), rows, questions or Markup("<p>本课没有列出讨论题。</p>"))
    texts = [store.practice(p).model_dump_json() for p in used]
    texts += [(root / "docs" / PRACTICE.page(p)).read_text(encoding="utf-8") for p in used if (root / "docs" / PRACTICE.page(p)).exists()]
    terms = terms_used(store, texts)
    glossary = Markup("")
    if terms:
        entries = Markup("").join(Markup("<dt>{}</dt><dd>{}</dd>").format(t.term, t.definition) for t in terms)
        glossary = Markup('<article class="sheet packet__terms"><h2>本讲义用到的术语</h2><dl>') + entries + Markup("</dl></article>")
    return str(cover + Markup("").join(Markup(sheets[p]) for p in used) + glossary)


def sheet_files(store: Store, root: Path, release: Release, directory_urls: bool = True) -> Iterator[tuple[str, str]]:
    """Every file of sheets/ as (name, text), one at a time (at 5,000 practices they are 10,000 files): one page
    and one script per practice, the print view, and each course's 学员版."""
    used = {p for course in store.courses.values() for s in course.sessions for p in s.practices}
    bodies = {}  # of the practices a course uses, for the 学员版
    for practice in store.practices.values():
        body = sheet_body(practice, store, discussion_questions(root, practice.id))
        if practice.id in used:
            bodies[practice.id] = body
        back = f'<a href="{site_link(f"{PRACTICE.folder}/{practice.id}", directory_urls)}">返回做法页面</a>'
        yield f"{practice.id}.html", page(f"{practice.name} · 案例单页", body, toolbar=f"{PRINT_BUTTON} {back}", release=release)
        yield f"{practice.id}.js", call("__kbSheet", [practice.id, body])
    yield PRINT_VIEW.removeprefix(f"{FOLDER}/"), page(
        "案例单页 · 打印所选",
        '<p class="sheets__empty">没有选中的做法：请在“找做法”中勾选“选入打印”。</p>',
        toolbar=f'{PRINT_BUTTON} <span class="sheet-toolbar__count"></span> '
        f'<a href="{site_link("finder", directory_urls)}">返回找做法</a>',
        release=release,
    )
    for course in store.courses.values():
        back = f'<a href="{site_link(f"{COURSE.folder}/{course.id}", directory_urls)}">返回课程页面</a>'
        yield packet_file(course.id).removeprefix(f"{FOLDER}/"), page(
            f"{course.title} · 学员版", packet_body(course, store, root, bodies), toolbar=f"{PRINT_BUTTON} {back}", release=release
        )


def write_sheets(store: Store, root: Path, release: Release, folder: Path | None = None, directory_urls: bool = True) -> list[str]:
    """Write the sheets into `folder` (docs/sheets/ by default) where their content changed, and drop the sheets of
    practices that are gone; say how many files were written."""
    folder = folder or root / "docs" / FOLDER
    names, changed = set(), 0
    for name, text in sheet_files(store, root, release, directory_urls):
        names.add(name)
        changed += len(save_if_changed(folder, name, text))
    for old in folder.glob("*"):
        if old.name not in names:
            old.unlink()
    shown = folder.relative_to(root).as_posix() if folder.is_relative_to(root) else str(folder)
    return [f"{shown}/ ({changed} 个文件)"] if changed else []
