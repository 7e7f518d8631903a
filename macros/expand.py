"""Expanding a page's macro calls without compiling the page as a Jinja template.

mkdocs-macros compiles every page as a template: about 0.2 ms a page plus 0.1 ms for every
`{{ … }}`, more than our macros themselves take (see bench/). Our pages only ever call a macro
by name with string literals, `{{ metrics_table() }}` or `{{ compare('a', 'b') }}`, so such a
page is expanded here with the same result Jinja's default environment gives. A page with any
other template syntax gets None and is left to Jinja.
"""

from __future__ import annotations

import re
from collections.abc import Callable

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
