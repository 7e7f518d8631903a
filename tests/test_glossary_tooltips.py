"""The glossary tooltip extension: first mention only, never in headings, links or code."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest

from macros import glossary_tooltips


@pytest.fixture
def render(valid_project: Path, monkeypatch: pytest.MonkeyPatch):
    glossary = valid_project / "data" / "glossary.yaml"
    glossary.write_text(
        "terms:\n"
        "  - {id: lxyz, term: 两学一做, definition: 学党章党规、学系列讲话，做合格党员}\n"
        "  - {id: ldsq, term: 两断三清, aliases: [两段三清], definition: 断水断电<清>}\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(valid_project)  # the extension reads the project at the working directory, as the build does
    return lambda text: markdown.markdown(text, extensions=[glossary_tooltips.makeExtension()])


def test_first_mention_inside_chinese_text_gets_a_tooltip(render) -> None:
    html = render("坚持两学一做常态化，两学一做制度化。")
    assert html.count("<abbr") == 1
    assert '<abbr title="两学一做：学党章党规、学系列讲话，做合格党员">两学一做</abbr>常态化' in html


def test_aliases_share_the_term_and_titles_are_escaped(render) -> None:
    html = render("按照两段三清标准，即两断三清。")
    assert html.count("<abbr") == 1
    assert '<abbr title="两断三清：断水断电&lt;清&gt;">两段三清</abbr>' in html


def test_headings_links_and_code_are_left_alone(render) -> None:
    html = render("## 两学一做\n\n[两学一做](x.md) `两学一做`\n\n正文里的两学一做。")
    assert "<h2" in html and "<h2>两学一做</h2>" in html
    assert '<a href="x.md">两学一做</a>' in html and "<code>两学一做</code>" in html
    assert html.count("<abbr") == 1 and "正文里的<abbr" in html
