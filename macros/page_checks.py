"""Rules for the pages under docs/, which editors write by hand: said at `make check` with `path:line`.

- Template syntax: pages are never compiled as templates (macros/expand.py), so anything but a simple
  call of a known macro would stop the build.
- Markup that runs: a script, a frame, an event-handler attribute (also through an attribute list
  `{: onclick=… }`) or a `javascript:` link in the prose. Markdown passes raw HTML through, and the
  reader's browser would run it.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterator
from pathlib import Path

from .expand import CALL, TEMPLATE_RULE, TEMPLATE_SYNTAX
from .problems import Problem

# Each pattern matches markup, not text about it: escaped text (&lt;script&gt;, \[x\](…), &#123;: … &#125;) is shown
# as written and is left alone.
_SCHEME = r"(javascript|vbscript|data)\s*:"
RUNNABLE = [
    (re.compile(r"<\s*(script|iframe|frame|object|embed|base|meta)\b", re.I), "不允许 <{0}> 标签：脚本和嵌入内容会在读者的浏览器中运行"),
    # in a tag, or in an attribute list {: … } / { … }
    (re.compile(r"(?:<[a-z][^>]*|\{[^}\n]*)\s(on[a-z]{3,})\s*=|\{:?\s*(on[a-z]{3,})\s*=", re.I),
     "不允许事件属性（{0}）：它会在读者的浏览器中运行脚本"),
    # a Markdown link or image target, an autolink, or a URL attribute
    (re.compile(rf"(?<!\\)\]\(\s*<?\s*{_SCHEME}|<\s*{_SCHEME}|\b(?:href|src|action|formaction|xlink:href)\s*=\s*[\"']?\s*{_SCHEME}", re.I),
     "不允许 {0}: 链接：它会在读者的浏览器中运行脚本"),
]


def template_problems(markdown: str, known: Container[str]) -> Iterator[tuple[int, str]]:
    """(line, message) for each `{{`, `{%` or `{#` that is not a simple call of a known macro."""
    for number, line in enumerate(markdown.splitlines(), 1):
        for match in CALL.finditer(line):
            if match[1] not in known:
                yield number, f"未知的宏 {match[1]}()"
        marked = CALL.sub("\0", line)
        if any(marker in marked for marker in TEMPLATE_SYNTAX) or "{\0" in marked:
            yield number, TEMPLATE_RULE


def runnable_markup(markdown: str) -> list[tuple[int, str]]:
    """(line, message) for each piece of markup that would run in a reader's browser (a tag may span lines)."""
    found = []
    for pattern, message in RUNNABLE:
        for match in pattern.finditer(markdown):
            line = markdown.count("\n", 0, match.start()) + 1
            found.append((line, message.format(next(group for group in match.groups() if group).lower())))
    return sorted(found)


def page_problems(root: Path, known: Container[str]) -> list[Problem]:
    """Every problem of every page under docs/ (generated pages included: they are checked the same way)."""
    problems = []
    for path in sorted((root / "docs").rglob("*.md")):
        rel = path.relative_to(root).as_posix()
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            problems.append(Problem(rel, 1, "", f"无法读取: {error}"))
            continue
        found = [*template_problems(text, known), *runnable_markup(text)]
        problems += [Problem(rel, line, "", message) for line, message in found]
    return problems
