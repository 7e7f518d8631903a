"""Files the build reads that are derived from data/ or from the pinned theme.

- the jieba user dictionary (from data/), so that search keeps practice names whole;
- one page per place and per theme under docs/places/ and docs/themes/ (a title and a macro call);
- the `nav:` block of mkdocs.yml (from data/): practices grouped by district and street, so a
  new practice appears in the navigation without hand-editing, and `navigation.prune` keeps
  each page's navigation to its own branch;
- Material's search worker with its Chinese query segmentation fixed, and its bundle without
  CDN fallbacks (from the theme).

They are committed so that a plain `mkdocs build` finds them; `python -m macros sync`
rewrites them and `python -m macros check` reports them when stale.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

from markupsafe import escape

from .models import PlaceLevel
from .problems import DataError, Problem
from .render.cards import figures, place_search_terms
from .store import Store

JIEBA_USERDICT = "data/generated/jieba_userdict.txt"

_QUOTES = re.compile(r"[“”\"‘’'「」]")
_WORD = re.compile(r"^\w{2,}$")


def dictionary_words(store: Store) -> Iterator[str]:
    """Names a reader types that jieba must keep whole: practices, aliases, keywords, figures (299户),
    terms, places (and their short names), themes."""
    for p in store.practices.values():
        yield from (p.name, *p.aliases, *p.keywords, *figures(p))
    for t in store.terms.values():
        yield from (t.term, *t.aliases)
    yield from (name for p in store.places.values() for name in place_search_terms(p))
    yield from (t.name for t in store.themes.values())


def jieba_userdict(store: Store) -> str:
    """One word per line, sorted; jieba then suggests a frequency that keeps each word whole."""
    words = {_QUOTES.sub("", w) for w in dictionary_words(store)}
    return "".join(f"{w}\n" for w in sorted(w for w in words if _WORD.match(w)))


# Each patch: (folder under Material's templates/, file name pattern, [(exact text, replacement)]).
# The patched copy goes to the same path under overrides/, which MkDocs serves instead of the theme's.
NO_OP_SCRIPT = '"data:text/javascript,"'
THEME_PATCHES = [
    (
        "assets/javascripts/workers",
        r"search\.[0-9a-f]+\.min\.js",
        [
            # Material segments a Chinese query by looking up its substrings in the index, but its loop
            # stops one character short, so a whole indexed word (临时党支部) is never found and the query
            # falls apart into short prefixes (临时* 党*) that match almost every page. Let it reach the end.
            ("for(let o=s+1;o<t.length;o++)t.slice(s,o)in e&&(n[s]=o-s)", "for(let o=s+1;o<=t.length;o++)t.slice(s,o)in e&&(n[s]=o-s)"),
            # Material turns every query word into a prefix search (无主管楼院*), and a prefix matches longer words
            # too; a rarer longer tag (无主管楼院保洁, on one page) then outscores the exact word (on three), so
            # 无主管楼院 怎么管 put 创文创卫 first. Ask for each typed word and each of its segments exactly as
            # well (word^1), so an exact match counts twice and a prefix once. The typed word itself is asked for
            # only when the index has it (15分钟便民生活圈, a tag): Material lists every term that a result lacks
            # under 缺少. Leave out question words (怎么, 如何 …): they only match the 怎么做 heading of every page.
            # Words with query syntax (+ - : ^ ~ * ") stay as they were.
            (
                r'e=e.replace(new RegExp("\\p{sc=Han}+","gu"),s=>[...fe(s,this.index.invertedIndex)].join("* ")),',
                r'e=e.split(/\s+/).map(t=>{'
                r'let p=t.replace(new RegExp("\\p{sc=Han}+","gu"),s=>[...fe(s,this.index.invertedIndex)].join("* "));'
                r'if(!/^[\p{L}\p{N}%.]+$/u.test(t))return p;'
                r'let a=p.split(" ").map(w=>w.replace(/\*+$/,"")),'
                r'k=a.filter(w=>!/^(如何|怎么|怎样|怎么办|怎么样|为什么|为何|什么|哪些|咋)$/.test(w));'
                r'k=k.length?k:a;let x=t.toLowerCase()in this.index.invertedIndex&&!k.includes(t)?[t,...k]:k;'
                r'return x.map(w=>w+"^1").join(" ")+" "+k.join(" ")}).join(" "),',
            ),
            # The index keeps jieba's U+200B word boundaries in titles and text (lunr splits on them), and the
            # results carried them into the page: invisible, but copied along and read out by screen readers.
            # Strip them from the results once highlighting (which needs their positions) is done.
            (
                "return _({items:[...n.values()]},",
                "return _({items:[...n.values()].map(g=>g.map(d=>_(_({},d),{title:d.title.replace(/\\u200b/g,\"\"),"
                "text:d.text.replace(/\\u200b/g,\"\"),tags:d.tags&&d.tags.map(x=>x.replace(/\\u200b/g,\"\"))})))},",
            ),
        ],
    ),
    (
        "partials",
        r"search\.html",
        [
            # The search overlay is role="dialog" without a name, which screen readers announce as an
            # unnamed dialog (axe: aria-dialog-name, serious). Name it 搜索.
            ('<div class="md-search" data-md-component="search" role="dialog">',
             '<div class="md-search" data-md-component="search" role="dialog" aria-label="{{ lang.t(\'search\') }}">'),
        ],
    ),
    (
        "assets/javascripts",
        r"bundle\.[0-9a-f]+\.min\.js",
        [
            # The bundle would fetch these from a CDN that intranets cannot reach: a ResizeObserver
            # polyfill (only for browsers without ResizeObserver, which Material no longer supports)
            # and mermaid (only for diagrams, which this site does not enable). Load nothing instead.
            ('"https://unpkg.com/resize-observer-polyfill"', NO_OP_SCRIPT),
            ('"https://unpkg.com/mermaid@11/dist/mermaid.min.js"', NO_OP_SCRIPT),
        ],
    ),
]


def patched_theme_file(folder: str, pattern: str, patches: list[tuple[str, str]]) -> tuple[str, str]:
    """(path under overrides/, text) of one of Material's files with the patches applied; each must match once."""
    source = files("material") / "templates" / folder
    names = [f.name for f in source.iterdir() if re.fullmatch(pattern, f.name)]
    if len(names) != 1:
        raise RuntimeError(f"expected one {pattern} in Material's {folder}, found {names}")
    text = (source / names[0]).read_text(encoding="utf-8")
    for old, new in patches:
        if text.count(old) != 1:
            raise RuntimeError(f"Material's {names[0]} changed: re-check the patch {old[:40]}… in macros/generated.py")
        text = text.replace(old, new)
    return f"overrides/{folder}/{names[0]}", text


