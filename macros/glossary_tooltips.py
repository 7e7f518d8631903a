"""Python-Markdown extension: the first mention of each glossary term on a page gets a tooltip.

Markdown's own `abbr` extension only matches between word boundaries (`\\b`), and Chinese has
none between characters, so 三会一课 inside a sentence would never match. This does the same
job for Chinese text: the term's first occurrence on a page becomes <abbr title="definition">,
which Material shows as a tooltip (feature content.tooltips). Headings, links, code and form labels are left
alone. Terms come from data/glossary.yaml (validated by macros.checks), so the tooltips follow
the glossary without a hand-kept abbreviations file.

Enable with `markdown_extensions: [macros.glossary_tooltips]`; the project root is the
working directory, as for the build itself.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Mapping
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from .loading import load_terms

SKIP_TAGS = frozenset({"a", "abbr", "code", "pre", "kbd", "script", "style", "label", "legend", "h1", "h2", "h3", "h4", "h5", "h6"})


# The last glossary compiled, with its titles and matcher: one slot, so `mkdocs serve` holds no old glossaries
_COMPILED: list[tuple[Mapping[str, Any], dict[str, str], re.Pattern[str] | None]] = []


def _compiled(terms: Mapping[str, Any]) -> tuple[dict[str, str], re.Pattern[str] | None]:
    """Titles and matcher for one loaded glossary, built once: load_terms returns the same object until the file changes."""
    if not _COMPILED or _COMPILED[0][0] is not terms:
        titles = {spelling: f"{t.term}：{t.definition}" for t in terms.values() for spelling in (t.term, *t.aliases)}
        # longest spelling first, so a longer term wins over a term it contains
        pattern = re.compile("|".join(re.escape(t) for t in sorted(titles, key=len, reverse=True))) if titles else None
        _COMPILED[:] = [(terms, titles, pattern)]
    return _COMPILED[0][1], _COMPILED[0][2]


class GlossaryTreeprocessor(Treeprocessor):
    """Wraps the first occurrence of each term (any spelling) in <abbr title=…>, in document order."""

    def __init__(self, md: Markdown, titles: dict[str, str], pattern: re.Pattern[str] | None):
        super().__init__(md)
        self.titles = titles
        self.pattern = pattern

    def run(self, root: etree.Element) -> None:
        if self.pattern is not None:
            self._walk(root, set())

    def _walk(self, element: etree.Element, seen: set[str]) -> None:
        if element.tag in SKIP_TAGS:
            return
        children = list(element)
        element.text, marked = self._mark(element.text, seen)
        for i, node in enumerate(marked):
            element.insert(i, node)
        position = len(marked)  # where the next original child sits
        for child in children:
            if self._new_terms_in(child, seen):
                self._walk(child, seen)
            position += 1
            child.tail, after = self._mark(child.tail, seen)
            for node in after:
                element.insert(position, node)
                position += 1

    def _new_terms_in(self, element: etree.Element, seen: set[str]) -> bool:
        """Whether any term not yet seen occurs in the element's text: one search (itertext is C code) that
        spares walking the many blocks, tables and cards holding no new term."""
        return not {self.titles[t] for t in self.pattern.findall("".join(element.itertext()))} <= seen

    def _mark(self, text: str | None, seen: set[str]) -> tuple[str | None, list[etree.Element]]:
        """Split `text` at first occurrences: (text before the first, [abbr elements each carrying the text after it])."""
        if not text:
            return text, []
        head, nodes, last = None, [], 0
        for match in self.pattern.finditer(text):
            title = self.titles[match.group(0)]
            if title in seen:
                continue
            seen.add(title)
            before = text[last : match.start()]
            if nodes:
                nodes[-1].tail = (nodes[-1].tail or "") + before
            else:
                head = before
            abbr = etree.Element("abbr", {"title": title})
            abbr.text = match.group(0)
            nodes.append(abbr)
            last = match.end()
        if not nodes:
            return text, []
        nodes[-1].tail = text[last:]
        return head, nodes


class GlossaryExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # after inline processing (20), so the text is final; before toc (5) is irrelevant: headings are skipped
        md.treeprocessors.register(GlossaryTreeprocessor(md, *_compiled(load_terms())), "kb_glossary_tooltips", 6)


def makeExtension(**kwargs) -> GlossaryExtension:  # noqa: N802 - the name Python-Markdown looks for
    return GlossaryExtension(**kwargs)
