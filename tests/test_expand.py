"""Macro calls expanded without Jinja give what Jinja gives, and anything else is left to Jinja."""

from __future__ import annotations

import jinja2
import pytest

from macros import _with_page
from macros.checks import build_store
from macros.expand import expand_calls
from macros.page_macros import page_macros, page_stub
from macros.yaml_files import read_front_matter

from .conftest import ROOT


def echo(name: str, arguments: list[str]) -> str:
    return f"<{name}|{'|'.join(arguments)}>\n"


def jinja(template: str) -> str:
    """What mkdocs-macros renders: Jinja's default environment with the macros as globals."""
    environment = jinja2.Environment(undefined=jinja2.StrictUndefined)
    environment.globals.update({name: (lambda *a, name=name: echo(name, list(a))) for name in ("f", "g", "place_details")})
    return environment.from_string(template).render()


@pytest.mark.parametrize(
    "template",
    [
        "# 标题\n\n{{ f() }}\n",
        "{{ f() }}",
        "{{f()}}\n\n",
        "前{{ f() }}{{ g() }}后\n",
        "{{ place_details('ruhelu-jiedao') }}\n",
        '{{ g("a", \'b c\' ,"中文") }}\n',
        "{{ f('}}') }} and } or }} in text\n",
        "{ f() } {{ f( ) }}\n",
        "no calls at all\n",
        "",
    ],
)
def test_simple_calls_expand_as_jinja_renders_them(template: str) -> None:
    assert expand_calls(template, echo) == jinja(template)


@pytest.mark.parametrize(
    "template",
    [
        "{{ page.title }}\n",  # a variable
        "{{ f(page.meta.place) }}\n",  # an argument that is not a literal
        "{{ f() | upper }}\n",  # a filter
        "{{- f() }}\n",  # whitespace control
        "{{ f() -}}\n",
        "{% if x %}{{ f() }}{% endif %}\n",  # a block
        "{# a comment #}{{ f() }}\n",
        "{{{ f() }}\n",  # Jinja reads from the first {{
        "{{ f('it\\'s') }}\n",  # an escape inside a literal
        "{{ f() }}\r\n",  # line endings Jinja rewrites
    ],
)
def test_any_other_template_syntax_is_left_to_jinja(template: str) -> None:
    assert expand_calls(template, echo) is None


def test_every_page_of_the_site_expands_exactly_as_jinja_renders_it() -> None:
    """The real pages with the real macros and data: expansion and Jinja give the same Markdown."""
    store = build_store(ROOT)
    macros = page_macros(store)
    environment = jinja2.Environment(undefined=jinja2.StrictUndefined)
    environment.globals.update({name: _with_page(function) for name, function in macros.items()})
    expanded = 0
    for path in sorted((ROOT / "docs").rglob("*.md")):
        here = path.relative_to(ROOT / "docs").as_posix()
        meta, body = read_front_matter(path)
        page = page_stub(here, meta)
        result = expand_calls(body, lambda name, arguments, page=page: macros[name](page, *arguments))
        assert result is not None, f"{here}: not expanded"
        assert result == environment.from_string(body).render(page=page), here
        expanded += "{{" in body
    assert expanded > 80  # practices, places, themes, courses and the listings
