"""Expanding a page's macro calls without compiling the page as a Jinja template.

mkdocs-macros compiles every page as a template: about 0.2 ms a page plus 0.1 ms for every
`{{ … }}`, more than our macros themselves take (see bench/). Our pages only ever call a macro
by name with string literals, `{{ metrics_table() }}` or `{{ compare('a', 'b') }}`, so such a
page is expanded here with the same result Jinja's default environment gives. No page is ever
compiled as a template: front matter and data are untrusted, and Jinja would run what they hold.
A page with any other template syntax gets None, and the build stops naming it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from markupsafe import escape

_STRING = r"""'[^'\\\n]*'|"[^"\\\n]*\""""  # a literal without escapes: its text is what lies between the quotes
CALL = re.compile(rf"\{{\{{\s*([A-Za-z_]\w*)\(\s*((?:{_STRING})(?:\s*,\s*(?:{_STRING}))*)?\s*\)\s*\}}\}}")
_ARGUMENT = re.compile(_STRING)
TEMPLATE_SYNTAX = ("{{", "{%", "{#")


def expand_calls(markdown: str, call: Callable[[str, list[str]], object]) -> str | None:
    """The page with every simple macro call replaced by `str(call(name, arguments))`; None if the page
    holds any other template syntax (a variable, a filter, a block, a comment) or a carriage return."""
    if "\r" in markdown:  # Jinja rewrites line endings; not worth copying
        return None
    if markdown.endswith("\n"):  # Jinja drops one trailing newline of the template (keep_trailing_newline=False)
        markdown = markdown[:-1]
    calls_marked = CALL.sub("\0", markdown)
    # "{{{ f() }}" is a different thing to Jinja, which reads a template from the first "{{" on
    if any(marker in calls_marked for marker in TEMPLATE_SYNTAX) or "{\0" in calls_marked:
        return None
    return CALL.sub(lambda match: str(call(match[1], [literal[1:-1] for literal in _ARGUMENT.findall(match[2] or "")])), markdown)


TEMPLATE_RULE = "页面中只允许这样调用宏：{{ 宏名() }} 或 {{ 宏名('id') }}；其他模板写法（变量、过滤器、{% %}、{# #}）不会执行，请删去"


def escaped_meta(value: Any) -> Any:
    """Front matter with every string HTML-escaped (in lists and mappings too). The theme prints page titles,
    descriptions and search tags into HTML as they are; escaped text shows as written. Plain strings come
    back (a Markup id would escape whatever it is joined with)."""
    if isinstance(value, str):
        return str(escape(value))
    if isinstance(value, list):
        return [escaped_meta(v) for v in value]
    if isinstance(value, dict):
        return {k: escaped_meta(v) for k, v in value.items()}
    return value

