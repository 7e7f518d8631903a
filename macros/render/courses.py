"""Trainers' pages: course plans and side-by-side comparisons of practices."""

from __future__ import annotations

from ..models import Course, Practice
from ..page_kinds import COURSE, HANDOUT_EDITIONS, handout_file, packet_file
from ..store import Store
from .cards import headline, period, place_path, practice_link
from .charts import measure_comparison
from .tables import table
from .text import md, relative_link


def _duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{minutes} 分钟" + (f"（{hours} 小时{f' {rest} 分钟' if rest else ''}）" if hours else "")


def compare_practices(practices: list[Practice], store: Store, here: str) -> str:
    """One column per practice, one row per aspect: where, when, problem, targets, parts, a figure."""
    if not practices:
        return ""
    rows = [
        ("地区", lambda p: place_path(store, p.place, here)),
        ("时间", lambda p: md(period(p))),
        ("针对问题", lambda p: md(p.problem)),
        ("作用对象", lambda p: md("、".join(t.value for t in p.targets)) or "—"),
        ("主要环节", lambda p: md("、".join(c.name for c in p.components)) or "—"),
        ("代表数字", lambda p: md(headline(p)) or "报道未给出"),
    ]
    header = ["", *(practice_link(p, here) for p in practices)]
    return table(header, [[f"**{label}**", *(cell(p) for p in practices)] for label, cell in rows])


def handouts(course: Course, to_site_root: str, printed: bool) -> str:
    """The handouts line (left out in print: a printout need not point to itself). The PDFs are printed into the
    site by the build, so their links are plain HTML that MkDocs does not check; `printed` is False where no
    Chromium can print them, and the line says how to get them instead of linking files that do not exist."""
    packet = f'<a href="{to_site_root}{packet_file(course.id)}">学员版网页</a>'
    if printed:
        pdfs = "　".join(
            f'<a href="{to_site_root}{handout_file(course.id, edition)}" download>{label} PDF</a>'
            for edition, label in HANDOUT_EDITIONS.items()
        )
        line = f"{pdfs}（教师版即本页；学员版含本课的案例单页、讨论题和术语）　{packet}"
    else:
        line = (f"{packet}（案例单页、讨论题和术语，可用浏览器打印为 A4）。PDF 讲义由装有 Chromium 的机器在构建时生成"
                "（apt-get install chromium 后运行 make build）。")
    return f'<p class="kb-handouts"><strong>讲义</strong>：{line}</p>'


def course_details(course: Course, store: Store, here: str, to_site_root: str = "../../", printed: bool = True) -> str:
    """A course plan: audience, duration, objectives, the handouts, the timetable, each session, and a closing
    comparison; `to_site_root` is the way from this page's URL to the site root."""
    total = sum(s.minutes for s in course.sessions)
    parts = [
        f"# {md(course.title)}",
        f"- **培训对象**：{md('、'.join(course.audience))}\n- **总时长**：{_duration(total)}，共 {len(course.sessions)} 节",
        handouts(course, to_site_root, printed),
        "## 学习目标\n\n" + "\n".join(f"{i}. {md(o)}" for i, o in enumerate(course.objectives, 1)),
    ]
    timetable = []
    for i, s in enumerate(course.sessions, 1):
        used = "、".join(practice_link(store.practice(p), here) for p in s.practices) or "—"
        timetable.append([str(i), f"{s.minutes} 分钟", md(s.activity.value), md(s.title), used])
    parts.append("## 课程安排\n\n" + table(["节", "时长", "形式", "内容", "用到的做法"], timetable))
    for i, s in enumerate(course.sessions, 1):
        block = [f"### 第{i}节　{md(s.title)}\n\n{md(s.activity.value)}，{s.minutes} 分钟。" + (f"{md(s.notes)}" if s.notes else "")]
        if s.practices:
            block.append("\n".join(f"- {practice_link(p, here)}：{md(p.summary)}" for p in map(store.practice, s.practices)))
        if s.questions:
            block.append("讨论题：\n\n" + "\n".join(f"{k}. {md(q)}" for k, q in enumerate(s.questions, 1)))
        parts.append("\n\n".join(block))
    if course.compare:
        parts.append("## 对比：几种做法放在一起看\n\n" + compare_practices([store.practice(p) for p in course.compare], store, here))
    for key in course.measures:
        measure = store.measures[key]
        parts.append(f"### {md(measure.name)}\n\n{measure_comparison(measure, store, here)}")
    return "\n\n".join(parts)


def course_list(store: Store, here: str) -> str:
    """Every course with its audience, duration and number of practices used."""
    if not store.courses:
        return "_暂无课程。_"
    lines = []
    for c in store.courses.values():
        used = {p for s in c.sessions for p in s.practices}
        total = sum(s.minutes for s in c.sessions)
        lines.append(f"- **[{md(c.title)}]({relative_link(here, COURSE.page(c.id))})**：{md('、'.join(c.audience))}；"
                     f"{_duration(total)}；用到做法 {len(used)} 项")
    return "\n".join(lines)