MKDOCS_YML = "mkdocs.yml"
NAV_BEGIN = "# --- nav: generated by `python -m macros sync` from data/ (practices grouped by place); edit the data, not this block ---\n"
NAV_END = "# --- end of generated nav ---\n"
NAV_HEAD = ["  - 首页: index.md", "  - 找做法: finder.md", "  - 做法:", "      - practices/index.md"]
NAV_TAIL = [
    "  - 浏览:",
    "      - 地区: places/index.md",
    "      - 主题: themes/index.md",
    "      - 数字对比: compare.md",
    "      - 术语表: glossary.md",
    "      - 数据下载: downloads.md",
    "  - 来源: sources.md",
]


def _yaml_label(text: str) -> str:
    """A nav section title from data, as a YAML string. Material prints nav titles into HTML as they are,
    so the text is HTML-escaped first; JSON's string syntax is valid YAML and leaves nothing unquoted."""
    return json.dumps(str(escape(text)), ensure_ascii=False)


AT_DISTRICT = "区级"  # practices located at a district itself (or at a compound placed in no street)


@dataclass
class NavGroup:
    """One section of the 做法 navigation: sub-sections by place, then the pages located right here."""

    label: str
    groups: dict[str, NavGroup] = field(default_factory=dict)
    pages: list[str] = field(default_factory=list)


def nav_tree(store: Store) -> NavGroup:
    """Practices by 市 → 区县 → 街道, in the order of places.yaml; a section holding nothing but one
    sub-section is merged into it (南阳市 › 高新区 › 张衡街道 becomes 南阳市高新区张衡街道), so every
    level shows real choices and no page carries a long flat list (see navigation.prune)."""
    order = {id_: i for i, id_ in enumerate(store.places)}
    keyed = []
    for practice in store.practices.values():
        chain = store.place_chain(practice.place)
        levels = {p.level: p for p in chain}
        path = [levels.get(PlaceLevel.CITY), levels[PlaceLevel.COUNTY], levels.get(PlaceLevel.SUBDISTRICT)]
        key = tuple(order[p.id] if p else -1 for p in path)
        labels = [p.name for p in path[:2] if p] + [path[2].name if path[2] else AT_DISTRICT]
        keyed.append((key, labels, f"practices/{practice.id}.md"))
    root = NavGroup("做法")
    for _, labels, page in sorted(keyed, key=lambda k: k[0]):
        node = root
        for label in labels:
            node = node.groups.setdefault(label, NavGroup(label))
        node.pages.append(page)
    root.groups = {g.label: g for g in map(_merge_single, root.groups.values())}
    return root


