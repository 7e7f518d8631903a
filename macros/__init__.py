"""mkdocs-macros glue: registers the site's macros. The only module that knows the engine.

Everything else (loading, validation, rendering) is plain Python in this package and
runs the same under MkDocs and Zensical.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from pathlib import Path

from jinja2 import pass_context

from .expand import TEMPLATE_RULE, escaped_meta, expand_calls
from .history import read_history
from .loading import freshen_pages, load_store
from .page_macros import page_macros
from .problems import DataError

_ABSENT = object()


class BuildStopped(Exception, SystemExit):
    """Bad data: exits `mkdocs build` with the report (status 1); `mkdocs serve` prints it and keeps serving.

    Both bases are deliberate: MkDocs' live-reload loop catches Exception and prints a SystemExit's
    message without a traceback, while a plain build exits with the message as a SystemExit does.
    """

    def __init__(self, report: str):
        super().__init__(report)
        self.code = report  # a string code: Python prints it to stderr and exits with status 1


def on_pre_page_macros(env) -> None:
    """The page's macro calls expanded by plain string work: no page is ever compiled as a Jinja template,
    so `{{ … }}` that reached a page from data or front matter never runs."""
    meta = env.page.meta
    # The theme prints front-matter values (title, description …) into HTML as they are: escaped once here, in
    # place, as mkdocs-macros reads the switch below from its own copy of the page, sharing this dict.
    meta.update(escaped_meta(meta))
    env.kb_switch = meta.get("render_macros", _ABSENT)
    if env.kb_switch is not False:  # False: the page asks for its text as written
        env.markdown = _expanded(env)
    meta["render_macros"] = False  # mkdocs-macros' own per-page switch: Jinja never renders a page or its title


def _expanded(env) -> str:
    """The page's Markdown with its macro calls replaced by their output; bad calls stop the build naming the page."""
    page = f"docs/{env.page.file.src_uri}"

    def call(name: str, arguments: list[str]) -> str:
        macro = env.kb_page_macros.get(name)
        if macro is None:
            raise BuildStopped(f"{page}: 未知的宏 {name}()；可用: {'、'.join(sorted(env.kb_page_macros))}")
        try:
            return macro(env.page, *arguments)
        except (KeyError, ValueError) as error:  # an unknown id, a page without the id a macro needs
            raise BuildStopped(f"{page}: {name}(): {error.args[0] if error.args else error}") from None

    expanded = expand_calls(env.markdown, call)
    if expanded is None:
        raise BuildStopped(f"{page}: {TEMPLATE_RULE}")
    return expanded


def on_post_page_macros(env) -> None:
    """Take back the switch set above, so that the theme sees the page's front matter as written."""
    if env.kb_switch is _ABSENT:
        del env.page.meta["render_macros"]
    else:
        env.page.meta["render_macros"] = env.kb_switch


def on_post_build(env) -> None:
    """Let the collector see the store again (an optimisation only: an engine without this hook builds the same)."""
    gc.unfreeze()


def define_env(env) -> None:
    """Register the macros; bad data stops the build here, before any page renders."""
    root = Path(env.project_dir)
    freshen_pages(root)  # a practice's data edited in `make serve FAST=1`: its page is rebuilt too
    try:
        store = load_store(root)
    except DataError as error:
        raise BuildStopped(error.report()) from None
    env.kb_store = store  # for on_pre_page_macros, which mkdocs-macros calls without a closure
    # The store is some hundred thousand objects that live as long as the build. Kept out of the cycle
    # collector's scans until on_post_build, they no longer slow every collection while pages render.
    gc.freeze()
    env.kb_page_macros = page_macros(store, read_history(root))
    for name, function in env.kb_page_macros.items():
        env.macro(_with_page(function), name)


def _with_page(function: Callable[..., str]) -> Callable[..., str]:
    """The Jinja macro for `function(page, *arguments)`: Jinja hands it the page being rendered."""

    @functools.wraps(function)
    def macro(context, *arguments: str) -> str:
        return function(context["page"], *arguments)

    return pass_context(macro)