def _merge_single(group: NavGroup) -> NavGroup:
    """The group with its own single-child chains merged (labels joined, 区级 adds nothing)."""
    group.groups = {g.label: g for g in map(_merge_single, group.groups.values())}
    if not group.pages and len(group.groups) == 1:
        (only,) = group.groups.values()
        label = group.label if only.label == AT_DISTRICT else group.label + only.label
        return NavGroup(label, only.groups, only.pages)
    return group


def _nav_lines(group: NavGroup, indent: int) -> list[str]:
    pad = " " * indent
    lines = []
    for sub in group.groups.values():
        lines.append(f"{pad}- {_yaml_label(sub.label)}:")
        lines += _nav_lines(sub, indent + 4)
    return lines + [f"{pad}- {page}" for page in group.pages]


def nav_block(store: Store) -> str:
    """The nav: 首页, 做法 (sections by place, see nav_tree), 浏览, 来源."""
    courses = ["  - 培训课程:", "      - courses/index.md", *(f"      - courses/{c}.md" for c in store.courses)]
    lines = ["nav:", *NAV_HEAD, *_nav_lines(nav_tree(store), 6), *courses]
    return NAV_BEGIN + "\n".join([*lines, *NAV_TAIL]) + "\n" + NAV_END


def mkdocs_yml(root: Path, store: Store) -> str:
    """mkdocs.yml with its generated nav block replaced (the block must be there, between its markers)."""
    text = (root / MKDOCS_YML).read_text(encoding="utf-8")
    head, begin, rest = text.partition(NAV_BEGIN)
    _, end, tail = rest.partition(NAV_END)
    if not begin or not end:
        message = f"生成导航的标记行缺失，请恢复这两行（中间的内容由 make sync 生成）:\n{NAV_BEGIN}{NAV_END}".rstrip()
        raise DataError([Problem(MKDOCS_YML, 1, "nav", message)])
    return head + nav_block(store) + tail


# One page per place, theme and course: nothing but an id and a macro call, so they are generated (and
# removed when their entry leaves the data) rather than kept by hand. No value from the data is written
# here: the macro renders the page, H1 included (escaped like every value), and MkDocs takes the title
# from that leading H1.
ENTITY_FOLDERS = ("docs/places", "docs/themes", "docs/courses")
ENTITY_PAGE = """---
# generated by `python -m macros sync` from data/; edit the data, not this file
{key}: {id}
---
{{{{ {macro}() }}}}
"""


def entity_pages(store: Store) -> dict[str, str]:
    """docs/places/<id>.md and docs/themes/<id>.md -> text."""
    pages = {}
    for place in store.places.values():
        pages[f"docs/places/{place.id}.md"] = ENTITY_PAGE.format(key="place", id=place.id, macro="place_details")
    for theme in store.themes.values():
        pages[f"docs/themes/{theme.id}.md"] = ENTITY_PAGE.format(key="theme", id=theme.id, macro="theme_details")
    for course in store.courses.values():
        pages[f"docs/courses/{course.id}.md"] = ENTITY_PAGE.format(key="course", id=course.id, macro="course_details")
    return pages


def orphan_pages(root: Path, store: Store) -> list[str]:
    """Generated entity pages whose place or theme is no longer in the data."""
    expected = entity_pages(store)
    return sorted(
        path.relative_to(root).as_posix()
        for folder in ENTITY_FOLDERS
        for path in (root / folder).glob("*.md")
        if path.name != "index.md" and path.relative_to(root).as_posix() not in expected
    )


def generated_files(root: Path, store: Store) -> dict[str, str]:
    """Every generated file: path relative to the project root -> expected text."""
    return dict(
        [
            (JIEBA_USERDICT, jieba_userdict(store)),
            (MKDOCS_YML, mkdocs_yml(root, store)),
            *entity_pages(store).items(),
            *(patched_theme_file(*patch) for patch in THEME_PATCHES),
        ]
    )


def stale(root: Path, store: Store) -> list[Problem]:
    """A Problem for each generated file that does not match the data, or whose entry left the data."""
    outdated = [
        Problem(path, 1, "", "已过期或缺失：运行 python -m macros sync（或 make sync）重新生成")
        for path, text in generated_files(root, store).items()
        if not (root / path).exists() or (root / path).read_text(encoding="utf-8") != text
    ]
    gone = "数据中已没有这一项：运行 python -m macros sync（或 make sync）删除"
    orphans = [Problem(path, 1, "", gone) for path in orphan_pages(root, store)]
    return outdated + orphans


def write(root: Path, store: Store) -> list[str]:
    """Rewrite the generated files that changed and remove orphaned entity pages; return their paths."""
    expected = generated_files(root, store)  # first: nothing is removed if it cannot be made
    changed = []
    for path in orphan_pages(root, store):
        (root / path).unlink()
        changed.append(path)
    for path, text in expected.items():
        target = root / path
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed
